/**
 * Prints docs/quorum.md's table of the sampled-claim economics at deployVouch's defaults
 * (s = 100, c = 2, f = 10) for several p, from scripts/lib/samplingEconomics.ts:
 *
 *   node --import tsx scripts/sampling-economics.ts
 *
 * test/scripts/sampling-economics.test.ts checks that the docs hold exactly this table.
 */
import { samplingEconomics } from './lib/samplingEconomics.ts';

export const DEFAULTS = { fee: 10, stake: 100, cost: 2 } as const;
export const TABLE_P = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5] as const;

export function samplingEconomicsTable(): string {
  const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits }) : '∞');
  const rows = [
    '| p | honest f - c | lazy (1-p) f - p s | honesty ahead by | lazy loses? | largest x held off | s needed for x = 1,000 |',
    '| ---: | ---: | ---: | ---: | :---: | ---: | ---: |',
  ];
  for (const p of TABLE_P) {
    const e = samplingEconomics({ ...DEFAULTS, p });
    const forX = samplingEconomics({ ...DEFAULTS, p, gain: 1_000 });
    rows.push(`| ${fmt(p * 100, 1)}% | ${fmt(e.honest)} | ${fmt(e.cheating)} | ${fmt(e.advantage)} | ${e.cheatingLoses ? 'yes' : 'no'} | ${e.maxSafeGain > 0 ? fmt(e.maxSafeGain) : '-'} | ${fmt(forX.stakeNeeded, 0)} |`);
  }
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${samplingEconomicsTable()}\n`);
