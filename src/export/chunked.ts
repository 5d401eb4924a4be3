import type { Sink } from './types.js';

/** Output is gathered into chunks of about this many bytes: one write (and one await of the sink) per chunk. */
const CHUNK = 64 * 1024;

/** A UTF-16 code unit becomes at most this many UTF-8 bytes. */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Gathers a writer's many small pieces into chunks before they go to the sink. Each piece is encoded as
 * UTF-8 straight into the chunk: joining a million pieces into one string and encoding that costs
 * several times more (measured: docs/architecture.md, "Measured decisions").
 */
export class ChunkedSink {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(private readonly sink: Sink) {}

  async add(text: string): Promise<void> {
    if (this.used + text.length * MAX_BYTES_PER_UNIT > CHUNK) {
      await this.flush();
      if (text.length * MAX_BYTES_PER_UNIT > CHUNK) return this.sink.write(text);
    }
    this.used += this.chunk.write(text, this.used);
  }

  /** Writes what is gathered; call once at the end. */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const bytes = this.chunk.subarray(0, this.used);
    // A new chunk: the sink may still hold these bytes (a stream queues what it has not written yet).
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    await this.sink.write(bytes);
  }
}
