// Builds dist/ once before the tests: many spawn dist/cli.js, and those that import the sources start
// the import writer's thread from dist/writerWorker.js (store/writer.ts), which must match them.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
}
