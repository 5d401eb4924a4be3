import type { Sink } from './types.js';

/** Output is gathered into chunks about this big: one write (and one await of the sink) per chunk. */
const CHUNK = 64 * 1024;

/** Gathers a writer's many small pieces into chunks before they go to the sink. */
export class ChunkedSink {
  private buffer = '';

  constructor(private readonly sink: Sink) {}

  async add(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= CHUNK) await this.flush();
  }

  /** Writes what is gathered; call once at the end. */
  async flush(): Promise<void> {
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.sink.write(chunk);
  }
}
