import type { PlaceholderTable } from './types.js';

/** French. Source: a public Dart WhatsApp-export parser's localized table (code search "image absente"). */
export const fr: PlaceholderTable = {
  omitted: [
    'image absente', 'vidéo absente', 'audio omis', 'GIF retiré', 'sticker omis', 'document manquant',
    'Fiche contact manquante',
    // The forms seen in public parsers' notes: `absent(e)` for every kind.
    'audio absent', 'GIF absent', 'sticker absent', 'autocollant absent', 'document absent', 'fiche contact absente',
  ],
  deleted: ['Ce message a été supprimé', 'Vous avez supprimé ce message'],
};
