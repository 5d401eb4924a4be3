// The CLI's one door to the store for opening an archive (cli talks to ops only: test/layers.test.ts).
export { archiveExists, openArchive, type Archive } from '../store/open.js';
