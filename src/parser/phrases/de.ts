import type { PlaceholderTable } from './types.js';

/**
 * German. Source: a public Dart WhatsApp-export parser's localized system-message table (found by code
 * search for "Bild weggelassen"; `Kontaktkarte ausgelassen`, `Dokument weggelassen`), and Python export
 * readers listing `Videonachricht weggelassen`-style placeholders.
 */
export const de: PlaceholderTable = {
  omitted: [
    'Bild weggelassen', 'Video weggelassen', 'Audio weggelassen', 'GIF weggelassen', 'Sticker weggelassen',
    'Dokument weggelassen', 'Kontaktkarte ausgelassen', 'Kontaktkarte weggelassen', 'Videonachricht weggelassen',
  ],
  deleted: ['Diese Nachricht wurde gelöscht', 'Du hast diese Nachricht gelöscht'],
};
