// What the CLI shows results with, from the inner layers: the message shape, its JSON form and marks,
// search's highlighting, the retention presets, the archive files with loose modes (cli talks to ops only:
// test/layers.test.ts).
export { ChunkedSink } from '../export/chunked.js';
export { jsonMedia, mediaStatus } from '../export/json.js';
export { DELETED_LATER_MARK } from '../export/types.js';
export { PRESETS } from '../retention/presets.js';
export type { Policy } from '../retention/period.js';
export { applyRanges, excerpt } from '../search/highlight.js';
export type { MessageView } from '../store/messages.js';
export { looseModes, type LooseMode } from '../store/private.js';
