/** Shapes of real exports that must read right (issue 11), each on Android and iPhone where both apply. */
import { describe, expect, it } from 'vitest';
import { expectParseError, parseAll } from './helpers.js';

const LRM = '\u200E';
const RLM = '\u200F';
const LRE = '\u202A';
const PDF = '\u202C';
const NNBSP = '\u202F';

const ANDROID = '14/03/2024, 09:05 - ';
const IOS = '[14/03/2024, 09:05:41] ';
const first = (...lines: string[]) => parseAll(lines.join('\n')).records[0]!;

describe('1. authors with any characters stay authors', () => {
  it.each([
    ['Sam "Boss" Lee', 'Sam "Boss" Lee'],
    ['Sam \u201CBoss\u201D Lee', 'Sam \u201CBoss\u201D Lee'],
    ['Jo\u00E3o \u00ABJ\u00F4\u00BB Silva', 'Jo\u00E3o \u00ABJ\u00F4\u00BB Silva'],
    ["Conor O'Brien", "Conor O'Brien"],
    ['Dr. A. Smith Jr.', 'Dr. A. Smith Jr.'],
    ['Ana (work) [old]', 'Ana (work) [old]'],
    ['\u{1F60E} "Mac" \u{1F60E}', '\u{1F60E} "Mac" \u{1F60E}'],
    [`~${NNBSP}"Lee"`, '"Lee"'],
    [`${LRE}+1 555 010 2030${PDF}`, '+1 555 010 2030'],
    [`${LRM}+44 7700 900123${LRM}`, '+44 7700 900123'],
  ])('%s', (raw, author) => {
    for (const header of [ANDROID, IOS]) {
      const r = first(`${header}${raw}: hello there`);
      expect(r).toMatchObject({ author, kind: 'message', text: 'hello there' });
    }
  });

  it('a system text cut at a ": " inside its quotes still has no author', () => {
    const r = first(`${ANDROID}You changed the subject from "Boss: A" to "B"`);
    expect(r).toMatchObject({ author: null, kind: 'system' });
  });
});

describe('7. whitespace variants are headers, not text of the message above', () => {
  it.each([
    ['two spaces before the dash', '14/03/2024, 09:06  - Sam: yo'],
    ['two spaces after the dash', '14/03/2024, 09:06 -  Sam: yo'],
    ['a tab after the comma', '14/03/2024,\t09:06 - Sam: yo'],
    ['tabs around the dash', '14/03/2024, 09:06\t-\tSam: yo'],
    ['a space before the comma', '14/03/2024 , 09:06 - Sam: yo'],
    ['trailing spaces', '14/03/2024, 09:06 - Sam: yo   '],
  ])('Android: %s', (_, line) => {
    const r = parseAll(`${ANDROID}Priya: hi\n${line}\n`).records;
    expect(r).toHaveLength(2);
    expect(r[1]).toMatchObject({ author: 'Sam', time: { minute: 6 } });
    expect(r[1]!.text.trim()).toBe('yo');
  });

  it.each([
    ['two spaces after the bracket', '[14/03/2024, 09:06:00]  Sam: yo'],
    ['a space before the bracket', '[14/03/2024, 09:06:00 ] Sam: yo'],
    ['a tab after the bracket', '[14/03/2024, 09:06:00]\tSam: yo'],
    ['two spaces after the comma', '[14/03/2024,  09:06:00] Sam: yo'],
  ])('iPhone: %s', (_, line) => {
    const r = parseAll(`${IOS}Priya: hi\n${line}\n`).records;
    expect(r).toHaveLength(2);
    expect(r[1]).toMatchObject({ author: 'Sam', text: 'yo', time: { minute: 6 } });
  });

  it('Android events of a number are system events', () => {
    const n = `${LRE}+1 555 010 2030${PDF}`;
    const r = first(`${ANDROID}${n}: ${n} updated the message timer. New messages will disappear from this chat 7 days after they're sent.`);
    expect(r).toMatchObject({ author: null, kind: 'system' });
  });

  it('multi-line Android locations are locations', () => {
    const r = first(`${ANDROID}Priya: Caf\u00E9 Luna`, 'Rua Augusta 123, Lisboa', 'https://maps.google.com/?q=38.71,-9.14');
    expect(r).toMatchObject({ author: 'Priya', kind: 'location', text: 'Caf\u00E9 Luna\nRua Augusta 123, Lisboa\nhttps://maps.google.com/?q=38.71,-9.14' });
  });
});

