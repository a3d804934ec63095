import { describe, expect, it } from 'vitest';
import { Gate } from './concurrency';

describe('the password hashing gate', () => {
  it('runs at most `max` tasks at once, in arrival order, and refuses past its queue', async () => {
    const gate = new Gate(2, 3);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const task = (i: number) =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const tasks = [0, 1, 2, 3, 4].map(task);
    await expect(task(5)).rejects.toMatchObject({ code: 'rate_limited:busy', status: 429 });
    while (order.length < 5) {
      await new Promise((r) => setTimeout(r, 1));
      releases.shift()?.();
    }
    releases.forEach((r) => r());
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(gate.stats).toEqual({ running: 0, waiting: 0 });
  });
});
