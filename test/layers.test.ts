/**
 * The layer rules (docs/architecture.md, "Layers"). 1. Every import between src/'s folders is an edge the table below
 * allows: cli talks to ops only, ops to the inner layers, and so on. 2. parser/, retention/ and export/
 * import neither the file system nor better-sqlite3, and never touch `process`; the parser also never
 * builds a Date (it returns wall time). Sources are read as text and walked with the TypeScript parser,
 * so comments and strings never count.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FORBIDDEN_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'better-sqlite3']);

/** Every .ts file below `dir` (none when the layer does not exist yet). */
function sourcesIn(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourcesIn(relative(ROOT, path));
    return /\.[cm]?tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** What a source file does that a pure layer must not: forbidden imports and `process`/`Date` uses. */
function violations(source: string, fileName = 'source.ts', forbidDate = false): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const checkModule = (node: ts.Node, specifier: ts.Node | undefined) => {
    if (specifier !== undefined && ts.isStringLiteralLike(specifier) && FORBIDDEN_MODULES.has(specifier.text)) {
      found.push(`${where(node)} imports ${specifier.text}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) checkModule(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      checkModule(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        checkModule(node, node.arguments[0]);
      }
    } else if (ts.isIdentifier(node) && isValueReference(node)) {
      if (node.text === 'process') found.push(`${where(node)} uses process`);
      if (forbidDate && node.text === 'Date') found.push(`${where(node)} uses Date`);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'globalThis') {
      if (node.name.text === 'process') found.push(`${where(node)} uses globalThis.process`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** An identifier that names a global value, not a property (`x.process`), key (`{ process: 1 }`) or declaration. */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) ||
    ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  return true;
}

/**
 * Which folders of src/ each folder may import (itself always): `values` for anything, `types` for
 * `import type` only (erased at build time: a shape shared, not a dependency run). A subfolder counts
 * as its top folder (cli/commands is cli). `package.json` is the one file outside src/ that may be read.
 */
const ALLOWED: Record<string, { values: string[]; types?: string[] }> = {
  cli: { values: ['ops', 'package.json'] },
  ops: { values: ['store', 'export', 'source', 'parser', 'retention', 'search', 'integrity'] },
  // The writers take the messages as store/messages.ts shapes them (MessageView), and read nothing.
  export: { values: ['parser', 'source'], types: ['store'] },
  store: { values: ['integrity', 'retention', 'search'] },
  integrity: { values: ['retention'] },
  source: { values: ['parser'] },
  search: { values: [] },
  retention: { values: [] },
  parser: { values: [] },
};

interface Edge {
  /** file:line of the import. */
  where: string;
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The folder of src/ a path is in (its top folder), or the file's name for a file outside src/. */
function folderOf(path: string): string {
  const rel = relative(join(ROOT, 'src'), path);
  if (rel.startsWith('..')) return relative(ROOT, path).split(sep).join('/');
  return rel.split(sep)[0]!;
}

/** Every import and re-export of another file of the project in a source: static, dynamic and `import x =`. */
function edgesOf(source: string, path: string): Edge[] {
  const fileName = relative(ROOT, path);
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: Edge[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return;
    const target = resolve(dirname(path), specifier.text);
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push({ where: `${fileName}:${line}`, from: folderOf(path), to: folderOf(target), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The edges the table does not allow, as `file:line cli -> store`. */
function forbidden(edges: readonly Edge[]): string[] {
  return edges
    .filter((e) => {
      if (e.from === e.to) return false;
      const rule = ALLOWED[e.from];
      if (rule === undefined) return true;
      return !rule.values.includes(e.to) && !(e.typeOnly && (rule.types ?? []).includes(e.to));
    })
    .map((e) => `${e.where} ${e.from} -> ${e.to}${e.typeOnly ? ' (types)' : ''}`);
}

describe('import edges', () => {
  const sources = sourcesIn('src');
  const edges = sources.flatMap((path) => edgesOf(readFileSync(path, 'utf8'), path));

  it('the table covers every folder of src/, and each of them is read', () => {
    const folders = readdirSync(join(ROOT, 'src')).filter((name) => statSync(join(ROOT, 'src', name)).isDirectory());
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort());
    expect(sources.length).toBeGreaterThanOrEqual(100);
    expect(new Set(edges.map((e) => e.from))).toEqual(new Set(Object.keys(ALLOWED)));
  });

  it('every import between folders is one the table allows', () => {
    expect(forbidden(edges)).toEqual([]);
  });

  it('the scan catches a forbidden edge of each kind, and allows what the table allows', () => {
    const cli = join(ROOT, 'src/cli/commands/bad.ts');
    const bad = [
      "import type { Archive } from '../../store/open.js';",
      "const { showChat } = await import('../../ops/show.js');",
      "const { openArchive } = await import('../../store/open.js');",
      "export { ArchiveError } from '../../store/errors.js';",
      "import { CliError } from '../errors.js';",
      "type A = import('../../store/open.js').Archive;",
      "import pkg from '../../../package.json' with { type: 'json' };",
      "import { x } from '../../../test/helpers/cli.js';",
    ].join('\n');
    expect(forbidden(edgesOf(bad, cli))).toEqual([
      'src/cli/commands/bad.ts:1 cli -> store (types)',
      'src/cli/commands/bad.ts:3 cli -> store',
      'src/cli/commands/bad.ts:4 cli -> store',
      'src/cli/commands/bad.ts:6 cli -> store (types)',
      'src/cli/commands/bad.ts:8 cli -> test/helpers/cli.js',
    ]);
    const writer = join(ROOT, 'src/export/bad.ts');
    const shapes = [
      "import type { MessageView } from '../store/messages.js';",
      "import { type MediaView } from '../store/messages.js';",
      "import { isoTime } from '../store/messages.js';",
      "import { readMediaFile, type MediaView } from '../store/media.js';",
    ].join('\n');
    expect(forbidden(edgesOf(shapes, writer))).toEqual(['src/export/bad.ts:3 export -> store', 'src/export/bad.ts:4 export -> store']);
  });
});


describe('layer rule', () => {
  it('finds the parser sources (so an empty scan cannot pass by accident)', () => {
    expect(sourcesIn('src/parser').length).toBeGreaterThanOrEqual(5);
  });

  it.each(['src/parser', 'src/retention', 'src/export'])('%s imports neither fs nor better-sqlite3 and never uses process', (dir) => {
    const found = sourcesIn(dir).flatMap((path) =>
      violations(readFileSync(path, 'utf8'), relative(ROOT, path), dir === 'src/parser'),
    );
    expect(found).toEqual([]);
  });

  it('the scan catches each kind of violation', () => {
    const bad = [
      "import { readFileSync } from 'node:fs';",
      "import * as fs from 'fs';",
      "export { default } from 'better-sqlite3';",
      "const p = await import('fs/promises');",
      "const cwd = process.cwd();",
      'const env = globalThis.process;',
      'const now = new Date();',
    ].join('\n');
    expect(violations(bad, 'bad.ts', true)).toEqual([
      'bad.ts:1 imports node:fs',
      'bad.ts:2 imports fs',
      'bad.ts:3 imports better-sqlite3',
      'bad.ts:4 imports fs/promises',
      'bad.ts:5 uses process',
      'bad.ts:6 uses globalThis.process',
      'bad.ts:7 uses Date',
    ]);
  });

  it('comments, strings and property names do not count', () => {
    const fine = [
      '// reads process.env? no: the CLI does',
      "const s = 'process';",
      'const o = { process: 1 };',
      'o.process = 2;',
      "import type { WallTime } from './types.js';",
    ].join('\n');
    expect(violations(fine, 'fine.ts', true)).toEqual([]);
  });
});
