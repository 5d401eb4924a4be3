// npm run demo: imports the bundled sample exports into a throwaway archive and shows what was archived.
import AdmZip from 'adm-zip';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'wa-archive-demo-'));
const archive = join(work, 'archive');
const android = 'fixtures/sample/WhatsApp Chat with Priya Shah.txt';
const iosZip = join(work, 'WhatsApp Chat - Orders.zip');
const zip = new AdmZip();
zip.addLocalFolder('fixtures/sample/WhatsApp Chat - Orders');
zip.writeZip(iosZip);

function cli(...args) {
  console.log(`\n$ wa-archive ${args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, ['dist/cli.js', '--archive', archive, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log(`Demo archive: ${archive}`);
cli('import', android, iosZip, '--tz', 'Europe/London');
cli('import', android, '--tz', 'Europe/London');
cli('chats');
cli('show', 'Priya Shah', '--until', '2024-01-13');
cli('show', 'Orders', '--json');
cli('export', '--format', 'html', '--out', join(work, 'records.html'));
cli('verify');
cli('log');
