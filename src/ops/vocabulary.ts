import { mapBusy } from '../store/errors.js';
import type { Archive } from '../store/open.js';
import { refreshSearchData } from '../store/vocabulary.js';

/**
 * Rebuilds search's derived data (the vocabulary that --fuzzy and "did you mean" draw on, and the time
 * blocks of newest-first searches) from the messages as they are now. Call after every change of the
 * set of messages (import, purge): a suggestion must never name a word the archive no longer holds.
 */
export function refreshSearchVocabulary(archive: Archive): void {
  mapBusy(() => refreshSearchData(archive.db));
}
