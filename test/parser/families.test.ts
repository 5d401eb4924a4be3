/**
 * One row per platform/locale family of fixtures/exports (docs/export-format.md, "Header lines"). Each row names the
 * quirk it exists for; `records` pins chosen records by index. Fixtures are written by
 * fixtures/exports/generate.mjs so their invisible characters are real bytes; `marks` checks that.
 */
import { describe, expect, it } from 'vitest';
import type { DateOrder, Kind, Platform } from '../../src/parser/types.js';
import type { ParseOptions } from '../../src/parser/parse.js';
import { fixture, summary, type Wall, parseAll } from './helpers.js';

interface Expected {
  time?: Wall;
  author?: string | null;
  kind?: Kind;
  text?: string;
  edited?: boolean;
  media?: (string | null)[];
}

interface Family {
  file: string;
  /** For a file that cannot be read without them (no year anywhere). */
  options?: ParseOptions;
  quirk: string;
  platform: Platform;
  dateOrder: DateOrder;
  count: number;
  /** Invisible characters the fixture must really contain. */
  marks?: string[];
  records: Record<number, Expected>;
}

const LRM = '\u200E';
const RLM = '\u200F';
const NNBSP = '\u202F';
const NBSP = '\u00A0';
const LRE = '\u202A';
const PDF = '\u202C';
const FSI = '\u2068';
const PDI = '\u2069';
const BOM = '\uFEFF';
const AC = '\u060C';
const THIN = '\u2009';
const NBH = '\u2011';
const ARABIC_FOUR = '\u0664';

const NOTICE_2020 =
  'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.';

