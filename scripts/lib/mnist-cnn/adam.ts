/** Adam (Kingma & Ba) over a record of Float32Array parameters, updated in place. */
export type AdamOptions = { beta1: number; beta2: number; epsilon: number };

export type AdamState<K extends string> = {
  step: number;
  firstMoment: Record<K, Float32Array>;
  secondMoment: Record<K, Float32Array>;
  options: AdamOptions;
};

export function createAdam<K extends string>(
  params: Record<K, Float32Array>,
  options: AdamOptions = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
): AdamState<K> {
  const zerosLike = () =>
    Object.fromEntries(Object.entries<Float32Array>(params).map(([k, v]) => [k, new Float32Array(v.length)])) as Record<K, Float32Array>;
  return { step: 0, firstMoment: zerosLike(), secondMoment: zerosLike(), options };
}

/** One update with `grads` already averaged over the batch. */
export function adamStep<K extends string>(
  state: AdamState<K>,
  params: Record<K, Float32Array>,
  grads: Record<K, Float32Array>,
  learningRate: number,
): void {
  const { beta1, beta2, epsilon } = state.options;
  state.step++;
  const correction1 = 1 - beta1 ** state.step;
  const correction2 = 1 - beta2 ** state.step;
  for (const key of Object.keys(params) as K[]) {
    const p = params[key];
    const g = grads[key];
    const m = state.firstMoment[key];
    const v = state.secondMoment[key];
    for (let i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      p[i] -= (learningRate * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
    }
  }
}
