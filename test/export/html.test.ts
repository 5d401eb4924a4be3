import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { HTML_CSP, htmlWriter } from '../../src/export/html.js';
import { escapeHtml } from '../../src/export/htmlEscape.js';
import { EMBED_LIMIT } from '../../src/export/htmlMedia.js';
import { FOLDER_NAMES, writeHtmlPages } from '../../src/export/htmlPages.js';
import { HOSTILE_AUTHOR, HOSTILE_CHAT, HOSTILE_MEDIA, HOSTILE_TEXTS, hostileChat, msg, PNG, render, writerEnv } from './htmlKit.js';

/** The page's real tags (escaped text has no literal `<`, so only markup the writer made is found). */
const tags = (html: string) => [...html.matchAll(/<[^>]*>/g)].map((m) => m[0]);
const tagNames = (html: string) => new Set(tags(html).map((t) => /^<[/!]?([a-zA-Z0-9]+)/.exec(t)?.[1]?.toLowerCase() ?? t));

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PDF = Buffer.from('%PDF-1.4\n');

describe('escaping', () => {
  test('escapes & < > " and \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  test('hostile texts, authors, chat names and media names appear escaped, never as markup', async () => {
    const { html } = await render([hostileChat()], { aa: PNG });
    for (const text of [...HOSTILE_TEXTS, HOSTILE_AUTHOR, HOSTILE_CHAT, HOSTILE_MEDIA]) {
      expect(html).not.toContain(text);
      expect(html).toContain(escapeHtml(text));
    }
    expect(tagNames(html)).toEqual(
      new Set(['doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'dl', 'dt', 'dd', 'code', 'section', 'h1', 'h2', 'div', 'span', 'a', 'time', 'figure', 'img', 'figcaption', 'br', 'p']),
    );
    // The only links are the messages' own ids.
    expect(tags(html).filter((t) => t.startsWith('<a')).every((t) => /^<a class="id" href="#m\d+">$/.test(t))).toBe(true);
    const withoutValues = tags(html).map((t) => t.replace(/"[^"]*"/g, '""'));
    expect(withoutValues.filter((t) => /\son\w+\s*=/i.test(t))).toEqual([]);
    expect(tags(html).filter((t) => t.startsWith('<img'))).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).toContain(`<title>${escapeHtml(HOSTILE_CHAT)} · WhatsApp chat</title>`);
  });

  test('a Content-Security-Policy allows no script, no request and only the page\'s own stylesheet', async () => {
    const { html } = await render([{ json: [], name: 'Priya Shah', messages: [msg()] }]);
    const css = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(css).digest('base64');
    expect(HTML_CSP).toBe(`default-src 'none'; img-src data:; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });
});

describe('media', () => {
  test('stored images are embedded as data: URIs typed by their bytes, not their names', async () => {
    const chat = {
      json: [],
      name: 'Orders',
      messages: [
        msg({ kind: 'media', text: 'the sofa', media: [{ name: 'IMG-1.jpg', sha256: 'p', size: PNG.length }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'IMG-2.jpg', sha256: 'j', size: JPEG.length }] }),
      ],
    };
    const { html } = await render([chat], { p: PNG, j: JPEG });
    expect(html).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="IMG-1.jpg">`);
    expect(html).toContain(`<img src="data:image/jpeg;base64,${JPEG.toString('base64')}" alt="IMG-2.jpg">`);
    expect(html).toContain('<figcaption>IMG-1.jpg · 70 bytes</figcaption>');
    expect(html).toContain('<div class="text" dir="auto">the sofa</div>');
  });

  test('other files show name, type and size; images over the limit are listed, not read', async () => {
    const chat = {
      json: [],
      name: 'Orders',
      messages: [
        msg({ kind: 'media', text: '', media: [{ name: 'invoice.pdf', sha256: 'd', size: PDF.length }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'VID-1.mp4', sha256: 'v', size: 3 * 1024 * 1024 * 1024 }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'huge.jpg', sha256: 'h', size: EMBED_LIMIT + 1 }] }),
      ],
    };
    const { html, reads } = await render([chat], { d: PDF });
    expect(tags(html).filter((t) => t.startsWith('<img'))).toEqual([]);
    expect(html).toContain('<span class="name">invoice.pdf</span><br>PDF file · 9 bytes');
    expect(html).toContain('<span class="name">VID-1.mp4</span><br>MP4 file · 3 GB · too large to show here (over 5 MB)');
    expect(html).toContain('<span class="name">huge.jpg</span><br>JPG file · 5 MB · too large to show here (over 5 MB)');
    expect(reads).toEqual(['d']);
  });

  test('missing and omitted media are marked', async () => {
    const chat = {
      json: [],
      name: 'Orders',
      messages: [
        msg({ kind: 'media', text: '', media: [{ name: 'IMG-lost.jpg', sha256: null, size: null }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'IMG-gone.jpg', sha256: 'g', size: null }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'IMG-unread.jpg', sha256: 'u', size: 10 }] }),
        msg({ kind: 'media', text: '', media: [{ name: null, sha256: null, size: null }] }),
      ],
    };
    const { html } = await render([chat]);
    expect(html).toContain('<div class="file missing">Missing: <span class="name">IMG-lost.jpg</span><br>the export names this file but did not include it</div>');
    expect(html).toContain('<div class="file missing">Missing: <span class="name">IMG-gone.jpg</span><br>not in the archive</div>');
    expect(html).toContain('<div class="file missing">Missing: <span class="name">IMG-unread.jpg</span><br>not in the archive</div>');
    expect(html).toContain('<div class="file omitted">Media not exported: WhatsApp left this file out of the export</div>');
  });
});

