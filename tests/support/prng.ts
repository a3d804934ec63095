// A small seeded PRNG (mulberry32) so random tests reproduce: print the seed, run again with it.

/** A function returning numbers in [0, 1), the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers over a seeded source: an integer below `n`, an element, a subset. */
export function dice(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const chance = (p: number) => random() < p;
  const some = <T>(list: readonly T[], p = 0.5): T[] => list.filter(() => chance(p));
  return { int, pick, chance, some };
}
