import type { PlaceholderTable } from './types.js';

/** English. Source: WhatsApp iOS exports (docs/export-format.md, "Bodies and kinds"); Pustur/whatsapp-chat-parser fixtures. */
export const en: PlaceholderTable = {
  omitted: [
    'image omitted', 'video omitted', 'audio omitted', 'GIF omitted', 'sticker omitted', 'Contact card omitted',
    'video note omitted', 'document omitted',
  ],
  deleted: ['This message was deleted', 'You deleted this message', 'This message was deleted by an admin'],
};
