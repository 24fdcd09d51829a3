/**
 * docs/quorum.md "Economics: when cheating loses money", sampled claims: the expected value of
 * one claim for an honest and for a cheating worker. Pure arithmetic in tokens (floats: this is
 * the docs' model, not a deterministic path).
 *
 * A drawn verifier is assumed honest and to escalate a lie through the dispute game, which the
 * honest side wins (the worker loses `stake`, gets no fee); an unsampled lie goes uncaught.
 */
export type SamplingEconomicsParameters = {
  /** f: the fee the worker is paid for a final claim. */
  fee: number;
  /** s: the stake a claim locks, lost when a lie is proven (ProtocolParams minStake). */
  stake: number;
  /** c: the worker's cost of computing the result (a cheat saves it). */
  cost: number;
  /** p: sampling probability (SamplingCoordinator samplingBps / 10,000). */
  p: number;
  /** x >= 0: what a false result is worth to the worker beyond the fee (0 for a merely lazy worker). */
  gain?: number;
};

export type SamplingEconomicsReturnType = {
  /** f - c */
  honest: number;
  /** (1 - p)(f + x) - p s */
  cheating: number;
  /** honest - cheating = p (f + s) - c - (1 - p) x: positive iff cheating loses money. */
  advantage: number;
  cheatingLoses: boolean;
  /** The p at which cheating breaks even: p (f + s) = c + (1 - p) x, i.e. (c + x) / (f + s + x). */
  breakEvenP: number;
  /** The largest x still held off at this p: (p (f + s) - c) / (1 - p) (Infinity at p = 1). */
  maxSafeGain: number;
  /** The stake above which cheating for `gain` loses at this p: (c + (1 - p) x) / p - f (Infinity at p = 0). */
  stakeNeeded: number;
};

export function samplingEconomics(params: SamplingEconomicsParameters): SamplingEconomicsReturnType {
  const { fee: f, stake: s, cost: c, p, gain: x = 0 } = params;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be within [0, 1] (got ${p})`);
  if (!(x >= 0)) throw new RangeError(`gain must be >= 0 (got ${x})`);
  const honest = f - c;
  const cheating = (1 - p) * (f + x) - p * s;
  const advantage = honest - cheating;
  return {
    honest,
    cheating,
    advantage,
    cheatingLoses: advantage > 0,
    breakEvenP: (c + x) / (f + s + x),
    maxSafeGain: p === 1 ? Infinity : (p * (f + s) - c) / (1 - p),
    stakeNeeded: p === 0 ? Infinity : (c + (1 - p) * x) / p - f,
  };
}
