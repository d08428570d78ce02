/**
 * Seeded random draws: the same seed gives the same draws, so a result judged
 * again with the same baseline gets the same verdict (Math.random would make a
 * borderline change flip between runs), and a generated test case can be
 * replayed from its seed.
 */

/** Uniform in [0, 1). */
export type Random = () => number

/** mulberry32: small, fast and good enough for resampling (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Standard normal (Box-Muller); 1 - u keeps the logarithm away from 0. */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/** Gamma(shape, 1) for shape >= 1 (Marsaglia and Tsang, 2000): the only shapes a Beta of order statistics needs. */
function gamma(random: Random, shape: number): number {
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    const x = normal(random)
    const v = (1 + c * x) ** 3
    if (v <= 0) continue
    if (Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v
  }
}

/** Beta(a, b) for a, b >= 1, as the ratio of two gammas. */
export function beta(random: Random, a: number, b: number): number {
  const x = gamma(random, a)
  return x / (x + gamma(random, b))
}
