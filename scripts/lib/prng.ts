/**
 * A seeded pseudo-random generator (mulberry32) for reproducible training, weights and inputs:
 * the same seed gives the same sequence on every machine. Not for anything secret.
 */
export type Prng = {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
};

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    int: (n) => Math.floor(uniform() * n),
    normal: () => {
      const u = 1 - uniform(); // (0, 1]: log(u) is finite
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
  };
}

/** Fills a new array with normal values of the given standard deviation. */
export function normalArray(prng: Prng, count: number, std: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = prng.normal() * std;
  return out;
}

/** Deterministic order of 0..n-1 (Fisher-Yates). */
export function shuffledIndices(prng: Prng, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
