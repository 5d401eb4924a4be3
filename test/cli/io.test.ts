import { describe, expect, test } from 'vitest';
import { timestamped } from '../../src/cli/io.js';

describe('timestamped stderr (for logs and cron mail)', () => {
  test('every line starts with an ISO-8601 UTC time, however the writes split it', () => {
    let text = '';
    const stream = timestamped({
      write(chunk) {
        text += String(chunk);
        return true;
      },
      once: () => undefined,
    });
    for (const part of ['wa-archive: first', ' line\nhint: sec', 'ond\n', '', 'third\n']) stream.write(part);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /, '<t> '))).toEqual(['<t> wa-archive: first line', '<t> hint: second', '<t> third']);
    expect(stream.isTTY).toBe(false);
  });
});
