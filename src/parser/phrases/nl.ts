import type { PlaceholderTable } from './types.js';

/** Dutch. Source: Android's `<Media weggelaten>` (docs/export-format.md) and the iOS pattern of the other languages (best effort). */
export const nl: PlaceholderTable = {
  omitted: [
    'afbeelding weggelaten', 'video weggelaten', 'audio weggelaten', 'GIF weggelaten', 'sticker weggelaten',
    'document weggelaten', 'contactkaart weggelaten',
  ],
  deleted: ['Dit bericht is verwijderd', 'Je hebt dit bericht verwijderd'],
};
