import 'server-only';
import os from 'node:os';
import { RateLimitedError } from '@/lib/errors';

/** A per-process gate: at most `max` tasks run at once, at most `queue` wait; past that it refuses. */
export class Gate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly max: number,
    readonly queue: number,
  ) {}

  get stats() {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.queue) {
        throw new RateLimitedError(
          'rate_limited:busy',
          'The server is busy checking passwords. Try again in a few seconds.',
          5,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * Password hashes in flight in this process. argon2id takes 19 MiB and tens of milliseconds of a core
 * each; left unbounded, 40 at once fill both cores and every other request (the health check included)
 * waits seconds. Half the cores hash; the rest keep serving.
 */
export const passwordHashing = new Gate(Math.max(1, Math.floor(os.availableParallelism() / 2)), 64);