describe('2. year-less headers take their year from the file', () => {
  const years = (text: string, year?: number) => parseAll(text, { year }).records.map((r) => [r.time.year, r.time.month, r.time.day]);

  it('from the last dated header above, rolling forward when the month goes back', () => {
    const text = [
      '21:00, 29 Dec 2012 - Priya: a', '14:05, 30 Dec - Priya: b', '09:00, 1 Jan - Sam: c', '10:00, 3 Jan - Sam: d',
      '11:00, 2 Feb 2014 - Sam: e', '12:00, 3 Feb - Sam: f',
    ].join('\n');
    expect(years(text)).toEqual([[2012, 12, 29], [2012, 12, 30], [2013, 1, 1], [2013, 1, 3], [2014, 2, 2], [2014, 2, 3]]);
  });

  it('records above the first dated header count back from it', () => {
    const text = ['Nov 30, 9:00 PM - Priya: a', 'Dec 31, 9:00 PM - Priya: b', 'Jan 2, 2013, 9:00 AM - Sam: c'].join('\n');
    expect(years(text)).toEqual([[2012, 11, 30], [2012, 12, 31], [2013, 1, 2]]);
  });

  it('a file with no year anywhere is refused, naming --year; with it, the year runs from there', () => {
    const text = ['14:05, 30 Dec - Priya: a', '09:00, 1 Jan - Sam: b'].join('\n');
    const error = expectParseError(() => parseAll(text), 'missing-year');
    expect(error.message).toMatch(/line 1/);
    expect(error.hint).toMatch(/--year/);
    expect(years(text, 2011)).toEqual([[2011, 12, 30], [2012, 1, 1]]);
  });

  it('--year is not used where the file has years', () => {
    expect(years('Mar 14, 2013, 9:05 PM - Priya: hi\nMar 15, 9:05 PM - Priya: yo', 1999)).toEqual([[2013, 3, 14], [2013, 3, 15]]);
  });
});

describe('5. iPhone text led by LRM stays its author\'s text', () => {
  const records = (lines: string[], chatName?: string) => parseAll(lines.join('\n'), { chatName }).records;

  it('a participant\'s LRM-led text (an unknown placeholder) is their message', () => {
    const r = records([`${IOS}Priya: hi`, `${IOS}Priya: ${LRM}unbekannter Platzhalter`]);
    expect(r[1]).toMatchObject({ author: 'Priya', kind: 'message', text: 'unbekannter Platzhalter' });
  });

  it('a known event phrase is a system event, also from a participant', () => {
    const r = records([`${IOS}Priya: hi`, `${IOS}Priya: ${LRM}Priya added Sam`]);
    expect(r[1]).toMatchObject({ author: null, kind: 'system', text: 'Priya added Sam' });
  });

  it('a line the chat\'s own name authors is a system event', () => {
    const r = records([`${IOS}Orders: Orders said hi`, `${IOS}Orders: ${LRM}irgendein Ereignis`], 'Orders');
    expect(r[1]).toMatchObject({ author: null, kind: 'system' });
  });

  it('an author who writes nothing else (the group) makes an event', () => {
    const r = records([`${IOS}Priya: hi`, `${IOS}Book Club: ${LRM}irgendein Ereignis`]);
    expect(r[1]).toMatchObject({ author: null, kind: 'system', text: 'irgendein Ereignis' });
  });
});

