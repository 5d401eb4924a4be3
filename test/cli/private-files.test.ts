/** The archive and what wa-archive writes are its owner's alone, whatever the umask (here 022, the usual one). */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, tempDir, withoutTimes, type CliRun } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it)');
});

/** The built CLI under umask 022. */
function run022(argv: string[]): CliRun {
  const r = spawnSync('sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, CLI, ...argv], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: withoutTimes(r.stderr) };
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** A .txt export with two attachments beside it. */
function exportWithMedia(dir: string): string {
  writeFileSync(join(dir, 'IMG-1.jpg'), 'one');
  writeFileSync(join(dir, 'IMG-2.jpg'), 'two');
  return writeExport(dir, 'WhatsApp Chat with Priya.txt', androidExport(4, 0, (i) => ({ author: 'Priya', text: i < 2 ? `IMG-${i + 1}.jpg (file attached)` : `hello ${i}` })));
}

describe('modes under umask 022', () => {
  test('the folder and media/ are 0700; archive.db, its -wal and -shm, media files, exports and bundles 0600', () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    const imported = run022(['--archive', archive, '-q', 'import', exportWithMedia(dir)]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(mode(archive)).toBe(0o700);
    expect(mode(join(archive, 'media'))).toBe(0o700);
    const folders = readdirSync(join(archive, 'media'));
    expect(folders).toHaveLength(2);
    for (const folder of folders) {
      expect(mode(join(archive, 'media', folder))).toBe(0o700);
      for (const file of readdirSync(join(archive, 'media', folder))) expect(mode(join(archive, 'media', folder, file))).toBe(0o600);
    }
    expect(mode(join(archive, 'archive.db'))).toBe(0o600);

    // -wal and -shm exist while a connection is open; an import while one is writes through them.
    const reader = new Database(join(archive, 'archive.db'));
    reader.prepare('SELECT count(*) FROM chats').get(); // now the last to close is this connection
    try {
      const again = run022(['--archive', archive, '-q', 'import', writeExport(dir, 'WhatsApp Chat with Tom.txt', androidExport(3))]);
      expect(again.code, again.stderr).toBe(0);
      for (const file of ['archive.db', 'archive.db-wal', 'archive.db-shm']) expect([file, mode(join(archive, file))]).toEqual([file, 0o600]);
    } finally {
      reader.close();
    }

    for (const [format, name] of [['json', 'records.json'], ['html', 'page.html'], ['bundle', 'records.zip']]) {
      const out = join(dir, name!);
      const exported = run022(['--archive', archive, '-q', 'export', '--format', format!, '--chat', 'Priya', '--out', out]);
      expect(exported.code, exported.stderr).toBe(0);
      expect([name, mode(out)]).toEqual([name, 0o600]);
    }
  });

  test('verify warns about an archive others may read, and still succeeds', () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    expect(run022(['--archive', archive, '-q', 'import', exportWithMedia(dir)]).code).toBe(0);
    expect(run022(['--archive', archive, 'verify']).stderr).toBe('');
    chmodSync(archive, 0o755);
    chmodSync(join(archive, 'archive.db'), 0o644);
    const verified = run022(['--archive', archive, '-q', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stderr).toBe(
      // verify's own connection made -wal and -shm, with the database's mode.
      `warning: other users of this computer may read the archive: its folder (0755), archive.db (0644), archive.db-wal (0644) and 1 more\nhint: Make it yours alone: chmod -R go= ${JSON.stringify(archive)}\n`,
    );
    const status = run022(['--archive', archive, '-q', 'status']);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/^warning: other users of this computer may read the archive: its folder \(0755\)/);
  });
});

describe('--out', () => {
  test('a dangling symbolic link is an existing name: replaced only with --force', () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    expect(run022(['--archive', archive, '-q', 'import', exportWithMedia(dir)]).code).toBe(0);
    const out = join(dir, 'records.json');
    symlinkSync(join(dir, 'nowhere', 'target.json'), out);
    const refused = run022(['--archive', archive, 'export', '--format', 'json', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`wa-archive: "${out}" already exists\nhint: Choose another --out file, or add --force to replace it.\n`);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    const forced = run022(['--archive', archive, '-q', 'export', '--format', 'json', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(mode(out)).toBe(0o600);
  });
});
