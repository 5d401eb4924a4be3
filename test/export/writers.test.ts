/** The json, csv and txt writers on hand-made messages (no archive): shapes, quoting, injection, escapes. */
import { describe, expect, test } from 'vitest';
import { csvCell, csvWriter } from '../../src/export/csv.js';
import { jsonWriter } from '../../src/export/json.js';
import { WRITERS } from '../../src/export/registry.js';
import { txtWriter } from '../../src/export/txt.js';
import type { ExportChat, ExportWriter } from '../../src/export/types.js';
import { parseExport } from '../../src/parser/parse.js';
import type { MessageView } from '../../src/store/messages.js';

const WJ = '\u2060';
const LRM = '\u200E';

let nextId = 1;
function message(fields: Partial<MessageView>): MessageView {
  return {
    id: nextId++, chat: 'Shop', time: '2024-03-14T21:05:00+01:00', local: '2024-03-14 21:05', author: 'Priya Shah',
    text: '', kind: 'message', edited: false, media: [], ...fields,
  };
}

async function written(writer: ExportWriter, chats: ExportChat[]): Promise<string> {
  const chunks: string[] = [];
  await writer.write(chats, { write: (c) => void chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString()) }, { readMedia: () => undefined, toolVersion: 'test' });
  return chunks.join('');
}

const chat = (...messages: MessageView[]): ExportChat[] => [{ name: 'Shop', messages, json: [] }];

describe('registry', () => {
  test('maps the text formats to their writers', () => {
    expect(WRITERS).toMatchObject({ json: jsonWriter, csv: csvWriter, txt: txtWriter });
    expect(Object.keys(WRITERS).sort()).toEqual(['csv', 'html', 'json', 'txt']);
  });
});

describe('json', () => {
  test('is the contract document, one message per line (as the archive writes it), empty chats and no chats included', async () => {
    const m = { id: 7, time: '2024-03-14T21:05:00+01:00', author: 'Priya Shah', text: 'hi "there"\n2nd', kind: 'message', edited: false, media: [] };
    const text = await written(jsonWriter, [{ name: 'Shop', messages: [], json: [JSON.stringify(m)] }, { name: 'Empty', messages: [], json: [] }]);
    expect(JSON.parse(text)).toEqual({ chats: [{ name: 'Shop', messages: [m] }, { name: 'Empty', messages: [] }] });
    expect(text.split('\n')).toHaveLength(7);
    expect(await written(jsonWriter, [])).toBe('{"chats":[]}\n');
  });
});

