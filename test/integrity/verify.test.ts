import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { messageHash } from '../../src/integrity/digest.js';
import { verifyArchive, type VerifyResult } from '../../src/ops/verify.js';
import { openArchive } from '../../src/store/open.js';
import { cli, cliJson, ROOT } from '../helpers/cli.js';
import { SCHEMA_3_OBJECTS_DROPPED } from '../helpers/schema.js';

const NOW = new Date('2026-11-25T12:00:00Z');
let root: string;
let template: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wa-archive-verify-'));
  template = join(root, 'template');
  const env = { WA_ARCHIVE_NOW: NOW.toISOString() };
  await cli(['--archive', template, '-q', 'import', join(ROOT, 'fixtures/source/android-export'), '--tz', 'Europe/Berlin'], { env });
  await cli(['--archive', template, '-q', 'import', join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt'), '--chat', 'Sample'], { env });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
/** A copy of the template archive, changed by `tamper` the way someone with a SQLite browser could. */
function tampered(tamper: (db: Database.Database, dir: string) => void): string {
  const dir = join(root, `copy-${++copies}`);
  cpSync(template, dir, { recursive: true });
  const db = new Database(join(dir, 'archive.db'));
  tamper(db, dir);
  db.close();
  return dir;
}

function verify(dir: string): VerifyResult {
  const archive = openArchive(dir, { create: false, busyTimeoutMs: 1000, now: NOW });
  try {
    return verifyArchive(archive, { now: NOW });
  } finally {
    archive.db.close();
  }
}

const textMessage = (db: Database.Database) =>
  db.prepare("SELECT m.id, c.name AS chat FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.kind = 'message' ORDER BY m.id LIMIT 1 OFFSET 2").get() as { id: number; chat: string };

describe('verify', () => {
  test('an untouched archive is fine, and its fingerprint is the newest audit entry', () => {
    const result = verify(tampered(() => {}));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const db = new Database(join(template, 'archive.db'), { readonly: true });
    expect(result.fingerprint).toBe(db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get());
    db.close();
    expect(result.checked.auditEntries).toBe(2);
    expect(result.checked.mediaFiles).toBe(1);
  });

  test.each([
    ['an edited text', "UPDATE messages SET text = text || ' (changed)' WHERE id = ?"],
    ['a changed time', 'UPDATE messages SET ts = ts + 60000 WHERE id = ?'],
    ['a changed author', "UPDATE messages SET author = 'Someone Else' WHERE id = ?"],
    ['changed original lines', "UPDATE messages SET original = original || 'x' WHERE id = ?"],
  ])('%s is named by chat and message', (_, sql) => {
    let target = { id: 0, chat: '' };
    const result = verify(tampered((db) => {
      target = textMessage(db);
      db.prepare(sql).run(target.id);
    }));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'message', chat: target.chat, messageId: target.id }));
  });

  test('an edited text whose hash was recomputed too is caught by its import digest', () => {
    let target = { id: 0, chat: '' };
    const result = verify(tampered((db) => {
      target = textMessage(db);
      const row = db.prepare('SELECT * FROM messages WHERE id = ?').get(target.id) as Record<string, any>;
      const text = `${row.text} (changed)`;
      const forged = messageHash(target.chat, { ...row, text, edited: row.edited === 1, media: [] } as any);
      db.prepare('UPDATE messages SET text = ?, hash = ? WHERE id = ?').run(text, forged, target.id);
    }));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'import', chat: target.chat, detail: expect.stringMatching(/altered/) }));
  });

  test('a deleted row is reported against its import, and its stray index entry too', () => {
    let target = { id: 0, chat: '' };
    const result = verify(tampered((db) => {
      target = textMessage(db);
      db.prepare('DELETE FROM messages WHERE id = ?').run(target.id);
    }));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'import', chat: target.chat, detail: expect.stringMatching(/1 message\(s\) .* deleted without a purge/) }));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'search-index', messageId: target.id }));
  });

  test('an inserted row is named, with or without a hash', () => {
    let inserted = 0;
    const plain = verify(tampered((db) => {
      inserted = Number(db.prepare("INSERT INTO messages (chat_id, import_id, ident, ts, local, author, kind, text, edited, original) SELECT chat_id, import_id, 'forged', ts, local, author, kind, 'I never said this', 0, '' FROM messages LIMIT 1").run().lastInsertRowid);
    }));
    expect(plain.problems).toContainEqual(expect.objectContaining({ kind: 'message', messageId: inserted, detail: expect.stringMatching(/added outside/) }));
    expect(plain.problems).toContainEqual(expect.objectContaining({ kind: 'search-index', messageId: inserted }));
    const hashed = verify(tampered((db) => {
      db.prepare("INSERT INTO messages (chat_id, import_id, ident, ts, local, author, kind, text, edited, original, hash) SELECT chat_id, import_id, 'forged', ts, local, author, kind, text, edited, original, hash FROM messages LIMIT 1").run();
    }));
    expect(hashed.problems).toContainEqual(expect.objectContaining({ kind: 'import', detail: expect.stringMatching(/1 message\(s\) in import \d+ of .* added outside/) }));
  });

  test('a deleted or altered media file is named', () => {
    const mediaFile = (dir: string) => {
      const sub = readdirSync(join(dir, 'media'))[0]!;
      return join(dir, 'media', sub, readdirSync(join(dir, 'media', sub))[0]!);
    };
    const removed = verify(tampered((_, dir) => unlinkSync(mediaFile(dir))));
    expect(removed.problems).toEqual([expect.objectContaining({ kind: 'media', detail: expect.stringMatching(/missing \(1 message\(s\) refer to it\)/) })]);
    const altered = verify(tampered((_, dir) => writeFileSync(mediaFile(dir), 'not the photo')));
    expect(altered.problems).toEqual([expect.objectContaining({ kind: 'media', detail: expect.stringMatching(/was changed/) })]);
  });

  test('the audit log refuses changes, and an entry changed behind its back is named', () => {
    tampered((db) => {
      expect(() => db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 1").run()).toThrow(/cannot be changed/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/cannot be changed/);
    });
    const edited = verify(tampered((db) => {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET details = replace(details, '\"added\":', '\"added\":1') WHERE seq = 1").run();
    }));
    expect(edited.problems).toContainEqual(expect.objectContaining({ kind: 'audit', auditSeq: 1, detail: expect.stringMatching(/entry 1 \(import\) was changed/) }));
    const dropped = verify(tampered((db) => {
      db.exec('DROP TRIGGER audit_log_no_delete');
      db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    }));
    expect(dropped.problems).toContainEqual(expect.objectContaining({ kind: 'audit', auditSeq: 1, detail: expect.stringMatching(/missing/) }));
  });

  test('a message dropped from the search index is named', () => {
    let target = { id: 0, chat: '' };
    const result = verify(tampered((db) => {
      target = textMessage(db);
      const text = db.prepare('SELECT text FROM messages WHERE id = ?').pluck().get(target.id);
      db.prepare("INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?, ?)").run(target.id, text);
    }));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'search-index', chat: target.chat, messageId: target.id }));
  });

  test('a vocabulary that only lacks the newest messages is a note (an import not done yet); one older than a deletion is a problem', () => {
    const behind = verify(tampered((db) => db.exec("UPDATE search_state SET index_version = x'00', max_id = max_id - 1, messages = messages - 1")));
    expect(behind.problems).toEqual([]);
    expect(behind.ok).toBe(true);
    expect(behind.notes).toEqual([expect.stringMatching(/vocabulary .* lacks the newest messages: an import is running, or one was stopped/)]);
    const stale = verify(tampered((db) => db.exec("UPDATE search_state SET index_version = x'00', messages = messages + 1")));
    expect(stale.problems).toEqual([expect.objectContaining({ kind: 'vocabulary', detail: expect.stringMatching(/out of date/) })]);
  });

  test('an archive from before content hashes is upgraded with an audit entry, and verifies', async () => {
    const dir = tampered((db) => db.exec(SCHEMA_3_OBJECTS_DROPPED));
    const result = verify(dir);
    expect(result.problems).toEqual([]);
    const { json } = await cliJson(['--archive', dir, 'log']);
    expect(json.entries.map((e: any) => e.operation)).toEqual(['upgrade']);
    expect(json.entries[0].details.imports.map((i: any) => i.messages)).toEqual([4, 18]);
  });
});

