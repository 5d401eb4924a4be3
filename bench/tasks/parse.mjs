// Child process of bench/run.mjs: parses one export with one parser and reports, as one JSON line on
// stdout, the parse's wall time (reading the file is not timed) and the peak RSS of this whole process.
//
//   node --expose-gc bench/tasks/parse.mjs whatsapp-chat-parser|wa-archive FILE [BUNDLED_PARSER]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [which, file, bundle] = process.argv.slice(2);

let parse;
if (which === 'whatsapp-chat-parser') {
  const { parseString } = await import('whatsapp-chat-parser');
  parse = (text) => {
    const messages = parseString(text);
    return { count: messages.length, system: messages.filter((m) => m.author === null).length };
  };
} else if (which === 'wa-archive') {
  const { parseExport } = await import(pathToFileURL(bundle).href);
  parse = (text) => {
    // Records stream: every one is read, as the import reads them, without keeping them all.
    const result = parseExport(text);
    let count = 0;
    let system = 0;
    for (const r of result.records) {
      count++;
      if (r.kind === 'system') system++;
    }
    return { count, system, skippedLines: result.skippedLines, dateOrder: result.dateOrder };
  };
} else {
  throw new Error(`unknown parser ${which}`);
}

const text = readFileSync(file, 'utf8');
globalThis.gc?.();
const started = performance.now();
const details = parse(text);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, maxRssKiB: process.resourceUsage().maxRSS, ...details }));