describe('csv', () => {
  test('BOM, header, CRLF line ends, RFC 4180 quoting', async () => {
    const text = await written(csvWriter, chat(message({ text: 'a, "b"\nc', author: null, kind: 'system' })));
    expect(text.startsWith('\uFEFFid,chat,time,author,kind,text,media\r\n')).toBe(true);
    expect(text.slice(1).split('\r\n')[1]).toBe(`${nextId - 1},Shop,2024-03-14T21:05:00+01:00,,system,"a, ""b""\nc",`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  test.each([
    ['=1+1', "'=1+1"],
    ['+49 151', "'+49 151"],
    ['-5 degrees', "'-5 degrees"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    ['', ''],
  ])('cell %j is written as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  test('authors, chat names and media names are neutralised too', async () => {
    const text = await written(csvWriter, [
      { name: '=cmd', json: [], messages: [message({ author: '@admin', kind: 'media', media: [{ name: '-x.jpg', sha256: null, size: null }] })] },
    ]);
    expect(text.split('\r\n')[1]).toBe(`${nextId - 1},'=cmd,2024-03-14T21:05:00+01:00,'@admin,media,,'-x.jpg (file missing)`);
  });

  test('the media cell: one line per attachment, stored, missing or not exported', async () => {
    const sha = 'cd'.repeat(32);
    const m = message({ kind: 'media', media: [{ name: 'a.jpg', sha256: sha, size: 3 }, { name: 'b.pdf', sha256: null, size: null }, { name: null, sha256: null, size: null }] });
    const text = await written(csvWriter, chat(m));
    expect(text).toContain(`,"a.jpg sha256:${sha}\nb.pdf (file missing)\n(media not exported)"\r\n`);
  });
});

describe('txt', () => {
  const records = async (...messages: MessageView[]) => [...parseExport(await written(txtWriter, chat(...messages))).records];

  test("WhatsApp's Android lines, dated year first", async () => {
    const text = await written(txtWriter, chat(
      message({ text: 'hello\nsecond line' }),
      message({ author: null, kind: 'system', text: 'Priya Shah added Tom' }),
      message({ kind: 'media', media: [{ name: 'IMG-20240314-WA0002.jpg', sha256: null, size: null }], text: 'caption' }),
      message({ kind: 'media', media: [{ name: null, sha256: null, size: null }] }),
      message({ kind: 'deleted', text: 'This message was deleted', local: '2024-03-14 21:05:41' }),
      message({ text: 'fixed', edited: true }),
    ));
    expect(text).toBe([
      '2024-03-14, 21:05 - Priya Shah: hello', 'second line',
      '2024-03-14, 21:05 - Priya Shah added Tom',
      '2024-03-14, 21:05 - Priya Shah: IMG-20240314-WA0002.jpg (file attached)', 'caption',
      '2024-03-14, 21:05 - Priya Shah: <Media omitted>',
      '2024-03-14, 21:05 - Priya Shah: This message was deleted',
      '2024-03-14, 21:05 - Priya Shah: fixed <This message was edited>',
      '',
    ].join('\n'));
  });

  test('a line that looks like a header of any shape is escaped, and reads back as text', async () => {
    const text = ['see:', '14/03/2024, 09:05 - Tom: not a message', '[14/03/2024, 09:05:41] Tom: nor this', '2024-03-14, 21:05 - Tom: nor this'].join('\n');
    const out = await written(txtWriter, chat(message({ text })));
    expect(out.split('\n').slice(1, 4).every((line) => line.startsWith(WJ))).toBe(true);
    const [r, ...rest] = await records(message({ text }));
    expect(rest).toEqual([]);
    expect(r!.text).toBe(text);
  });

  test('texts the parser would read as something else are escaped on their first line', async () => {
    for (const text of ['null', `${WJ}starts with the escape`, `x\n${WJ}${WJ}two escapes`]) {
      const [r] = await records(message({ text }));
      expect(r).toMatchObject({ author: 'Priya Shah', kind: 'message', text });
    }
    const doc = message({ kind: 'media', media: [{ name: 'Invoice.pdf', sha256: null, size: null }], text: 'Invoice.pdf\nplease pay' });
    expect((await records(doc))[0]).toMatchObject({ kind: 'media', text: 'Invoice.pdf\nplease pay', media: [{ name: 'Invoice.pdf' }] });
  });

  test('a system event that would read as "Author: text" starts with a left-to-right mark', async () => {
    const m = message({ author: null, kind: 'system', text: 'Disappearing messages were turned on: 7 days' });
    expect(await written(txtWriter, chat(m))).toBe(`2024-03-14, 21:05 - ${LRM}Disappearing messages were turned on: 7 days\n`);
    expect((await records(m))[0]).toMatchObject({ author: null, kind: 'system', text: m.text });
    const plain = message({ author: null, kind: 'system', text: 'Priya Shah left' });
    expect(await written(txtWriter, chat(plain))).toBe('2024-03-14, 21:05 - Priya Shah left\n');
  });

  test('empty texts and texts ending in a blank line read back', async () => {
    const messages = [message({ text: '' }), message({ text: 'a\n' }), message({ text: '\nb' }), message({ author: null, kind: 'system', text: '' })];
    expect((await records(...messages)).map((r) => [r.author, r.text])).toEqual(messages.map((m) => [m.author, m.text]));
  });
});
