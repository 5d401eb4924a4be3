// Bundles the CLI into one CommonJS file, dist/main.js, run by a small entry, dist/cli.js, through V8's
// code cache (src/cli/bin.ts). CommonJS rather than ESM: Node loads one CommonJS file without its ES
// module loader (resolving, reading and linking each chunk asynchronously), and only a classic script
// can use a code cache on Node 20. Measured in README "Start time and scale". The sources stay ES modules.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * commander requires node:child_process when it loads, only to run subcommands that are programs of their
 * own (wa-archive has none): with it, every start also loaded child_process and dgram. Required on use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(eager)) throw new Error(`${args.path}: commander no longer starts with "${eager}"; update scripts/build.mjs`);
      return { contents: source.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

/**
 * chalk probes the terminal when it loads (its vendored supports-color calls tty.isatty, which loads node:tty
 * and node:net: several milliseconds of every start) for its default instances, which wa-archive never uses:
 * src/cli/io.ts decides colour itself and makes each instance with an explicit level.
 */
const noColorProbe = {
  name: 'no-color-probe',
  setup(build) {
    build.onLoad({ filter: /[\\/]chalk[\\/]source[\\/]vendor[\\/]supports-color[\\/]index\.js$/ }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Everything is bundled, the SQLite driver's JavaScript too (docs/architecture.md, "Measured decisions"): no
  // file to resolve, read and compile at start outside the code cache. Its compiled addon is loaded by path
  // (store/open.ts nativeBinding), so the driver never calls `bindings`, its lookup of the addon.
  external: ['bindings'],
  // import() of a Node module becomes require(): the code-cached script has no ES module loader to call.
  supported: { 'dynamic-import': false },
  // import.meta.url, as an ES module would see it.
  define: { 'import.meta.url': '__waImportMetaUrl' },
  banner: { js: "#!/usr/bin/env node\nconst __waImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  plugins: [lazyChildProcess, noColorProbe],
};

rmSync('dist', { recursive: true, force: true });
// dist/main.js is run only by dist/cli.js, as one function (src/cli/bin.ts): it is written already wrapped the way
// Node wraps a CommonJS file, minified (half the text to read and compile at each start) and in ASCII only, which
// V8 reads and keeps as one byte per character.
await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts' },
  minify: true,
  banner: { js: `(function (exports, require, module, __filename, __dirname) {${common.banner.js.replace(/^#!.*\n/, '')}` },
  footer: { js: '})' },
});
writeFileSync('dist/main.js', asciiOnly(readFileSync('dist/main.js', 'utf8')));
// The import writer's thread is an entry of its own: store/writer.ts starts it from dist/writerWorker.js.
await build({ ...common, entryPoints: { writerWorker: 'src/store/writerWorker.ts' } });
// The package is "type": "module"; the .js files in dist/ are CommonJS.
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
const digest = createHash('sha256').update(readFileSync('dist/main.js')).digest('hex').slice(0, 16);
await build({ ...common, entryPoints: { cli: 'src/cli/bin.ts' }, define: { ...common.define, WA_BUILD: JSON.stringify(`${pkg.version}-${digest}`) } });
chmodSync('dist/cli.js', 0o755);

/**
 * esbuild escapes non-ASCII characters except inside regular expression literals (the parser's many languages).
 * A \uXXXX escape means the same character there, in a string, a template or a comment (for a character
 * beyond U+FFFF, its two surrogate escapes: the same code point in a /u expression, the same code units otherwise).
 */
function asciiOnly(text) {
  return text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
