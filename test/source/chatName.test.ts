import { describe, expect, it } from 'vitest';
import { chatNameFromFileName, isWhatsAppExportName } from '../../src/source/chatName.js';

// [file name, expected chat name, why this row exists]
const rows: [string, string, string][] = [
  ['WhatsApp Chat with Priya Shah.txt', 'Priya Shah', 'Android, English'],
  ['WhatsApp Chat - Orders.zip', 'Orders', 'iOS zip'],
  ['WhatsApp Chat - Orders', 'Orders', 'unzipped iOS folder: no extension'],
  ['WhatsApp Chat mit J\u00F6rg.txt', 'J\u00F6rg', 'German'],
  ['Chat de WhatsApp con Luc\u00EDa.txt', 'Luc\u00EDa', 'Spanish'],
  ['Discussion WhatsApp avec \u00C9lodie.txt', '\u00C9lodie', 'French'],
  ['Chat WhatsApp con Giulia.txt', 'Giulia', 'Italian'],
  ['Conversa do WhatsApp com Jo\u00E3o.txt', 'Jo\u00E3o', 'Portuguese'],
  ['\u0427\u0430\u0442 WhatsApp \u0441 \u041E\u043B\u044C\u0433\u0430.txt', '\u041E\u043B\u044C\u0433\u0430', 'Russian'],
  ['WhatsApp-chat met Daan.txt', 'Daan', 'Dutch'],
  ['Chat WhatsApp s u\u017Eivatelem Petr.txt', 'Petr', 'Czech'],
  ['Chat WhatsApp s uz\u030Civatelem Petr.txt', 'Petr', 'Czech written decomposed (NFD), as macOS stores names'],
  ['Ay\u015Fe ile WhatsApp Sohbeti.txt', 'Ay\u015Fe', 'Turkish: the name comes first'],
  ['WhatsApp_Chat_with_Priya_Shah.txt', 'Priya Shah', 'spaces turned into underscores in transit'],
  ['WhatsApp%20Chat%20with%20Priya%20Shah.txt', 'Priya Shah', 'spaces percent-escaped in transit'],
  ['WhatsApp Chat with Priya Shah (1).txt', 'Priya Shah', 'copy suffix from a second download'],
  ['WhatsApp Chat with Priya Shah (2) (1).txt', 'Priya Shah', 'copy suffixes stacked'],
  ['WhatsApp Chat with Priya Shah_1665257554.txt', 'Priya Shah', 'Unix-seconds suffix'],
  ['WhatsApp Chat with Priya Shah_1665257554123 (1).zip', 'Priya Shah', 'Unix-ms suffix, then a copy suffix'],
  ['WhatsApp Chat_1665257554.txt', 'WhatsApp Chat', 'nothing after the prefix: keep the cleaned base name'],
  ['WhatsApp Chat with\u00A0Priya\u00A0Shah.txt', 'Priya Shah', 'NBSP inside a localized file name'],
  ['WhatsApp Chat - Family \u{1F3E0}.zip', 'Family \u{1F3E0}', 'emoji kept'],
  ['WhatsApp%20Chat%20-%20Family%20%F0%9F%8F%A0.zip', 'Family \u{1F3E0}', 'percent-escaped emoji decoded'],
  ['Ay%C5%9Fe_ile_WhatsApp_Sohbeti_(1).txt', 'Ay\u015Fe', 'Turkish suffix, escaped and underscored, with copy suffix'],
  ['WhatsApp Chat with Priya Shah.TXT', 'Priya Shah', 'upper-case extension'],
  ['WhatsApp Chat with 100% Tea.txt', '100% Tea', 'a lone % is not an escape'],
  ['WhatsApp Chat with Team_2024.txt', 'Team 2024', 'a short number is part of the name, not a timestamp'],
  ['WhatsApp_Chat_with_+49_1512345678.txt', '+49 1512345678', 'the last group of a phone number is not a timestamp'],
  ['whatsapp chat with priya.txt', 'whatsapp chat with priya', 'prefixes are matched as WhatsApp writes them'],
  ['Priya Shah.txt', 'Priya Shah', 'no prefix at all'],
  ['.txt', '.txt', 'nothing but an extension: never empty'],
  ['', 'WhatsApp Chat', 'empty input: never empty'],
];

describe('chatNameFromFileName', () => {
  it.each(rows)('%s -> %s (%s)', (fileName, expected) => {
    expect(chatNameFromFileName(fileName)).toBe(expected);
  });
});

describe('isWhatsAppExportName', () => {
  it.each([
    ['WhatsApp Chat with Priya Shah.txt', true],
    ['WhatsApp_Chat_-_Orders.txt', true],
    ['Chat de WhatsApp con Luc\u00EDa.txt', true],
    ['Ay\u015Fe ile WhatsApp Sohbeti.txt', true],
    ['WhatsApp Chat_1665257554.txt', true],
    ['notes.txt', false],
    ['_chat.txt', false],
  ])('%s -> %s', (fileName, expected) => {
    expect(isWhatsAppExportName(fileName)).toBe(expected);
  });
});
