import { csvWriter } from './csv.js';
import { htmlWriter } from './html.js';
import { jsonWriter } from './json.js';
import { txtWriter } from './txt.js';
import type { ExportWriter } from './types.js';

/** `--format` → its writer (`bundle` is not a writer: it packs the others, see ops). */
export const WRITERS = {
  json: jsonWriter,
  csv: csvWriter,
  txt: txtWriter,
  html: htmlWriter,
} as const satisfies Record<string, ExportWriter>;

export type WriterFormat = keyof typeof WRITERS;
