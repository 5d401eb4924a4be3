import { looseModes, type LooseMode } from '../ops/views.js';
import type { Archive } from '../ops/archive.js';
import type { Context } from './context.js';
import { count } from './format.js';
import { safeLine } from './safeText.js';

/** How many loose paths the warning names; the rest are counted. */
const NAMED = 3;

/** The archive's files that others may use; none on Windows, where modes mean nothing. */
export function archiveLooseModes(ctx: Context, archive: Archive): LooseMode[] {
  return ctx.io.platform === 'win32' ? [] : looseModes(archive);
}

/** A warning on stderr (with -q too) when others than the owner may use the archive's files. */
export function warnLooseModes(ctx: Context, loose: readonly LooseMode[]): void {
  if (loose.length === 0) return;
  const named = loose.slice(0, NAMED).map((l) => `${l.path === '.' ? 'its folder' : l.path} (${l.mode.toString(8).padStart(4, '0')})`);
  const more = loose.length > NAMED ? ` and ${count(loose.length - NAMED)} more` : '';
  ctx.io.stderr.write(`${ctx.err.yellow('warning:')} other users of this computer may read the archive: ${safeLine(named.join(', '))}${more}\n`);
  ctx.io.stderr.write(`hint: Make it yours alone: chmod -R go= ${safeLine(JSON.stringify(ctx.archiveDir))}\n`);
}
