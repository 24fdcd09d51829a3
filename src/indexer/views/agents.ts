import type { AgentView, VerificationMode } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { compact } from './rows.ts';
import { MODE_TAGS } from './validations.ts';

type AgentRow = {
  agent_id: number; owner: `0x${string}`; uri: string; registered_at: number;
  balance: string | null; bonded: string | null; locked: string | null; unbonding: string | null; stake_credits: string | null; task_credits: string | null; quorum_credits: string | null;
  earned: string | null; slashed: string | null; observed_roles: string | null; name: string | null; file_roles: string | null;
};

const SELECT = `SELECT a.agent_id, a.owner, a.uri, a.registered_at, c.balance, c.bonded, c.locked, c.unbonding, c.stake_credits, c.task_credits, c.quorum_credits,
  c.earned, c.slashed, c.roles AS observed_roles, r.name, r.roles AS file_roles
  FROM agents a LEFT JOIN accounts c ON c.address = a.owner LEFT JOIN registrations r ON r.uri = a.uri`;

/** Every registered agent (ERC-8004 identity), by id. */
export function listAgents(index: IndexDb): AgentView[] {
  return (index.db.prepare(`${SELECT} ORDER BY a.agent_id`).all() as AgentRow[]).map((r) => toAgentView(index, r));
}

export function getAgentView(index: IndexDb, agentId: number): AgentView | undefined {
  const row = index.db.prepare(`${SELECT} WHERE a.agent_id = ?`).get(agentId) as AgentRow | undefined;
  return row ? toAgentView(index, row) : undefined;
}

function toAgentView(index: IndexDb, r: AgentRow): AgentView {
  const big = (v: string | null) => BigInt(v ?? '0');
  const rep = index.db.prepare('SELECT COUNT(*) AS n, AVG(response) AS avg FROM validations WHERE agent_id = ?').get(r.agent_id) as { n: number; avg: number | null };
  const outcomes = index.db.prepare("SELECT SUM(status = 'final') AS final, SUM(status = 'rejected') AS rejected FROM tasks WHERE worker = ?").get(r.owner) as {
    final: number | null; rejected: number | null;
  };
  const byTag = new Map(
    (index.db.prepare('SELECT tag, COUNT(*) AS n, AVG(response) AS avg FROM validations WHERE agent_id = ? GROUP BY tag').all(r.agent_id) as { tag: string; n: number; avg: number }[]).map((x) => [x.tag, x]),
  );
  const validationsByMode = Object.fromEntries(
    (Object.keys(MODE_TAGS) as VerificationMode[]).map((m) => {
      const x = byTag.get(MODE_TAGS[m]);
      return [m, { validations: x?.n ?? 0, average: x ? round2(x.avg) : null }];
    }),
  ) as AgentView['validationsByMode'];
  // Feedback values are fixed point (value / 10^decimals): averaged as numbers, for display.
  const fb = index.db.prepare('SELECT COUNT(*) AS n, AVG(CAST(value AS REAL) / POWER(10, value_decimals)) AS avg FROM feedback WHERE agent_id = ? AND revoked = 0').get(r.agent_id) as { n: number; avg: number | null };
  const roles = new Set<string>([...parseRoles(r.file_roles), ...parseRoles(r.observed_roles)]);
  return compact({
    agentId: String(r.agent_id),
    address: r.owner,
    agentURI: r.uri,
    roles: [...roles].sort(),
    name: r.name ?? undefined,
    stake: { free: (big(r.bonded) - big(r.locked)).toString(), locked: big(r.locked).toString(), unbonding: big(r.unbonding).toString() },
    credits: (big(r.stake_credits) + big(r.task_credits) + big(r.quorum_credits)).toString(),
    balance: big(r.balance).toString(),
    reputation: { validations: rep.n, average: rep.avg === null ? null : round2(rep.avg), final: outcomes.final ?? 0, rejected: outcomes.rejected ?? 0 },
    validationsByMode,
    feedback: { count: fb.n, average: fb.avg === null ? null : round2(fb.avg) },
    earned: big(r.earned).toString(),
    slashed: big(r.slashed).toString(),
    registeredAt: r.registered_at,
  }) as AgentView;
}

function parseRoles(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
