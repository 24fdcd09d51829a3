import type { Hex } from 'viem';
import { canonicalSpecFromCode } from '../../commit/canonical/canonicalCode.ts';
import { formatCanonicalSpec } from '../../commit/canonical/parseCanonicalSpec.ts';
import type { ModelHint } from '../createIndexer.ts';
import type { IndexDb } from '../openIndexDb.ts';

export type TaskRow = {
  task_id: number; requester: Hex; model_id: Hex; fee: string; mode: number; status: string; created_at: number; created_block: number;
  claim_deadline: number; snapshot_id: string; input: Hex | null; worker: Hex | null; output_hash: Hex | null; trace_root: Hex | null;
  claimed_at: number | null; window_start: number | null; game_id: number | null; settled_at: number | null; settled_block: number | null;
  validation_agent_id: number | null; request_hash: Hex | null; validation_response: number | null;
  challenge_window: number | null;
  label: number | null;
};

export type GameRow = {
  game_id: number; task_id: number; worker: Hex; challenger: Hex; bond: string; status: string; resolution: string | null; phase: string;
  opened_at: number; opened_block: number; open_tx: Hex; resolved_at: number | null; trace_index: number | null; slashed: string | null;
};

export type MoveRow = {
  game_id: number; seq: number; kind: string; party: string | null; phase: string | null; block: number; time: number; tx_hash: Hex;
  depth: number | null; idx: string | null; trace_index: number | null; leaf_index: number | null; element_index: string | null;
  worker_value: string | null; challenger_value: string | null; correct_value: string | null; gas_used: number | null;
};

export function modelHints(index: IndexDb): Record<string, ModelHint> {
  const row = index.db.prepare("SELECT value FROM meta WHERE key = 'modelHints'").get() as { value: string } | undefined;
  if (!row) return {};
  try {
    const hints = JSON.parse(row.value) as Record<string, ModelHint>;
    return Object.fromEntries(Object.entries(hints).map(([k, v]) => [k.toLowerCase(), v]));
  } catch {
    return {};
  }
}

/** Drops undefined and null fields, so optional view fields are absent rather than null. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === null) delete o[k];
  return o;
}

/** A canonicalisation's name from its chain code (kind << 8 | parameter, docs/quorum-canonical.md): exact, top1, round:<k>, text. */
export function canonicalName(code: number): string {
  try {
    return formatCanonicalSpec(canonicalSpecFromCode(code));
  } catch {
    return `code 0x${code.toString(16).padStart(4, '0')}`;
  }
}
