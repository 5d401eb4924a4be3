// Reading an audit entry's details back as its kind (integrity/auditEntry.ts). Only the fields that verify,
// the policy replay, status and bundle checks act on are checked; the entry's hash covers the rest.
import type { AuditOperation, AuditRecord } from './auditEntry.js';

/** An entry's details that are not JSON, or not the shape its operation writes: altered, or written by hand. */
export class UnreadableEntry extends Error {
  override name = 'UnreadableEntry';
}

type Fields = Record<string, unknown>;

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);
const listOf = (v: unknown, item: (x: Fields) => boolean) => Array.isArray(v) && v.every((x) => isObject(x) && item(x));
const importDigest = (x: Fields) => isNumber(x.importId) && isNumber(x.messages) && isString(x.digest);
const policyOrNull = (v: unknown) => v === null || (isObject(v) && isString(v.period) && Array.isArray(v.presets) && v.presets.every(isString));

/** Per operation: whether the details have what readers rely on. */
const SHAPES: Record<AuditOperation, (d: Fields) => boolean> = {
  import: (d) =>
    (d.importId === null || isNumber(d.importId)) && isNumber(d.added) && (d.digest === null || isString(d.digest)) && isString(d.chat) &&
    isString(d.source) && (d.deletedLater === undefined || (Array.isArray(d.deletedLater) && d.deletedLater.every(isNumber))),
  export: (d) => isString(d.format) && (d.manifest === undefined || isString(d.manifest)),
  purge: (d) => typeof d.dryRun === 'boolean' && isNumber(d.total) && listOf(d.removed, importDigest),
  retention: (d) => (d.scope === 'default' || d.scope === 'chat') && (d.chat === null || isString(d.chat)) && policyOrNull(d.new),
  hold: (d) => isString(d.chat) && (d.action === 'add' || d.action === 'update' || d.action === 'remove') && isString(d.reason),
  upgrade: (d) => listOf(d.imports, importDigest),
  'media-attached': (d) => isNumber(d.importId) && listOf(d.files, (f) => isNumber(f.messageId) && isNumber(f.position) && isString(f.sha256)),
  alias: (d) => isString(d.chat) && isString(d.alias) && isString(d.author),
};

/**
 * The entry's details as its kind; null for an operation this version does not know (a later version of
 * wa-archive wrote it: there is nothing here to check it against). Throws UnreadableEntry.
 */
export function readAuditRecord(operation: string, details: string): AuditRecord | null {
  let data: unknown;
  try {
    data = JSON.parse(details);
  } catch {
    throw new UnreadableEntry('its details are not JSON');
  }
  if (!isObject(data)) throw new UnreadableEntry('its details are not a JSON object');
  if (!Object.hasOwn(SHAPES, operation)) return null;
  if (!SHAPES[operation as AuditOperation](data)) throw new UnreadableEntry(`its details are not those of a '${operation}' entry`);
  return { operation, details: data } as AuditRecord;
}

/** The entries with their records, leaving out those this version cannot read (whole-archive verify reports them). */
export function* readableRecords<E extends { operation: string; details: string }>(entries: Iterable<E>): Generator<{ entry: E; record: AuditRecord }> {
  for (const entry of entries) {
    try {
      const record = readAuditRecord(entry.operation, entry.details);
      if (record !== null) yield { entry, record };
    } catch (error) {
      if (!(error instanceof UnreadableEntry)) throw error;
    }
  }
}
