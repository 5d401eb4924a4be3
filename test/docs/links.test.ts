/**
 * The design docs live in the repository, and code and docs point at each other correctly: a comment
 * that cites a doc (`docs/architecture.md, "Layers"`, `README, \`wa-archive search\``) names a file and a
 * section that exist, and every source path or relative link in docs/*.md exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** Text files below `dir` (relative to the root), recursively; build output (bench/.build, bench/data) is not the project's text. */
function filesIn(dir: string, ext: RegExp): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith('.') || path === join('bench', 'data')) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return filesIn(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** The comment lines of a source file (tests also name fixture files such as notes.md in code). */
function commentLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => /^\s*(\/\/|\/\*|\*|--)/.test(line) || /\/\/ /.test(line))
    .join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.trim());
}

/** Ways of citing design notes that live outside the repository. */
const FOREIGN = /\bformat doc\b|shared\/docs|architecture notes|\bcli\.md\b|whatsapp-export-format\.md|style\.md/i;

/**
 * What is wrong with the doc citations in `text` (from `file`): a cited .md file that is not in the
 * repository, a cited section its doc lacks, or a reference to notes outside the repository.
 */
function citationProblems(file: string, text: string, root = ROOT): string[] {
  const problems: string[] = [];
  const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined);
  const foreign = FOREIGN.exec(text);
  if (foreign !== null) problems.push(`${file} cites "${foreign[0]}", which is not in the repository`);
  for (const m of text.matchAll(/(?<![\w/.-])((?:[\w-]+\/)*[\w-]+\.md)\b/g)) {
    const cited = m[1]!;
    // By its path from the repository's root (docs/architecture.md, README.md), or in a doc from its folder.
    if (![cited, join(dirname(file), cited)].some((p) => existsSync(join(root, p)))) problems.push(`${file} cites ${cited}, which is not in the repository`);
  }
  for (const m of text.matchAll(/(?:docs\/)?([\w-]+\.md),? "([^"]+)"/g)) {
    const doc = read(join('docs', m[1]!));
    if (doc !== undefined && !headings(doc).includes(m[2]!)) problems.push(`${file} cites section "${m[2]}" of docs/${m[1]}, which has none`);
  }
  const readme = read('README.md') ?? '';
  for (const m of text.matchAll(/README(?:'s)?,? `(wa-archive \w+)`/g)) {
    if (!headings(readme).includes(`\`${m[1]}\``)) problems.push(`${file} cites the README's \`${m[1]}\` section, which it lacks`);
  }
  for (const m of text.matchAll(/README,? "([^"]+)"/g)) {
    // A section is a heading, or a paragraph led by its name in bold (**Which exports are read.**).
    if (!headings(readme).includes(m[1]!) && !readme.includes(`**${m[1]}`)) problems.push(`${file} cites the README's "${m[1]}" section, which it lacks`);
  }
  return problems;
}

/** Source paths and relative links in a doc (`docFile`, relative to the root) that do not exist. */
function docProblems(docFile: string, text: string, root = ROOT): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/(?<![\w/.-])((?:src|test|bench|scripts|fixtures)\/[\w./-]*[\w/])/g)) {
    if (!existsSync(join(root, m[1]!))) problems.push(`${docFile} names ${m[1]}, which does not exist`);
  }
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = m[1]!;
    if (/^[a-z]+:/.test(link)) continue;
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? docFile : relative(root, resolve(root, dirname(docFile), path));
    if (!existsSync(join(root, target))) {
      problems.push(`${docFile} links to ${link}, which does not exist`);
      continue;
    }
    if (anchor !== undefined && target.endsWith('.md') && !headings(readFileSync(join(root, target), 'utf8')).map(slug).includes(anchor)) {
      problems.push(`${docFile} links to ${link}, a section ${target} does not have`);
    }
  }
  return problems;
}

const DOCS = filesIn('docs', /\.md$/);
/** This file: its own examples of broken citations are not citations. */
const SELF = 'test/docs/links.test.ts';

describe('design docs', () => {
  it('the docs are in the repository', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['docs/architecture.md', 'docs/export-format.md']));
  });

  it('the README points to them', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('docs/architecture.md');
    expect(readme).toContain('docs/export-format.md');
  });

  it('code cites only docs (and sections) that are in the repository', () => {
    const problems = [
      ...filesIn('src', /\.ts$/).map((f) => citationProblems(f, readFileSync(join(ROOT, f), 'utf8'))),
      ...['test', 'scripts', 'bench'].flatMap((dir) => filesIn(dir, /\.(ts|mjs)$/))
        .filter((f) => f !== SELF)
        .map((f) => citationProblems(f, commentLines(readFileSync(join(ROOT, f), 'utf8')))),
    ].flat();
    expect(problems).toEqual([]);
  });

  it.each([...DOCS, 'README.md'])('%s names only source paths and links that exist', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    expect(docProblems(doc, text)).toEqual([]);
    expect(citationProblems(doc, text)).toEqual([]);
  });

  it('the checks catch each kind of broken reference', () => {
    expect(citationProblems('a.ts', '// as cli.md says; see notes/plan.md and docs/architecture.md, "No such part"; README, `wa-archive nope`'))
      .toEqual([
        'a.ts cites "cli.md", which is not in the repository',
        'a.ts cites cli.md, which is not in the repository',
        'a.ts cites notes/plan.md, which is not in the repository',
        'a.ts cites section "No such part" of docs/architecture.md, which has none',
        "a.ts cites the README's `wa-archive nope` section, which it lacks",
      ]);
    expect(citationProblems('a.ts', '// (format doc, section 3)')).toEqual(['a.ts cites "format doc", which is not in the repository']);
    expect(citationProblems('a.ts', '// (architecture.md, "Deduplication")')).toEqual([
      'a.ts cites architecture.md, which is not in the repository',
      'a.ts cites section "Deduplication" of docs/architecture.md, which has none',
    ]);
    expect(docProblems('docs/x.md', 'See `src/nowhere.ts`, [y](missing.md) and [z](architecture.md#no-such-section).')).toEqual([
      'docs/x.md names src/nowhere.ts, which does not exist',
      'docs/x.md links to missing.md, which does not exist',
      'docs/x.md links to architecture.md#no-such-section, a section docs/architecture.md does not have',
    ]);
    expect(docProblems('docs/x.md', 'See `src/ops/import.ts`, [a](architecture.md#layers), [r](../README.md).')).toEqual([]);
  });
});
