// Bundles the CLI so that start-up loads one small entry file; each command's code is a separate
// chunk loaded only when that command runs (docs/architecture.md, "Measured decisions": start-up is most of a search).
import { build } from 'esbuild';
import { rmSync, chmodSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  // The import writer's thread is an entry of its own: store/writer.ts starts it from dist/writerWorker.js.
  entryPoints: { cli: 'src/cli/main.ts', writerWorker: 'src/store/writerWorker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Everything but the native SQLite driver is bundled (docs/architecture.md, "Measured decisions"): fewer files to resolve at start.
  external: ['better-sqlite3'],
  // Bundled CommonJS packages (yauzl, yazl) call require() for Node's own modules.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __waCreateRequire } from 'node:module';\nconst require = __waCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
