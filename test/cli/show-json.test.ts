/**
 * `show --json` byte for byte (issue 15: it is written field by field for speed, and must stay exactly
 * what JSON.stringify of the message object gave): one chat with every shape of message, from two zip
 * exports (the second brings a late file and shows a message deleted), compared with a golden file
 * written by the object-based code. After an intended change of the format, regenerate with UPDATE_GOLDEN=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, cliJson, ROOT, tempDir } from '../helpers/cli.js';
import { writeZip } from '../source/zipKit.js';

const GOLDEN = join(ROOT, 'test/cli/golden/show.json');
const CHAT_FILE = 'WhatsApp Chat with Priya Shah.txt';

const line = (time: string, author: string, text: string) => `14/03/2024, ${time} - ${author}: ${text}`;
const lines = (...l: string[]) => `${l.join('\n')}\n`;

const body = [
  line('09:00', 'Priya', 'plain \u0627\u0644\u0633\u0644\u0627\u0645 \u05e9\u05dc\u05d5\u05dd \uD83D\uDE00\uD83C\uDFFD "quoted" back\\slash'),
  line('09:01', 'Tom', 'controls \u0007 \u001b[31m tab\there \u2028 \u2029 \u007f \u200E\u202E end'),
  line('09:02', 'Priya', 'first line\nsecond line </script>'),
  line('09:03', 'Tom', 'fixed it <This message was edited>'),
  line('09:04', 'Priya', 'IMG-20240314-WA0001.jpg (file attached)\nwith a caption'),
  line('09:05', 'Tom', 'IMG-20240314-WA0002.jpg (file attached)'),
  line('09:06', 'Priya', '<Media omitted>'),
  line('09:06', 'Tom', 'IMG-20240314-WA0003.jpg (file attached)'),
  '14/03/2024, 09:07 - Tom added Priya',
  line('09:08', 'Chlo\u00e9 \uD83C\uDFE1', 'the secret plan'),
];

test('show --json: every shape of message, the same bytes as before', async () => {
  const dir = tempDir();
  const archive = join(dir, 'archive');
  const env = { WA_ARCHIVE_NOW: '2024-04-01T00:00:00Z' };
  const importZip = async (name: string, content: Record<string, string | Buffer>) => {
    const r = await cliJson(['--archive', archive, 'import', writeZip(join(dir, name), content), '--tz', 'Europe/Berlin', '--chat', 'Priya Shah'], { env });
    expect(r.code).toBe(0);
    return r.json.imports[0];
  };
  const stored = Buffer.from('stored photo');
  expect(await importZip('first.zip', { [CHAT_FILE]: lines(...body), 'IMG-20240314-WA0001.jpg': stored })).toMatchObject({ added: 10 });
  const later = lines(...body.slice(0, -1), line('09:08', 'Chlo\u00e9 \uD83C\uDFE1', 'This message was deleted'), line('09:09', 'Tom', 'late'));
  const late = await importZip('later.zip', { [CHAT_FILE]: later, 'IMG-20240314-WA0001.jpg': stored, 'IMG-20240314-WA0002.jpg': Buffer.from('late photo') });
  expect(late).toMatchObject({ added: 1, mediaAttached: 1, deletedLater: 1 });

  const shown = await cli(['--archive', archive, 'show', 'Priya', '--json'], { env });
  expect(shown.code).toBe(0);
  const actual = Buffer.from(shown.stdout);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
  expect(shown.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  expect(actual.equals(readFileSync(GOLDEN))).toBe(true);
  // The golden file holds every shape asked of it.
  const messages = JSON.parse(shown.stdout).messages;
  expect(messages.flatMap((m: any) => m.media.map((x: any) => x.status)).sort()).toEqual(['missing', 'not-exported', 'stored', 'stored']);
  expect(messages.map((m: any) => m.kind)).toContain('system');
  expect(messages.filter((m: any) => m.edited)).toHaveLength(1);
  expect(messages.filter((m: any) => m.deletedLater)).toHaveLength(1);
});
