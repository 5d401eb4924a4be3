import type { PlaceholderTable } from './types.js';

/** Italian. Source: a public Dart WhatsApp-export parser's localized table (code search "immagine omessa"). */
export const it: PlaceholderTable = {
  omitted: [
    'immagine omessa', 'video omesso', 'audio omesso', 'GIF esclusa', 'sticker non incluso', 'documento omesso',
    'Scheda contatto omessa', 'GIF omessa', 'sticker omesso',
  ],
  deleted: ['Questo messaggio è stato eliminato', 'Hai eliminato questo messaggio'],
};
