/**
 * Hostile and very large zips, run through the built CLI as a real process whose peak memory (max RSS)
 * is measured: every one must stay under 150 MB. Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { deflated, writeRawZip, type RawEntry } from './rawZip.js';
import { makeTempDir, useTempDir } from './zipKit.js';

const tmp = useTempDir();
const MAX_RSS_MB = 150;
const CHAT = '[14/03/2024, 09:05:41] Priya Shah: <attached: 00000001-PHOTO-2024-03-14-09-05-41.jpg>\n';

interface MeasuredRun {
  code: number;
  stderr: string;
  stdout: string;
  maxRssMb: number;
}

/**
 * Runs dist/cli.js; the child reports its own peak RSS (kilobytes) on exit, on a line of its own. It reads
 * VmHWM from /proc (Linux): getrusage's maxRSS would carry over this big test process's peak, as Linux
 * keeps it across fork and exec.
 */
function measured(argv: string[]): MeasuredRun {
  const peak = 'Number(/VmHWM:\\s*(\\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1])';
  const report = `import fs from "node:fs"; process.on("exit", () => process.stderr.write("\\nmaxRSS=" + ${peak} + "\\n"));`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(report)}`, CLI, ...argv], { encoding: 'utf8' });
  const match = /\nmaxRSS=(\d+)\n/.exec(r.stderr);
  if (match === null) throw new Error(`no maxRSS report; stderr: ${r.stderr}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.replace(match[0], ''), maxRssMb: Number(match[1]) / 1024 };
}

function* emptyEntries(count: number, nameLength = 7): Generator<RawEntry> {
  for (let i = 0; i < count; i++) yield { name: String(i).padStart(nameLength, '0') };
}

function importZip(zipPath: string): MeasuredRun {
  return measured(['--archive', path.join(tmp.dir, 'archive'), '--json', 'import', zipPath, '--tz', 'UTC']);
}

function mediaFiles(): string[] {
  const media = path.join(tmp.dir, 'archive', 'media');
  return fs.existsSync(media) ? (fs.readdirSync(media, { recursive: true }) as string[]) : [];
}

describe('hostile zips are refused in bounded memory (peak RSS under 150 MB)', { timeout: 120_000 }, () => {
  // Made once: the largest zips here take seconds to write on a busy machine.
  let many: { dir: string; cleanup: () => void };
  const manyZip = (count: number) => path.join(many.dir, `WhatsApp Chat - ${count}.zip`);
  beforeAll(() => {
    many = makeTempDir();
    for (const count of [500_000, 200_000]) writeRawZip(manyZip(count), emptyEntries(count));
  }, 120_000);
  afterAll(() => many.cleanup());

  it.each([500_000, 200_000])('refuses %i empty entries by the count in the end record', (count) => {
    const r = importZip(manyZip(count));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`holds ${count} files and folders, more than the 100000 this program accepts`);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('verify --bundle refuses 500,000 entries the same way', () => {
    const r = measured(['verify', '--bundle', manyZip(500_000)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds 500000 files and folders');
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('refuses a central directory larger than 32 MB before holding it', () => {
    const zipPath = path.join(tmp.dir, 'WhatsApp Chat - Names.zip');
    const comment = Buffer.alloc(65_000, 0x61); // file comments are in the directory only: a small zip, a large directory
    writeRawZip(zipPath, [...emptyEntries(600)].map((entry) => ({ ...entry, comment }))); // 600 × 65 kB: 39 MB
    const r = importZip(zipPath);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lists more than 32 MB of file names and details/);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('refuses 3,000 entries of 1 MiB from a 3.6 MB zip by the whole-zip ratio (each entry passes its own)', () => {
    const zipPath = path.join(tmp.dir, 'WhatsApp Chat - Bomb.zip');
    const mib = deflated('x', Buffer.alloc(1024 ** 2));
    function* entries(): Generator<RawEntry> {
      yield deflated('_chat.txt', Buffer.from(CHAT));
      for (let i = 0; i < 3000; i++) yield { ...mib, name: `${i}.jpg` };
    }
    writeRawZip(zipPath, entries());
    expect(fs.statSync(zipPath).size).toBeLessThan(4 * 1024 ** 2);
    const r = importZip(zipPath);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/would unpack from 3\.\d MB to 2\.9 GB, more than 200 times its size: a "zip bomb"/);
    expect(mediaFiles()).toEqual([]);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  });

  it('imports a 160 MB attachment by streaming it: the zip is never held in memory whole', () => {
    const zipPath = path.join(tmp.dir, 'WhatsApp Chat - Video.zip');
    const video = Buffer.alloc(160 * 1024 ** 2, 7); // stored, not deflated: its ratio is 1
    writeRawZip(zipPath, [deflated('_chat.txt', Buffer.from(CHAT)), { name: '00000001-PHOTO-2024-03-14-09-05-41.jpg', data: video }]);
    const r = importZip(zipPath);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).imports[0].media).toBe(1);
    const stored = mediaFiles().filter((name) => name.includes('/'));
    expect(stored).toHaveLength(1);
    expect(fs.statSync(path.join(tmp.dir, 'archive', 'media', stored[0]!)).size).toBe(video.length);
    expect(zlib.crc32(fs.readFileSync(path.join(tmp.dir, 'archive', 'media', stored[0]!)))).toBe(zlib.crc32(video));
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  });
});
