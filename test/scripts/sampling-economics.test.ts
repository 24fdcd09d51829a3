import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { samplingEconomics } from '../../scripts/lib/samplingEconomics.ts';
import { DEFAULTS, samplingEconomicsTable } from '../../scripts/sampling-economics.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test('samplingEconomics: the worked figure of docs/quorum.md (s = 100, f = 10, c = 2, p = 10%)', () => {
  const e = samplingEconomics({ ...DEFAULTS, p: 0.1 });
  close(e.honest, 8);
  close(e.cheating, -1);
  close(e.advantage, 9);
  assert.equal(e.cheatingLoses, true);
  close(e.maxSafeGain, 10);
  close(e.breakEvenP, 2 / 110);
  close(samplingEconomics({ ...DEFAULTS, p: 0.1, gain: 1_000 }).stakeNeeded, 9_010);
  close(samplingEconomics({ ...DEFAULTS, p: 0.5, gain: 1_000 }).stakeNeeded, 994);
});

test('samplingEconomics: the advantage is p (f + s) - c - (1 - p) x, zero at the break-even p, for any parameters', () => {
  for (const [fee, stake, cost, gain] of [[10, 100, 2, 0], [1, 1_000, 0.5, 50], [3, 7, 1, 2]]) {
    for (const p of [0, 0.01, 0.3, 0.99, 1]) {
      const e = samplingEconomics({ fee, stake, cost, p, gain });
      close(e.advantage, p * (fee + stake) - cost - (1 - p) * gain);
    }
    const b = samplingEconomics({ fee, stake, cost, gain, p: 0 }).breakEvenP;
    close(samplingEconomics({ fee, stake, cost, gain, p: b }).advantage, 0);
    // A gain of exactly maxSafeGain breaks even; the stake needed for it is the stake given.
    const at = samplingEconomics({ fee, stake, cost, p: 0.25 });
    close(samplingEconomics({ fee, stake, cost, p: 0.25, gain: at.maxSafeGain }).advantage, 0);
    close(samplingEconomics({ fee, stake, cost, p: 0.25, gain: at.maxSafeGain }).stakeNeeded, stake);
  }
  assert.throws(() => samplingEconomics({ ...DEFAULTS, p: 1.5 }), RangeError);
  assert.throws(() => samplingEconomics({ ...DEFAULTS, p: 0.1, gain: -1 }), RangeError);
});

test('docs/quorum.md holds the table scripts/sampling-economics.ts prints', () => {
  const docs = readFileSync(new URL('../../docs/quorum.md', import.meta.url), 'utf8');
  assert.ok(docs.includes(samplingEconomicsTable()), `docs/quorum.md lacks the table; regenerate it with node --import tsx scripts/sampling-economics.ts:\n${samplingEconomicsTable()}`);
});
