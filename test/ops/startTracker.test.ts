import { expect, test, vi } from 'vitest';
import type { Draft } from '../../src/ops/heldDays.js';
import { StartTracker } from '../../src/ops/knownStart.js';
import type { ParseResult } from '../../src/parser/types.js';
import type { ChatText } from '../../src/source/decode.js';

test('the known start is made once every draft is followed, on the first ask, and only once, also when there is none', () => {
  // No resume point: nothing to save (the start is null), as for an export whose last day is all of it.
  const resumeAt = vi.fn(() => null);
  const tracker = new StartTracker(null, { resumeAt } as unknown as ParseResult, '', {} as ChatText);
  const drafts = [1, 2, 3].map((i) => ({ minute: `20240101090${i}`, ts: i, author: 'Ana' }) as Draft);
  const followed = tracker.follow(drafts);
  followed.next();
  // Asked before the last draft: nothing yet, and nothing made.
  expect(tracker.toSave()).toBeNull();
  expect(resumeAt).not.toHaveBeenCalled();
  for (const _ of followed);
  expect(tracker.toSave()).toBeNull();
  expect(tracker.toSave()).toBeNull();
  expect(resumeAt).toHaveBeenCalledTimes(1);
});
