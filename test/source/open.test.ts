import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../src/source/open.js';
import { ANDROID_TXT, buildZip, fixtureFiles, FIXTURES, useTempDir } from './zipKit.js';

const tmp = useTempDir();

// A run of imports keeps a variable pointing at its last source; a closed one must not hold its text (for a
// 1M-message export, 120 MB kept through the rest of the run: src/source/open.ts).
describe('a closed export lets go of its text', () => {
  it('for a .txt, a .zip and an unzipped folder', async () => {
    const zip = path.join(tmp.dir, 'WhatsApp Chat - Orders.zip');
    fs.writeFileSync(zip, buildZip(fixtureFiles('ios-export')));
    const folder = path.join(tmp.dir, 'WhatsApp Chat - Orders');
    fs.cpSync(path.join(FIXTURES, 'ios-export'), folder, { recursive: true });
    for (const exportPath of [path.join(FIXTURES, 'android-export', ANDROID_TXT), zip, folder]) {
      const source = await openExport(exportPath);
      expect(source.chatText.text.length).toBeGreaterThan(0);
      source.close();
      expect(source.chatText.text).toBe('');
    }
  });
});

describe('a large closed export', () => {
  // First in the file: V8's gc is looked up once a process, by the first large export closed.
  it("leaves V8's flags as they were, so that the code cache made by this run is good for the next", async () => {
    const file = path.join(tmp.dir, 'WhatsApp Chat with Big.txt');
    fs.writeFileSync(file, `${'x'.repeat(1 << 24)}\n`);
    // A tag of the V8 version and flags: a code cache is refused by a V8 whose tag differs (src/cli/bin.ts).
    const tag = v8.cachedDataVersionTag();
    const source = await openExport(file);
    source.close();
    expect(v8.cachedDataVersionTag()).toBe(tag);
  });

  it('is freed from the heap when closed, not at some later collection', async () => {
    const file = path.join(tmp.dir, 'WhatsApp Chat with Big.txt');
    fs.writeFileSync(file, `${'x'.repeat(1 << 24)}\n`);
    const source = await openExport(file);
    expect(source.chatText.text.length).toBe((1 << 24) + 1);
    const open = process.memoryUsage().heapUsed;
    source.close();
    expect(source.chatText.text).toBe('');
    expect(open - process.memoryUsage().heapUsed).toBeGreaterThan(12 * 2 ** 20);
  });
});