describe('the verify command', () => {
  test('exit 0 with the fingerprint; exit 3 with each problem listed; --json gives the same as data', async () => {
    const clean = tampered(() => {});
    const ok = await cli(['--archive', clean, 'verify']);
    expect(ok.code).toBe(0);
    // A check changes no record: verifying leaves the fingerprint as it was.
    const fingerprint = verify(clean).fingerprint;
    expect(ok.stdout).toContain(`fingerprint: ${fingerprint}`);
    expect(ok.stdout).toMatch(/^OK: .*22 messages, 2 imports, 1 media file, 2 audit entries checked/);

    let target = { id: 0, chat: '' };
    const bad = tampered((db) => {
      target = textMessage(db);
      db.prepare("UPDATE messages SET text = 'rewritten' WHERE id = ?").run(target.id);
    });
    const { json, code } = await cliJson(['--archive', bad, 'verify']);
    expect(code).toBe(3);
    expect(json).toMatchObject({ ok: false, fingerprint });
    const human = await cli(['--archive', bad, 'verify']);
    expect(human.code).toBe(3);
    expect(human.stdout).toContain(`message ${target.chat}: message ${target.id} `);
    // The text the index holds is not the text in the row any more: both are named.
    expect(json.problems.map((p: any) => [p.kind, p.messageId ?? null])).toEqual([['message', target.id], ['search-index', null]]);
  });
});