describe('4. iPhone placeholders keep their author and get their kind', () => {
  it.each([
    ['Offer.pdf ' + LRM + 'document omitted', 'Offer.pdf'],
    ['Offer.pdf \u2022 ' + LRM + '4 pages ' + LRM + 'document omitted', 'Offer.pdf'],
    ['Angebot 2024.pdf \u2022 ' + LRM + '2 Seiten ' + LRM + 'Dokument weggelassen', 'Angebot 2024.pdf'],
  ])('file-name-led: %s', (body, name) => {
    expect(first(`${IOS}Priya: ${LRM}${body}`)).toMatchObject({ author: 'Priya', kind: 'media', text: '', media: [{ name }] });
  });

  it.each([
    // de
    'Bild weggelassen', 'Kontaktkarte ausgelassen', 'Dokument weggelassen',
    // pt (Brazil and Portugal)
    'imagem ocultada', 'figurinha omitida', 'imagem não revelada', 'vídeo não revelado', 'GIF não revelada',
    'ficheiro de áudio não revelado', 'Contacto não revelado',
    // fr
    'image absente', 'document manquant', 'Fiche contact manquante', 'GIF retiré',
    // it
    'immagine omessa', 'sticker non incluso', 'GIF esclusa', 'Scheda contatto omessa',
    // es
    'imagen omitida', 'Tarjeta de contacto omitida',
    // nl
    'afbeelding weggelaten',
    // ar
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0627\u0644\u0635\u0648\u0631\u0629',
    '\u062A\u0645 \u062D\u0630\u0641 \u0627\u0644\u0645\u0644\u0635\u0642\u0627\u062A',
  ])('omitted: %s', (phrase) => {
    const mark = /[\u0600-\u06FF]/.test(phrase) ? RLM : LRM;
    expect(first(`${IOS}Priya: ${mark}${phrase}`)).toMatchObject({ author: 'Priya', kind: 'media', media: [{ name: null }] });
  });

  it.each([
    'Diese Nachricht wurde gelöscht.', 'Du hast diese Nachricht gelöscht.', 'Apagou esta mensagem.', 'Esta mensagem foi apagada.',
    'Ce message a été supprimé.', 'Questo messaggio è stato eliminato.', 'Se eliminó este mensaje.', 'Dit bericht is verwijderd.',
    '\u062A\u0645 \u062D\u0630\u0641 \u0647\u0630\u0647 \u0627\u0644\u0631\u0633\u0627\u0644\u0629.',
  ])('deleted: %s', (phrase) => {
    const mark = /[\u0600-\u06FF]/.test(phrase) ? RLM : LRM;
    for (const header of [IOS, ANDROID]) {
      expect(first(`${header}Priya: ${header === IOS ? mark : ''}${phrase}`)).toMatchObject({ author: 'Priya', kind: 'deleted' });
    }
  });

  it('text that merely ends in a placeholder phrase stays text', () => {
    expect(first(`${IOS}Priya: I think the image omitted`)).toMatchObject({ kind: 'message', text: 'I think the image omitted' });
  });
});

describe('6. mixed header shapes: day/month per shape, each from its own evidence', () => {
  const dates = (text: string, dateOrder?: 'dmy' | 'mdy') =>
    parseAll(text, { dateOrder }).records.map((r) => [r.time.year, r.time.month, r.time.day, r.time.hour]);

  it('US 12 h lines and day-first 24 h lines in one Android file', () => {
    const text = ['6/30/23, 4:13 PM - Priya: a', '30/6/2023, 16:15 - Sam: b', '7/1/23, 9:00 AM - Priya: c', '1/7/2023, 10:00 - Sam: d'].join('\n');
    expect(dates(text)).toEqual([[2023, 6, 30, 16], [2023, 6, 30, 16], [2023, 7, 1, 9], [2023, 7, 1, 10]]);
  });

  it('a year-first file with a stray dd/mm/yyyy line', () => {
    const text = ['2023-06-29, 10:00 - Priya: a', '2023-06-30, 10:00 - Priya: b', '30/06/2023, 11:00 - Sam: c', '2023-07-01, 10:00 - Priya: d'].join('\n');
    expect(dates(text)).toEqual([[2023, 6, 29, 10], [2023, 6, 30, 10], [2023, 6, 30, 11], [2023, 7, 1, 10]]);
  });

  it('only a truly undecidable shape is refused, naming its line; --date-order then helps', () => {
    const text = ['2023-06-29, 10:00 - Priya: a', '2023-06-30, 10:00 - Priya: b', '3/6/2023, 11:00 - Sam: c'].join('\n');
    const error = expectParseError(() => parseAll(text), 'ambiguous-date-order');
    expect(error.message).toMatch(/line 3 \("3\/6\/2023, 11:00/);
    expect(error.hint).toMatch(/--date-order/);
    expect(dates(text, 'mdy')[2]).toEqual([2023, 3, 6, 11]);
  });

  it('an impossible date in a shape its own dates decided does not suggest --date-order', () => {
    const text = ['30/06/2023, 10:00 - Priya: a', '31/06/2023, 10:00 - Priya: b'].join('\n');
    const error = expectParseError(() => parseAll(text), 'invalid-date');
    expect(error.message).toMatch(/^line 2: day 31 of month 6/);
    expect(error.hint).not.toMatch(/--date-order/);
  });
});
