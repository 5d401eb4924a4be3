import { mediaStatus, type MessageView } from '../ops/views.js';
import { safeLine } from './safeText.js';

/** How text output shows an attachment, the same in show and search -C: stored, missing, or not exported. */
export function mediaLabel(media: MessageView['media'][number]): string {
  const status = mediaStatus(media.name, media.sha256);
  return status === 'not-exported' ? '[media not exported]' : status === 'missing' ? `[missing: ${safeLine(media.name!)}]` : `[media: ${safeLine(media.name!)}]`;
}
