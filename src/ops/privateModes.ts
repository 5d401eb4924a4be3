// Which of the archive's files others may use, for `verify` and `status`: the walk of the archive's
// layout is the store's (store/private.ts looseModes).
export { looseModes, type LooseMode } from '../store/private.js';