describe('log', () => {
  test('imports are logged with counts and digests, never message text; a repeated import too', async () => {
    const dir = tampered(() => {});
    const sample = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');
    await cli(['--archive', dir, '-q', 'import', sample, '--chat', 'Sample'], { env: { WA_ARCHIVE_NOW: '2026-11-26T08:00:00Z' } });
    const { json, code } = await cliJson(['--archive', dir, 'log']);
    expect(code).toBe(0);
    expect(json.entries.map((e: any) => [e.seq, e.operation, e.details.chat, e.details.added])).toEqual([
      [1, 'import', 'Priya Shah', 4],
      [2, 'import', 'Sample', 18],
      [3, 'import', 'Sample', 0],
    ]);
    expect(json.entries[2]).toMatchObject({ at: '2026-11-26T08:00:00.000Z', details: { sameFile: true, duplicates: 18 } });
    expect(json.fingerprint).toBe(json.entries[2].hash);
    const db = new Database(join(dir, 'archive.db'), { readonly: true });
    const texts = db.prepare("SELECT text FROM messages WHERE length(text) > 8").pluck().all() as string[];
    const details = (db.prepare('SELECT details FROM audit_log').pluck().all() as string[]).join('\n');
    db.close();
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(details).not.toContain(text);
    expect(json.entries[1].details.digest).toMatch(/^[0-9a-f]{64}$/);

    const since = await cliJson(['--archive', dir, 'log', '--since', '2026-11-26']);
    expect(since.json.entries.map((e: any) => e.seq)).toEqual([3]);
    const human = await cli(['--archive', dir, 'log']);
    expect(human.stdout).toMatch(/#3 {2}2026-11-26 08:00:00Z {2}import +added=0 duplicates=18 chat="Sample" .*sameFile=true\n/);
    expect(human.stdout).toContain(`Fingerprint: ${json.fingerprint}`);
    expect((await cli(['--archive', dir, 'log', '--since', 'yesterday'])).code).toBe(2);
  });
});
