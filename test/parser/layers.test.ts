/**
 * The layer rule (docs/architecture.md, "Layers"): parser/, retention/ and export/ import neither the file system nor
 * better-sqlite3, and never touch `process`; the parser also never builds a Date (it returns wall time).
 * Sources are read as text and walked with the TypeScript parser, so comments and strings never count.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
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
