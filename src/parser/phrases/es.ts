import type { PlaceholderTable } from './types.js';

/** Spanish. Source: a public Dart WhatsApp-export parser's localized table (code search "imagen omitida"). */
export const es: PlaceholderTable = {
  omitted: [
    'imagen omitida', 'video omitido', 'audio omitido', 'GIF omitido', 'sticker omitido', 'documento omitido',
    'Tarjeta de contacto omitida',
  ],
  deleted: ['Se eliminó este mensaje', 'Eliminaste este mensaje', 'Este mensaje fue eliminado'],
};
