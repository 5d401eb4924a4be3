// What the import writer's thread (store/writerWorker.ts) added in one run, summed as it writes: what
// search's time blocks and the per-chat counts are made of (store/vocabulary.ts, store/chatCounts.ts).
// A first import used to rebuild them after its commit by reading every message again (measured on the
// 1M-message benchmark import: 0.38 s for the time blocks, 0.62 s for the counts, 0.1 s for the
// attachments, on the caller's thread after everything else); the thread sums them while it writes.
import type { Database } from 'better-sqlite3';
import type { NewMediaRef } from './imports.js';
import { BLOCK_BITS } from './vocabulary.js';

/**
 * The sums of the committed rows, as the thread hands them over. They are every message of the archive
 * exactly when it had none before the run and nothing else changed it between the run's transactions
 * (`fromEmpty`), nothing changed it since (its audit log still ends at `auditSeq`: every import, purge
 * and export appends to it) and it holds `messages` rows (none was removed again).
 */
export interface AddedRows {
  fromEmpty: boolean;
  auditSeq: number | null;
  messages: number;
  /** As search_time_blocks: block, chat, first and last id, earliest and latest time. */
  blocks: [number, number, number, number, number, number][];
  /** As chat_counts: chat, month, author, messages. */
  counts: [number, string, string | null, number][];
  /** As chat_media: chat, file-name suffix, stored (0/1), attachments. */
  media: [number, string | null, number, number][];
}

type Block = AddedRows['blocks'][number];
/** key → key → … → count. */
type Tree<K, V> = Map<K, V>;

/** One transaction's sums, or the committed run's. */
class Sums {
  messages = 0;
  /** chat → block → bounds. */
  readonly blocks: Tree<number, Tree<number, Block>> = new Map();
  /** chat → month → author → messages. */
  readonly counts: Tree<number, Tree<string, Tree<string | null, number>>> = new Map();
  /** chat → suffix → stored → attachments. */
  readonly media: Tree<number, Tree<string | null, Tree<number, number>>> = new Map();

  addTo(into: Sums): void {
    into.messages += this.messages;
    for (const [chat, blocks] of this.blocks) {
      for (const [number, b] of blocks) {
        const a = branch(into.blocks, chat).get(number);
        if (a === undefined) branch(into.blocks, chat).set(number, b);
        else [a[2], a[3], a[4], a[5]] = [Math.min(a[2], b[2]), Math.max(a[3], b[3]), Math.min(a[4], b[4]), Math.max(a[5], b[5])];
      }
    }
    for (const [chat, months] of this.counts) {
      for (const [month, authors] of months) for (const [author, n] of authors) add(branch(branch(into.counts, chat), month), author, n);
    }
    for (const [chat, suffixes] of this.media) {
      for (const [suffix, stored] of suffixes) for (const [s, n] of stored) add(branch(branch(into.media, chat), suffix), s, n);
    }
  }
}

function branch<K, L, V>(tree: Tree<K, Tree<L, V>>, key: K): Tree<L, V> {
  let next = tree.get(key);
  if (next === undefined) tree.set(key, (next = new Map()));
  return next;
}

function add<K>(counts: Map<K, number>, key: K, n: number): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}

/** The thread's sums over a run (a writer's life), by transaction. */
export class AddedRowsSum {
  private committed = new Sums();
  private open = new Sums();
  private fromEmpty: boolean | null = null;
  /** The archive's last audit entry after this writer's last commit; undefined before its first. */
  private auditSeq: number | null | undefined = undefined;
  // What the previous row used, kept while consecutive rows share it (most do).
  private block: Block | null = null;
  private chat = 0;
  private month = '';
  private authors: Map<string | null, number> | null = null;

  /** Whether `start` is still to be called (before the run's first row). */
  get starting(): boolean {
    return this.fromEmpty === null;
  }

  /** `empty`: the archive holds no message, before the run's first row. */
  start(empty: boolean): void {
    this.fromEmpty = empty;
  }

  /**
   * A transaction begins, the archive's last audit entry being `auditSeq`: when it is not the one after
   * this writer's last commit, something else changed the archive in between.
   */
  begin(auditSeq: number | null): void {
    this.rollback();
    if (this.auditSeq !== undefined && auditSeq !== this.auditSeq) this.fromEmpty = false;
  }

  /** A row written in the open transaction. */
  add(id: number, chat: number, ts: number, local: string, author: string | null, media: readonly NewMediaRef[]): void {
    const sums = this.open;
    sums.messages++;
    const number = id >> BLOCK_BITS;
    let b = this.block;
    if (b === null || b[0] !== number || b[1] !== chat) {
      const blocks = branch(sums.blocks, chat);
      b = blocks.get(number) ?? null;
      if (b === null) blocks.set(number, (b = [number, chat, id, id, ts, ts]));
      this.block = b;
    }
    b[2] = Math.min(b[2], id);
    b[3] = Math.max(b[3], id);
    b[4] = Math.min(b[4], ts);
    b[5] = Math.max(b[5], ts);
    // 'YYYY-MM', as substr(local, 1, 7).
    if (this.authors === null || chat !== this.chat || !local.startsWith(this.month)) {
      this.chat = chat;
      this.month = local.slice(0, 7);
      this.authors = branch(branch(sums.counts, chat), this.month);
    }
    add(this.authors, author, 1);
    for (const ref of media) {
      // As store/chatCounts.ts MEDIA_SUFFIX: from the last dot; '' without one; null without a name.
      const suffix = ref.name === null ? null : ref.name.includes('.') ? ref.name.slice(ref.name.lastIndexOf('.')) : '';
      add(branch(branch(sums.media, chat), suffix), ref.sha256 === null ? 0 : 1, 1);
    }
  }

  /** The open transaction committed; `auditSeq`: the archive's last audit entry now. */
  commit(auditSeq: number | null): void {
    this.open.addTo(this.committed);
    this.auditSeq = auditSeq;
    this.rollback();
  }

  /** The open transaction's rows are gone. */
  rollback(): void {
    this.open = new Sums();
    this.block = null;
    this.authors = null;
  }

  result(): AddedRows {
    const { committed } = this;
    const blocks = [...committed.blocks.values()].flatMap((byNumber) => [...byNumber.values()]);
    const counts: AddedRows['counts'] = [];
    for (const [chat, months] of committed.counts) {
      for (const [month, authors] of months) for (const [author, n] of authors) counts.push([chat, month, author, n]);
    }
    const media: AddedRows['media'] = [];
    for (const [chat, suffixes] of committed.media) {
      for (const [suffix, stored] of suffixes) for (const [s, n] of stored) media.push([chat, suffix, s, n]);
    }
    return { fromEmpty: this.fromEmpty === true, auditSeq: this.auditSeq ?? null, messages: committed.messages, blocks, counts, media };
  }
}

/** The thread's sums (one writer per thread): rows added by the worker, transactions by the commands. */
export const addedRows = new AddedRowsSum();

/** The seq of the archive's last audit entry (null: none). */
export function lastAuditSeq(db: Database): number | null {
  return db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null;
}
