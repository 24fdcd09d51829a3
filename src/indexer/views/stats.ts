import type { QuorumStatus, SampleStatus, StatsView, TaskStatus } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';

const STATUSES: TaskStatus[] = ['open', 'claimed', 'disputed', 'final', 'rejected', 'cancelled'];
const QUORUM_STATUSES: QuorumStatus[] = ['drawing', 'active', 'finalized', 'refunded'];
const SAMPLE_STATUSES: SampleStatus[] = ['requested', 'not-sampled', 'unassigned', 'assigned', 'agreed', 'escalated', 'missed', 'cleared', 'slashed', 'upheld', 'overturned'];

/** Totals for the dashboard's header and charts, as of the indexer's cursor. */
export function getStats(index: IndexDb): StatsView {
  const { db } = index;
  const cursor = db.prepare('SELECT c.block, b.time FROM cursor c LEFT JOIN blocks b ON b.number = c.block WHERE c.singleton = 1').get() as { block: number; time: number | null } | undefined;
  const chainId = Number((db.prepare("SELECT value FROM meta WHERE key = 'chainId'").get() as { value: string } | undefined)?.value ?? 0);
  const time = cursor?.time ?? 0;
  const tasks = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM tasks GROUP BY status').all() as { status: TaskStatus; n: number }[]) tasks[r.status] = r.n;
  const quorum = Object.fromEntries(QUORUM_STATUSES.map((s) => [s, 0])) as Record<QuorumStatus, number>;
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM quorum_tasks GROUP BY status').all() as { status: QuorumStatus; n: number }[]) quorum[r.status] = r.n;
  const samples = Object.fromEntries(SAMPLE_STATUSES.map((s) => [s, 0])) as Record<SampleStatus, number>;
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM samples GROUP BY status').all() as { status: SampleStatus; n: number }[]) samples[r.status] = r.n;
  const games = db.prepare("SELECT SUM(status = 'in-progress') AS open, SUM(status = 'worker-won') AS w, SUM(status = 'challenger-won') AS c FROM games").get() as Record<string, number | null>;
  const recent = (db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status IN ('final', 'rejected') AND settled_at > ?").get(time - 300) as { n: number }).n;
  const gas: StatsView['gas'] = {};
  for (const r of db.prepare('SELECT fn, COUNT(*) AS n, AVG(gas_used) AS avg FROM txs WHERE success = 1 GROUP BY fn ORDER BY fn').all() as { fn: string; n: number; avg: number }[]) {
    gas[r.fn] = { count: r.n, average: Math.round(r.avg) };
  }
  const series = (
    db
      .prepare(
        `SELECT (settled_at / 60) * 60 AS time, SUM(status = 'final') AS final, SUM(status = 'rejected') AS rejected FROM tasks
         WHERE status IN ('final', 'rejected') GROUP BY settled_at / 60 ORDER BY time DESC LIMIT 120`,
      )
      .all() as StatsView['series']
  ).reverse();
  return {
    chainId,
    block: cursor?.block ?? -1,
    time,
    tasks,
    disputes: { open: games.open ?? 0, workerWon: games.w ?? 0, challengerWon: games.c ?? 0 },
    throughputPerMinute: Math.round((recent / 5) * 100) / 100,
    gas,
    series,
    agents: (db.prepare('SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n,
    models: (db.prepare('SELECT COUNT(*) AS n FROM models').get() as { n: number }).n,
    quorum,
    samples,
  };
}