const families: Family[] = [
  {
    file: 'android-en-us-12h',
    quirk: 'US month-first, 12 h with NNBSP before AM/PM (2023+); system texts containing ": "',
    platform: 'android', dateOrder: 'mdy', count: 20, marks: [NNBSP],
    records: {
      0: { time: [2024, 3, 1, 9, 0, null], author: null, kind: 'system', text: NOTICE_2020 },
      1: { author: null, kind: 'system', text: 'Priya Shah created group "Orders"' },
      3: { time: [2024, 3, 1, 21, 5, null], author: 'Priya Shah', kind: 'message', text: 'Invoice 4411 is attached 📎' },
      4: {
        time: [2024, 3, 2, 0, 15, null], author: 'Ravi Kumar', kind: 'message',
        text: 'Got it 👍\nLine two\n\nLine four after a blank line\n3/14 at 9:05 - works for you?',
      },
      5: { kind: 'media', text: 'The new shelf', media: ['IMG-20240313-WA0002.jpg'] },
      6: { author: 'Ravi Kumar', kind: 'media', text: '', media: [null] },
      7: { kind: 'deleted', text: 'This message was deleted' },
      8: { author: 'Priya Shah', kind: 'deleted' },
      9: { kind: 'message', text: 'Fixed the total: $40', edited: true },
      10: { kind: 'poll', text: 'POLL:\nLunch on Friday?\nOPTION: Pizza (2 votes)\nOPTION: Salad (0 votes)' },
      11: { author: 'Ravi Kumar', kind: 'location' },
      12: { author: null, kind: 'system', text: 'Priya Shah changed the subject from "Orders" to "Orders: 2024"' },
      16: { author: null, kind: 'system', text: "Sam Lee joined using this group's invite link" },
      17: { author: null, kind: 'system' },
      18: { author: null, kind: 'system', text: 'Priya Shah added you to a group in the community: Sales' },
      19: { time: [2024, 3, 13, 23, 59, null], author: null, kind: 'system', text: 'Ravi Kumar left' },
    },
  },
  {
    file: 'android-en-gb',
    quirk: 'day-first 24 h, 2019 notice wording, CRLF; extensionless audio, documents, view-once, empty body, phone author',
    platform: 'android', dateOrder: 'dmy', count: 17, marks: [LRE, PDF, NBSP, NBH, '\r\n'],
    records: {
      0: {
        time: [2019, 1, 12, 8, 0, null], kind: 'system',
        text: 'Messages to this group are now secured with end-to-end encryption. Tap for more info.',
      },
      3: { author: null, kind: 'system', text: "You joined using this group's invite link" },
      4: { time: [2019, 1, 13, 21, 5, null], kind: 'media', media: ['AUD-20190101-WA0000.'], text: '' },
      5: { kind: 'media', media: ['Reading list 2019.pdf'], text: '' },
      6: { author: 'Ravi Kumar', kind: 'media', media: [null], text: '' },
      7: { author: 'Ravi Kumar', kind: 'message', text: '' },
      8: { author: '+44 7700 900-123', kind: 'message', text: 'Hello from an unsaved number' },
      9: { author: '🌻🌻', text: 'emoji-only author' },
      10: { text: 'Meeting notes:\n- chapter 3\n- chapter 4\n\n14/01 at 19:00 - Ravi hosts' },
      12: { media: ['VID-20190115-WA0003.mp4'] },
      13: { media: ['STK-20190115-WA0004.webp'] },
      14: { author: null, kind: 'system', text: 'Priya Shah changed the subject from "Book club" to "Book club: 2019"' },
      16: { time: [2019, 1, 16, 18, 0, null], kind: 'system' },
    },
  },
  {
    file: 'android-en-in',
    quirk: 'two-digit year, lowercase am/pm, 12 am/pm edges, hash-like and parenthesised file names',
    platform: 'android', dateOrder: 'dmy', count: 8,
    records: {
      1: { time: [2024, 3, 1, 10, 2, null], author: 'Arjun Mehta', text: 'Namaste 🙏' },
      2: { time: [2024, 3, 14, 21, 5, null], kind: 'media', media: ['PTT-20240314-WA0007.opus'] },
      3: { kind: 'media', media: ['3f9a1c0e4b7d2a68e5.jpg'] },
      4: { time: [2024, 3, 15, 12, 10, null], text: 'Lunch at 1?\nOr 1:30 - either works' },
      5: { time: [2024, 3, 16, 0, 5, null], kind: 'deleted' },
      6: { kind: 'media', media: [null] },
      7: { kind: 'media', media: ['Tax invoice (March).pdf'], text: '' },
    },
  },
  {
    file: 'android-en-ca',
    quirk: 'ISO year-first date with "a.m."/"p.m."',
    platform: 'android', dateOrder: 'ymd', count: 8,
    records: {
      0: { time: [2024, 3, 1, 9, 0, null], kind: 'system' },
      1: { author: null, kind: 'system', text: 'Émilie Tremblay created group "Hockey pool"' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Émilie Tremblay', text: 'Picks are due Friday 🏒' },
      5: { time: [2024, 3, 15, 12, 0, null], kind: 'location' },
      7: { time: [2024, 3, 15, 23, 59, null], kind: 'system', text: 'Noah Smith left' },
    },
  },
  {
    file: 'android-en-za',
    quirk: 'year-first with slashes, 24 h; a year-first date inside a message is not a header',
    platform: 'android', dateOrder: 'ymd', count: 5,
    records: {
      2: { time: [2024, 3, 14, 21, 5, null], kind: 'media', media: [null] },
      3: { text: 'Braai at 18:00?\n2024/03/16 works too' },
      4: { time: [2024, 3, 15, 0, 4, null], author: 'Thabo Nkosi' },
    },
  },
  {
    file: 'android-en-dayperiods',
    quirk: 'flexible day periods instead of AM/PM ("at night" spans midnight)',
    platform: 'android', dateOrder: 'dmy', count: 7,
    records: {
      0: { time: [2024, 3, 13, 8, 0, null], kind: 'system' },
      1: { time: [2024, 3, 13, 9, 5, null] },
      2: { time: [2024, 3, 13, 14, 30, null] },
      3: { time: [2024, 3, 13, 19, 15, null] },
      4: { time: [2024, 3, 13, 23, 40, null], text: 'Night owl 🦉' },
      5: { time: [2024, 3, 14, 2, 10, null] },
      6: { time: [2024, 3, 14, 12, 0, null] },
    },
  },
  {
    file: 'android-de',
    quirk: 'dotted two-digit-year date; German events, placeholders, poll and location',
    platform: 'android', dateOrder: 'dmy', count: 16,
    records: {
      0: { time: [2024, 3, 1, 9, 0, null], author: null, kind: 'system' },
      2: { author: null, kind: 'system', text: 'Jana Müller hat Tom Becker hinzugefügt' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Jana Müller', text: 'Rechnung 4411 ist da 📄' },
      4: { kind: 'media', media: ['IMG-20240314-WA0002.jpg'], text: 'Neues Regal' },
      5: { kind: 'media', media: [null] },
      6: { kind: 'deleted' },
      7: { text: 'Summe korrigiert', edited: true },
      8: { kind: 'poll' },
      9: { kind: 'location' },
      10: { author: null, kind: 'system', text: 'Jana Müller hat den Betreff von "Bestellungen" zu "Bestellungen: 2024" geändert' },
      14: { author: null, kind: 'system' },
      15: { time: [2024, 3, 15, 8, 7, null], kind: 'system' },
    },
  },
  {
    file: 'android-cs',
    quirk: 'no comma between date and time; Czech placeholders',
    platform: 'android', dateOrder: 'dmy', count: 8,
    records: {
      1: { author: null, kind: 'system' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Jana Nováková' },
      4: { kind: 'media', media: ['IMG-20240314-WA0003.jpg'] },
      5: { kind: 'media', media: [null] },
      6: { kind: 'deleted' },
      7: { time: [2024, 3, 15, 7, 0, null], kind: 'system', text: 'Petr Svoboda odešel' },
    },
  },
  {
    file: 'android-nl',
    quirk: 'dashed day-first date without comma',
    platform: 'android', dateOrder: 'dmy', count: 9,
    records: {
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Sanne de Vries' },
      4: { kind: 'media', media: [null] },
      5: { kind: 'media', media: ['IMG-20240314-WA0004.jpg'] },
      6: { kind: 'deleted' },
      7: { text: 'Bedrag aangepast', edited: true },
      8: { kind: 'system', text: 'Daan Jansen is vertrokken' },
    },
  },
  {
    file: 'android-sv-fi',
    quirk: 'ISO date without comma (Swedish in Finland)',
    platform: 'android', dateOrder: 'ymd', count: 8,
    records: {
      2: { author: null, kind: 'system', text: 'Anna Virtanen lade till Erik Nyström' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Anna Virtanen' },
      4: { kind: 'media', media: [null] },
      5: { kind: 'media', media: ['IMG-20240314-WA0005.jpg'] },
      6: { kind: 'deleted' },
    },
  },
  {
    file: 'android-fi',
    quirk: '"klo" between date and time, dotted time, unpadded day/month/hour',
    platform: 'android', dateOrder: 'dmy', count: 8,
    records: {
      0: { time: [2024, 3, 1, 9, 0, null], kind: 'system' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Matti Virtanen', text: 'Lasku on liitteenä' },
      4: { kind: 'media', media: [null] },
      5: { kind: 'media', media: ['IMG-20240314-WA0006.jpg'] },
      6: { kind: 'deleted' },
      7: { time: [2024, 3, 15, 7, 30, null], kind: 'system' },
    },
  },
  {
    file: 'android-fr',
    quirk: '"à" between date and time; "localisation :" with a space before the colon',
    platform: 'android', dateOrder: 'dmy', count: 11,
    records: {
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Camille Martin', text: 'La facture est jointe 🧾' },
      4: { kind: 'media', media: ['IMG-20240314-WA0007.jpg'], text: 'La nouvelle étagère' },
      5: { kind: 'media', media: [null] },
      6: { kind: 'deleted' },
      7: { text: 'Total corrigé', edited: true },
      8: { kind: 'poll' },
      9: { author: 'Lucas Bernard', kind: 'location' },
      10: { kind: 'system', text: 'Lucas Bernard est parti' },
    },
  },
  {
    file: 'android-es-419',
    quirk: '"p. m." with NBSP inside on some lines, plain space on others; 12 a. m.',
    platform: 'android', dateOrder: 'dmy', count: 11, marks: [NBSP],
    records: {
      0: { time: [2024, 3, 1, 9, 0, null], kind: 'system' },
      2: { author: null, kind: 'system', text: 'Ana García añadió a Luis Pérez' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Ana García' },
      4: { time: [2024, 3, 14, 21, 6, null], kind: 'media', media: ['PTT-20240314-WA0014.opus'] },
      5: { time: [2024, 3, 14, 21, 7, null], kind: 'media', media: [null] },
      6: { kind: 'deleted' },
      7: { text: 'Monto corregido', edited: true },
      8: { time: [2024, 3, 15, 0, 10, null], kind: 'poll' },
      9: { kind: 'location' },
    },
  },
  {
    file: 'android-id',
    quirk: 'dotted time (21.05), no comma',
    platform: 'android', dateOrder: 'dmy', count: 9,
    records: {
      0: { kind: 'system' },
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Budi Santoso', text: 'Fakturnya terlampir 🙏' },
      4: { kind: 'media', media: [null] },
      5: { kind: 'media', media: ['IMG-20240314-WA0008.jpg'] },
      6: { kind: 'deleted' },
      7: { text: 'Jumlahnya sudah benar', edited: true },
      8: { time: [2024, 3, 15, 8, 0, null], kind: 'system' },
    },
  },
  {
    file: 'android-pt-br',
    quirk: 'day-first four-digit year, no comma; Portuguese poll and location',
    platform: 'android', dateOrder: 'dmy', count: 11,
    records: {
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Ana Souza' },
      4: { kind: 'media', media: ['IMG-20240314-WA0009.jpg'] },
      5: { kind: 'media', media: [null] },
      6: { kind: 'deleted', text: 'Mensagem apagada' },
      7: { text: 'Valor corrigido', edited: true },
      8: { kind: 'poll' },
      9: { kind: 'location' },
      10: { kind: 'system', text: 'Bia Lima saiu' },
    },
  },
  {
    file: 'android-it',
    quirk: 'day-first two-digit year with comma; Italian placeholders',
    platform: 'android', dateOrder: 'dmy', count: 11,
    records: {
      3: { time: [2024, 3, 14, 21, 5, null], author: 'Luca Rossi' },
      4: { kind: 'media', media: ['IMG-20240314-WA0010.jpg'] },
      5: { kind: 'media', media: [null] },
      6: { kind: 'deleted' },
      7: { text: 'Importo corretto', edited: true },
      8: { kind: 'poll' },
      9: { kind: 'location' },
      10: { kind: 'system', text: 'Sara Bianchi è uscita' },
    },
  },
  {
    file: 'android-ar',
    quirk: 'Arabic-Indic digits, RLM inside the date, Arabic comma, ص/م for AM/PM',
    platform: 'android', dateOrder: 'dmy', count: 5, marks: [RLM, AC, ARABIC_FOUR],
    records: {
      0: { time: [2022, 4, 1, 9, 0, null], author: null, kind: 'system' },
      1: { time: [2022, 4, 24, 14, 7, null], author: 'عمار لبنان', text: 'السلام عليكم' },
      3: { kind: 'media', media: [null] },
      4: { time: [2022, 4, 25, 0, 15, null], kind: 'deleted' },
    },
  },
  {
    file: 'ios-en-us',
    quirk: 'iOS 2024: brackets, seconds, NNBSP; every event authored by the group or actor with an LRM body',
    platform: 'ios', dateOrder: 'mdy', count: 23, marks: [LRM, NNBSP, LRE, PDF, FSI, PDI, NBH, '\r\n'],
    records: {
      0: {
        time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system',
        text: 'Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.',
      },
      1: { author: null, kind: 'system', text: 'Priya Shah created group “Orders”' },
      3: { author: null, kind: 'system', text: 'Priya Shah changed the group description' },
      4: {
        time: [2024, 3, 14, 21, 5, 41], author: 'Priya Shah', kind: 'message',
        text: 'Invoice 4411 is attached 📎\nSecond line\n\nFourth line after a blank\n[3/14/24 is the deadline] - ok?',
      },
      5: { kind: 'media', media: ['00000035-PHOTO-2024-03-14-21-06-00.jpg'], text: '' },
      6: { kind: 'media', media: ['00000047-Quarterly report.pdf'], text: '' },
      7: { kind: 'media', media: [null], text: '' },
      8: { kind: 'media', media: ['Menu.pdf'], text: '' },
      9: { kind: 'deleted', text: 'This message was deleted.' },
      10: { kind: 'message', text: 'Fixed the total: $40', edited: true },
      11: { author: 'Priya Shah', kind: 'call' },
      12: { kind: 'poll', text: 'POLL:\nLunch on Friday?\nOPTION: Pizza (2 votes)\nOPTION: Salad (0 votes)' },
      13: { kind: 'location', text: 'Location: https://maps.google.com/?q=40.712800,-74.006000' },
      14: { author: null, kind: 'system', text: "~\u202FSam Lee joined using this group's invite link" },
      15: { author: 'Sam Lee', kind: 'message', text: "Hi, I'm new here 👋" },
      16: { author: '+1 (555) 010-0199', text: 'Hello from an unsaved number' },
      17: { text: 'Thanks @Ravi Kumar 🙌' },
      18: { author: null, kind: 'system' },
      20: { author: null, kind: 'system', text: 'Ravi Kumar left' },
      21: { time: [2024, 3, 14, 23, 59, 59], author: null, kind: 'system' },
      22: { time: [2024, 3, 15, 0, 0, 5], author: null, kind: 'system', text: "Priya Shah changed this group's icon" },
    },
  },
  {
    file: 'ios-en-24h',
    quirk: 'US date with a 24 h clock; pre-2023 events without an author, starting with LRM',
    platform: 'ios', dateOrder: 'mdy', count: 10, marks: [LRM],
    records: {
      0: { time: [2022, 1, 3, 9, 0, 10], author: null, kind: 'system' },
      1: { author: null, kind: 'system', text: 'Priya Shah created group “Book club”' },
      3: { time: [2022, 1, 13, 21, 5, 41], author: 'Priya Shah', text: 'First meeting on the 20th 📚' },
      4: { kind: 'media', media: [null] },
      5: { kind: 'media', media: ['00000012-AUDIO-2022-01-13-21-07-15.opus'] },
      6: { author: null, kind: 'system', text: 'Ravi Kumar changed the subject to “Book club: 2022”' },
      7: { time: [2022, 1, 14, 0, 0, 59], kind: 'call', text: 'Video call, 12 min' },
      8: { kind: 'deleted' },
      9: { author: null, kind: 'system', text: 'Ravi Kumar left' },
    },
  },
  {
    file: 'ios-de',
    quirk: 'German iOS: dotted date, <Anhang: …>, "weggelassen", LRM before the edited marker',
    platform: 'ios', dateOrder: 'dmy', count: 11, marks: [LRM],
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system' },
      1: { author: null, kind: 'system', text: 'Jana Müller hat die Gruppe „Bestellungen“ erstellt' },
      4: { kind: 'media', media: ['00000021-PHOTO-2024-03-14-21-06-00.jpg'] },
      5: { kind: 'media', media: [null] },
      6: { kind: 'deleted' },
      7: { text: 'Summe korrigiert', edited: true },
      8: { kind: 'call' },
      9: { kind: 'location' },
      10: { time: [2024, 3, 15, 8, 0, 0], author: null, kind: 'system' },
    },
  },
  {
    file: 'ios-nocomma',
    quirk: 'no comma in the bracket; BOM at the start of the file (a known parser loses message 1 here)',
    platform: 'ios', dateOrder: 'mdy', count: 5, marks: [BOM, LRM],
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system' },
      1: { time: [2024, 3, 14, 21, 5, 41], author: 'Sam Lee', text: 'Are we still on for tonight?' },
      3: { kind: 'media', media: [null] },
      4: { kind: 'media', media: ['00000003-STICKER-2024-03-14-21-08-00.webp'] },
    },
  },
  {
    file: 'ios-id',
    quirk: 'US date, dotted time with seconds, no comma; <lampiran: …>',
    platform: 'ios', dateOrder: 'mdy', count: 7,
    records: {
      1: { author: null, kind: 'system' },
      2: { time: [2024, 3, 14, 21, 5, 41], author: 'Budi Santoso' },
      3: { kind: 'media', media: [null] },
      4: { kind: 'media', media: ['00000005-PHOTO-2024-03-14-21-07-00.jpg'] },
      5: { kind: 'deleted' },
      6: { author: null, kind: 'system', text: 'Sari Dewi keluar' },
    },
  },
  {
    file: 'ios-fi',
    quirk: '"klo" inside the bracket, dotted time; attachment word not in any list (<liite: …>)',
    platform: 'ios', dateOrder: 'dmy', count: 6,
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], kind: 'system' },
      2: { time: [2024, 3, 14, 21, 5, 41], author: 'Matti Virtanen' },
      3: { kind: 'media', media: [null] },
      4: { kind: 'media', media: ['00000006-PHOTO-2024-03-14-21-07-00.jpg'] },
      5: { time: [2024, 3, 15, 7, 30, 0], author: null, kind: 'system' },
    },
  },
  {
    file: 'ios-tr',
    quirk: 'mixed padding (5.03.2024 and 14.03.2024)',
    platform: 'ios', dateOrder: 'dmy', count: 7,
    records: {
      1: { author: null, kind: 'system', text: 'Ayşe Yılmaz “Siparişler” grubunu oluşturdu' },
      2: { time: [2024, 3, 5, 21, 5, 41], author: 'Ayşe Yılmaz', text: 'Fatura ekte 📎' },
      3: { kind: 'media', media: [null] },
      4: { time: [2024, 3, 14, 10, 0, 0], kind: 'deleted' },
      5: { text: 'Tutar düzeltildi', edited: true },
      6: { author: null, kind: 'system' },
    },
  },
  {
    file: 'ios-vi-timefirst',
    quirk: 'time before date inside the bracket',
    platform: 'ios', dateOrder: 'mdy', count: 6,
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system' },
      2: { time: [2024, 3, 14, 21, 5, 41], author: 'Lan Nguyễn', text: 'Hóa đơn đính kèm nhé' },
      3: { kind: 'media', media: [null] },
      4: { kind: 'deleted' },
      5: { time: [2024, 3, 15, 8, 0, 0], author: null, kind: 'system' },
    },
  },
  {
    file: 'ios-zh',
    quirk: 'year first; thin space (U+2009) between date and time on some lines; full-width colon in <附件：…>',
    platform: 'ios', dateOrder: 'ymd', count: 7, marks: [THIN],
    records: {
      1: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system', text: '王芳创建了群组“订单”' },
      2: { time: [2024, 3, 14, 21, 5, 41], author: '王芳', text: '发票在附件里 🧾' },
      3: { time: [2024, 3, 14, 21, 6, 0], kind: 'media', media: [null] },
      4: { kind: 'media', media: ['00000007-PHOTO-2024-03-14-21-07-00.jpg'] },
      5: { kind: 'deleted' },
      6: { author: null, kind: 'system' },
    },
  },
  {
    file: 'ios-th-buddhist',
    quirk: 'Buddhist-era year with "BE" (2567 BE = 2024)',
    platform: 'ios', dateOrder: 'mdy', count: 5,
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system' },
      1: { time: [2024, 3, 14, 21, 5, 41], author: 'สมชาย ใจดี' },
      2: { kind: 'media', media: [null] },
      3: { kind: 'media', media: ['00000008-PHOTO-2024-03-14-21-07-00.jpg'] },
      4: { time: [2024, 3, 15, 8, 0, 0], kind: 'deleted' },
    },
  },
  {
    file: 'ios-ja-era',
    quirk: 'Japanese era year (R6 = Reiwa 6 = 2024)',
    platform: 'ios', dateOrder: 'mdy', count: 5,
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system' },
      1: { time: [2024, 3, 14, 21, 5, 41], author: '山田 花子', text: '請求書を添付しました' },
      2: { kind: 'media', media: [null] },
      3: { kind: 'media', media: ['00000009-PHOTO-2024-03-14-21-07-00.jpg'] },
      4: { time: [2024, 3, 15, 8, 0, 0], author: null, kind: 'system' },
    },
  },
  {
    file: 'ios-ar',
    quirk: 'Arabic iOS: Arabic-Indic digits, RLM in the date, Arabic comma, ص/م',
    platform: 'ios', dateOrder: 'dmy', count: 5, marks: [RLM, AC, LRM, ARABIC_FOUR],
    records: {
      0: { time: [2024, 3, 1, 9, 0, 10], author: null, kind: 'system' },
      1: { time: [2024, 3, 14, 21, 5, 41], author: 'أحمد علي', text: 'الفاتورة مرفقة' },
      2: { kind: 'media', media: [null] },
      3: { kind: 'media', media: ['00000010-PHOTO-2024-03-14-21-07-00.jpg'] },
      4: { time: [2024, 3, 15, 0, 5, 0], kind: 'deleted' },
    },
  },
  {
    file: 'ios-2015',
    quirk: 'old iOS: no brackets, ": " after the time; "NAME <‹LRM›attached>" and "<‹LRM›image omitted>"',
    platform: 'ios', dateOrder: 'mdy', count: 7, marks: [LRM],
    records: {
      0: { time: [2015, 12, 30, 9, 0, 10], author: 'Priya Shah', text: 'Happy holidays! 🎄' },
      1: { kind: 'media', media: ['2015-12-30-PHOTO-00004762.jpg'], text: '' },
      2: { kind: 'media', media: [null], text: '' },
      3: { time: [2016, 4, 5, 10, 0, 0], author: null, kind: 'system' },
      4: { author: 'Priya Shah', text: 'Multi-line\nsecond: line with a colon\n\nlast' },
      5: { time: [2016, 4, 13, 23, 59, 59] },
      6: { time: [2016, 4, 14, 0, 0, 1], author: null, kind: 'system', text: 'Priya Shah changed the subject to “Book club: 2016”' },
    },
  },
  {
    file: 'pre2014-monthnames',
    quirk: 'month names and no year (supplied); "Mar 14, the deadline" inside a message',
    options: { year: 2013 },
    platform: 'android', dateOrder: 'mdy', count: 4,
    records: {
      0: { time: [2013, 3, 1, 9, 0, null], author: 'Priya Shah' },
      1: { text: 'Ha!\nMar 14, the deadline - remember' },
      2: { time: [2013, 3, 14, 21, 5, null], kind: 'media', media: [null] },
      3: { time: [2013, 3, 15, 0, 30, null] },
    },
  },
];

