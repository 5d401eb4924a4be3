import { mapBusy } from '../store/errors.js';
import type { Archive } from '../store/open.js';
import { refreshSearchData, type SearchRefresh } from '../store/vocabulary.js';
import type { AddedRows } from '../store/writerAdded.js';

/** What a refresh did: added the new messages' terms and time blocks, or rebuilt them whole; and how long it took. */
export interface SearchDataRefresh {
  refresh: SearchRefresh;
  seconds: number;
}

/**
 * Brings search's derived data (the vocabulary that --fuzzy and "did you mean" draw on, and the time
 * blocks of newest-first searches) up to date with the messages as they are now (store/vocabulary.ts:
 * in proportion to what an import added; whole after a deletion). Call after every change of the set of
 * messages (import, purge): a suggestion must never name a word the archive no longer holds. `added`:
 * what an import's writer added (ArchiveWriter `addedRows`), which spares a first import reading every
 * message again.
 */
export function refreshSearchVocabulary(archive: Archive, added?: AddedRows): SearchDataRefresh {
  const started = performance.now();
  const refresh = mapBusy(() => refreshSearchData(archive.db, added));
  return { refresh, seconds: (performance.now() - started) / 1000 };
}
