/** A seeded PRNG (mulberry32) and the draws the generators use, so the data are reproducible. */
export function makeRandom(seed: number) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number) => rand() < p;
  return { rand, between, int, pick, chance };
}
export type Random = ReturnType<typeof makeRandom>;

export const r1 = (v: number) => Math.round(v * 10) / 10;
export const r0 = (v: number) => Math.round(v);