describe('layout', () => {
  test('a day separator before the first message of each day', async () => {
    const messages = [
      msg({ local: '2024-01-12 09:02', text: 'one' }),
      msg({ local: '2024-01-12 23:59', text: 'two' }),
      msg({ local: '2024-01-13 00:00', text: 'three' }),
    ];
    const { html } = await render([{ json: [], name: 'Priya Shah', messages }]);
    const order = [...html.matchAll(/<h2 class="day"><time datetime="([\d-]+)">([^<]+)<|>(one|two|three)</g)].map((m) => m[3] ?? `${m[1]} ${m[2]}`);
    expect(order).toEqual(['2024-01-12 Friday, 12 January 2024', 'one', 'two', '2024-01-13 Saturday, 13 January 2024', 'three']);
  });

  test('each author keeps one colour and side; system, deleted, edited and call messages are distinct', async () => {
    const messages = [
      msg({ author: 'Ana', text: 'a1' }),
      msg({ author: 'Ben', text: 'b1', edited: true }),
      msg({ author: null, kind: 'system', text: 'Ben added Cleo' }),
      msg({ author: 'Cleo', kind: 'deleted', text: 'This message was deleted' }),
      msg({ author: 'Ana', kind: 'call', text: 'Missed voice call' }),
    ];
    const { html } = await render([{ json: [], name: 'Team', messages }]);
    const divs = [...html.matchAll(/<div class="(msg[^"]*|system)" id="m\d+">/g)].map((m) => m[1]);
    expect(divs).toEqual(['msg a0', 'msg a1 right', 'system', 'msg a2 deleted', 'msg a0']);
    expect(html).toMatch(/<div class="system" id="m\d+"><div class="text" dir="auto">Ben added Cleo<\/div><time /);
    expect(html).toMatch(/>b1<\/div><div class="foot"><span class="edited">edited<\/span><a class="id" href="#m\d+">#\d+<\/a><time datetime="2024-01-12T09:02:00\+00:00"/);
    expect(html).toMatch(/>Ana<\/div><span class="kind">Call<\/span><div class="text" dir="auto">Missed voice call</);
  });

  test('several chats: one section each, linked from the top; an empty selection says so', async () => {
    const { html } = await render([
      { json: [], name: 'Priya Shah', messages: [msg()] },
      { json: [], name: 'Orders', messages: [] },
    ]);
    expect(html).toContain('<title>Priya Shah, Orders · WhatsApp chats</title>');
    expect(html).toContain('<ul><li><a href="#chat-1">Priya Shah</a></li><li><a href="#chat-2">Orders</a></li></ul>');
    expect([...html.matchAll(/<section class="chat" id="(chat-\d)">\n<h1 dir="auto">([^<]+)<\/h1>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'chat-1 Priya Shah',
      'chat-2 Orders',
    ]);
    expect(html).toContain('<p class="count">1 message</p>');
    expect(html).toContain('<p class="count">No messages in this selection.</p>');
  });

  test('streams: output goes out while messages are still being read, never the whole page at once', async () => {
    const events: string[] = [];
    function* messages() {
      for (let i = 0; i < 3000; i++) {
        events.push('read');
        yield msg({ text: `message number ${i} `.repeat(5) });
      }
    }
    const chunks: string[] = [];
    const sink = { write: (chunk: string | Uint8Array) => void (chunks.push(String(chunk)), events.push('write')) };
    await htmlWriter.write([{ json: [], name: 'Priya Shah', messages: messages() }], sink, { toolVersion: '0.1.0', readMedia: () => undefined });
    expect(events.indexOf('write')).toBeGreaterThan(0);
    expect(events.indexOf('write')).toBeLessThan(events.lastIndexOf('read'));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(128 * 1024);
    expect(chunks.join('').match(/class="msg/g)).toHaveLength(3000);
  });
});

test('golden page for a small fixed chat', async () => {
  const messages = [
    msg({ id: 1, local: '2024-01-12 09:02', author: null, kind: 'system', text: 'Messages and calls are end-to-end encrypted.' }),
    msg({ id: 2, local: '2024-01-12 09:05', author: 'Priya Shah', text: 'Hi! Is the oak table still available?\nThe 180 cm one.' }),
    msg({ id: 3, local: '2024-01-12 09:16', author: 'Corner Furniture', kind: 'media', text: 'Yes, here it is', media: [{ name: 'IMG-20240112-WA0001.jpg', sha256: 'p', size: PNG.length }] }),
    msg({ id: 4, local: '2024-01-12 09:17', author: 'Corner Furniture', kind: 'media', text: '', media: [{ name: null, sha256: null, size: null }] }),
    msg({ id: 5, local: '2024-01-13 13:40', author: 'Priya Shah', text: 'Paid ✅ reference 4411', edited: true }),
    msg({ id: 6, local: '2024-01-13 13:41', author: 'Corner Furniture', kind: 'deleted', text: 'This message was deleted' }),
    msg({ id: 7, local: '2024-01-13 13:42', author: 'Priya Shah', kind: 'media', text: '', media: [{ name: 'receipt.pdf', sha256: null, size: null }] }),
  ];
  const { html } = await render([{ json: [], name: 'Priya Shah', messages }], { p: PNG });
  await expect(html).toMatchFileSnapshot('./golden/sample.html');
});

describe('records', () => {
  test('the page opens with the records header: chats, selection, span, zone, count, fingerprint, export time, tool', async () => {
    const { html } = await render([{ json: [], name: 'Priya Shah', messages: [msg()] }]);
    const header = /<dl class="records">(.*?)<\/dl>/.exec(html)![1]!;
    const rows = [...header.matchAll(/<dt>([^<]+)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]);
    expect(rows).toEqual([
      ['Chat', 'Priya Shah'],
      ['Selection', 'every message of every chat'],
      ['First message', '2024-01-12 09:02:00 +00:00'],
      ['Last message', '2024-01-13 13:42:00 +00:00'],
      ['Time zone', "Europe/London (times are the phone's own clock times)"],
      ['Messages', '7'],
      ['Archive', `c0ffee00-0000-4000-8000-000000000001, fingerprint ${'ab'.repeat(32)} (audit entry 3)`],
      ['Exported', '2026-01-31 12:00:00 UTC'],
      ['Tool', 'wa-archive 0.1.0'],
    ]);
    expect(html.indexOf('<dl class="records">')).toBeLessThan(html.indexOf('<section class="chat"'));
  });

  test('each message shows its archive id, linkable as #mID', async () => {
    const { html } = await render([{ json: [], name: 'Priya Shah', messages: [msg({ id: 17 }), msg({ id: 18, author: null, kind: 'system', text: 'Tom joined' })] }]);
    expect(html).toMatch(/<div class="msg a0" id="m17">.*<a class="id" href="#m17">#17<\/a><time /);
    expect(html).toMatch(/<div class="system" id="m18">.*<\/time><a class="id" href="#m18">#18<\/a><\/div>/);
  });

  test('in a bundle, stored attachments link to their copy in media/ (missing ones do not)', async () => {
    const chat = {
      json: [],
      name: 'Orders',
      messages: [
        msg({ kind: 'media', text: '', media: [{ name: 'IMG 1.jpg', sha256: 'p', size: PNG.length }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'invoice.pdf', sha256: 'd', size: PDF.length }] }),
        msg({ kind: 'media', text: '', media: [{ name: 'lost.pdf', sha256: null, size: null }] }),
      ],
    };
    const { html } = await render([chat], { p: PNG, d: PDF }, { mediaHref: (f) => `media/${f.sha256} ${f.name}` });
    expect(html).toContain('<figcaption>IMG 1.jpg · 70 bytes · <a class="open" href="media/p%20IMG%201.jpg">media/p IMG 1.jpg</a></figcaption>');
    expect(html).toContain('PDF file · 9 bytes · <a class="open" href="media/d%20invoice.pdf">media/d invoice.pdf</a></div>');
    expect(html.match(/class="open"/g)).toHaveLength(2);
  });
});

describe('pages', () => {
  async function paged(pages: number[][]) {
    const files = new Map<string, string>();
    const messages = pages.flat().map((id, i) => msg({ id, local: `2024-01-${String(10 + i).padStart(2, '0')} 09:00`, text: `text ${id}` }));
    const edge = (id: number) => ({ id, local: messages.find((m) => m.id === id)!.local });
    const chat = { json: [], name: 'Priya Shah', messages, pages: pages.map((ids) => ({ messages: ids.length, first: edge(ids[0]!), last: edge(ids.at(-1)!) })) };
    await writeHtmlPages([chat], async (name, fill) => {
      const chunks: string[] = [];
      await fill({ write: (c) => void chunks.push(String(c)) });
      files.set(name, chunks.join(''));
    }, writerEnv(), FOLDER_NAMES);
    return files;
  }

  test('an index, then pages as planned, each with the records header, where it stands and links either side', async () => {
    const files = await paged([[1, 2], [3, 4], [5]]);
    expect([...files.keys()]).toEqual(['index.html', 'page-001.html', 'page-002.html', 'page-003.html']);
    const index = files.get('index.html')!;
    expect(index).toContain('<dl class="records">');
    expect([...index.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))).toEqual([
      'Page 1: 2024-01-10 09:00 to 2024-01-11 09:00, 2 messages (#1 to #2)',
      'Page 2: 2024-01-12 09:00 to 2024-01-13 09:00, 2 messages (#3 to #4)',
      'Page 3: 2024-01-14 09:00 to 2024-01-14 09:00, 1 message (#5 to #5)',
    ]);
    expect(index).toContain('<a href="page-002.html">Page 2</a>');
    const second = files.get('page-002.html')!;
    expect(second).toContain('<dl class="records">');
    expect(second).toContain('Page 2 of 3: <span dir="auto">Priya Shah</span>, messages 3 to 4 of 5, ');
    expect(second.match(/<nav class="pages"><a href="index.html">Index<\/a><a href="page-001.html" rel="prev">Previous page<\/a><a href="page-003.html" rel="next">Next page<\/a><\/nav>/g)).toHaveLength(2);
    expect([...second.matchAll(/id="m(\d+)"/g)].map((m) => m[1])).toEqual(['3', '4']);
    expect(files.get('page-001.html')).not.toContain('rel="prev"');
    expect(files.get('page-003.html')).not.toContain('rel="next"');
    // Each page starts with its day's heading, and an author keeps the side of the whole chat.
    expect(second).toMatch(/<\/h1>\n<h2 class="day">/);
  });

  test('the last page of a chat takes every message left, so none is lost if the plan was short', async () => {
    const files = new Map<string, string>();
    const messages = [1, 2, 3].map((id) => msg({ id }));
    const edge = { id: 1, local: messages[0]!.local };
    const chat = { json: [], name: 'Priya Shah', messages, pages: [{ messages: 1, first: edge, last: edge }, { messages: 1, first: edge, last: edge }] };
    await writeHtmlPages([chat], async (name, fill) => {
      const chunks: string[] = [];
      await fill({ write: (c) => void chunks.push(String(c)) });
      files.set(name, chunks.join(''));
    }, writerEnv(), FOLDER_NAMES);
    expect([...files.get('page-002.html')!.matchAll(/id="m(\d+)"/g)].map((m) => m[1])).toEqual(['2', '3']);
  });
});
