// A small Server-Sent Events client for tests: parses a response body into messages and comments and
// lets a test wait for the next message with a timeout. Every message is checked against the OpenAPI
// document's event schemas; a mismatch fails the test at its next read.
import { eventMessageProblem } from './openapi-check';

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

export class SseReader {
  private readonly received: SseMessage[] = [];
  readonly comments: string[] = [];
  retry?: number;
  ended = false;
  /** The first message that did not match the document, thrown by the next read. */
  private problem?: Error;
  private consumed = 0;
  private buffer = '';
  private wakeUp?: () => void;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
    void this.pump();
  }

  private async pump() {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
        this.wakeUp?.();
      }
    } catch {
      // cancelled
    }
    this.ended = true;
    this.wakeUp?.();
  }

  private parse(block: string) {
    const message: SseMessage = { event: 'message', data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') message.event = value;
      else if (field === 'id') message.id = value;
      else if (field === 'retry') this.retry = Number(value);
      else if (field === 'data') {
        message.data = hasData ? `${message.data}\n${value}` : value;
        hasData = true;
      }
    }
    if (!hasData) return;
    this.received.push(message);
    const problem = eventMessageProblem(message);
    if (problem && !this.problem) this.problem = new Error(problem);
  }

  /** Every message so far (taken or not). */
  get messages(): readonly SseMessage[] {
    this.check();
    return this.received;
  }

  private check() {
    if (this.problem) throw this.problem;
  }

  /** The next message not yet taken; fails after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    this.check();
    while (this.consumed >= this.received.length) {
      if (this.ended) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.check();
    return this.received[this.consumed++]!;
  }

  /** The next `count` messages. */
  async take(count: number, timeoutMs = 5000): Promise<SseMessage[]> {
    const list: SseMessage[] = [];
    for (let i = 0; i < count; i++) list.push(await this.next(timeoutMs));
    return list;
  }

  /** Messages that arrived but were not taken yet. */
  pending(): SseMessage[] {
    this.check();
    return this.received.slice(this.consumed);
  }

  async close() {
    await this.reader.cancel().catch(() => undefined);
  }
}

/** Waits until `check` is true, polling every 20 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