describe('fixture families', () => {
  it.each(families)('$file: $quirk', ({ file, options, platform, dateOrder, count, marks = [], records }) => {
    const text = fixture(file);
    for (const mark of marks) expect(text.includes(mark), `fixture contains U+${mark.codePointAt(0)!.toString(16)}`).toBe(true);
    const result = parseAll(text, options);
    expect(result.platform).toBe(platform);
    expect(result.dateOrder).toBe(dateOrder);
    expect(result.records).toHaveLength(count);
    expect(result.skippedLines).toBe(0);
    for (const [index, expected] of Object.entries(records)) {
      expect(summary(result.records[Number(index)]!), `record ${index}`).toMatchObject(expected);
    }
  });

  // Evidence must survive: the records' original lines, in order, are the file's lines.
  it.each(families)('$file: originals reproduce the file', ({ file, options }) => {
    const text = fixture(file);
    const lines = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').replace(/\n$/, '');
    expect(parseAll(text, options).records.map((r) => r.original).join('\n')).toBe(lines);
  });

  it.each(families)('$file: parsed fields carry no direction marks', ({ file, options }) => {
    for (const r of parseAll(fixture(file), options).records) {
      expect(r.author ?? '').not.toMatch(/[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
      expect(r.text).not.toMatch(/^[\u200E\u200F]/);
      for (const m of r.media) expect(m.name ?? '').not.toMatch(/[\u200E\u200F]/);
    }
  });
});
