import type { FeedbackView, ValidationView, VerificationMode } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { compact } from './rows.ts';

/** The ERC-8004 tags Vouch's validators post, by mode (Tasks, QuorumTasks, a sampled verifier). */
export const MODE_TAGS: Record<VerificationMode, string> = { optimistic: 'vouch:optimistic', quorum: 'vouch:quorum', sampled: 'vouch:sampled' };

export function modeOfTag(tag: string | null | undefined): ValidationView['mode'] {
  const mode = (Object.keys(MODE_TAGS) as VerificationMode[]).find((m) => MODE_TAGS[m] === tag);
  return mode ?? 'other';
}

export type ListValidationsParameters = { mode?: ValidationView['mode']; limit?: number };

type ValidationRow = {
  request_hash: `0x${string}`; agent_id: number; validator: `0x${string}`; request_uri: string | null; requested_at: number | null; request_block: number | null;
  response: number | null; tag: string | null; responded_at: number | null; response_block: number | null; tx_hash: `0x${string}` | null;
};

// Requests and responses of one agent, matched by request hash: a response may come without a
// request this index saw (another validator's), and a request may wait for its response.
const SELECT = `SELECT r.request_hash, r.agent_id, r.validator, r.request_uri, r.time AS requested_at, r.block AS request_block,
    v.response, v.tag, v.time AS responded_at, v.block AS response_block, v.tx_hash
  FROM validation_requests r LEFT JOIN validations v ON v.request_hash = r.request_hash WHERE r.agent_id = ?
  UNION ALL
  SELECT v.request_hash, v.agent_id, v.validator, NULL, NULL, NULL, v.response, v.tag, v.time, v.block, v.tx_hash
  FROM validations v WHERE v.agent_id = ? AND NOT EXISTS (SELECT 1 FROM validation_requests r WHERE r.request_hash = v.request_hash)`;

/** An agent's ERC-8004 validations, newest first, with the mode their tag names. */
export function listValidations(index: IndexDb, agentId: number, p: ListValidationsParameters = {}): ValidationView[] {
  const limit = Math.min(1000, Math.max(1, Math.floor(p.limit ?? 100)));
  const rows = index.db.prepare(`SELECT * FROM (${SELECT}) ORDER BY COALESCE(response_block, request_block) DESC, request_hash`).all(agentId, agentId) as ValidationRow[];
  const views = rows.map((r) =>
    compact({
      requestHash: r.request_hash,
      agentId: String(r.agent_id),
      validator: r.validator,
      mode: r.tag === null ? modeOfRequest(r.request_uri) : modeOfTag(r.tag),
      tag: r.tag ?? undefined,
      requestURI: r.request_uri ?? undefined,
      requestedAt: r.requested_at ?? undefined,
      response: r.response ?? undefined,
      respondedAt: r.responded_at ?? undefined,
      block: (r.response_block ?? r.request_block)!,
      txHash: r.tx_hash ?? undefined,
    }) as ValidationView,
  );
  return (p.mode ? views.filter((v) => v.mode === p.mode) : views).slice(0, limit);
}

/** A pending request's mode from the URI Vouch's nodes give it (vouch:task:, vouch:quorum:, vouch:sampled:). */
function modeOfRequest(uri: string | null): ValidationView['mode'] {
  if (!uri) return 'other';
  if (uri.startsWith('vouch:quorum:')) return 'quorum';
  if (uri.startsWith('vouch:sampled:')) return 'sampled';
  if (uri.startsWith('vouch:task:')) return 'optimistic';
  return 'other';
}

type FeedbackRow = {
  agent_id: number; client: `0x${string}`; feedback_index: number; value: string; value_decimals: number; tag1: string; tag2: string; endpoint: string;
  feedback_uri: string; revoked: number; block: number; time: number; tx_hash: `0x${string}`;
};

/** ERC-8004 Reputation feedback given to an agent, newest first (revoked feedback included, marked). */
export function listFeedback(index: IndexDb, agentId: number, p: { limit?: number } = {}): FeedbackView[] {
  const limit = Math.min(1000, Math.max(1, Math.floor(p.limit ?? 100)));
  const rows = index.db.prepare('SELECT * FROM feedback WHERE agent_id = ? ORDER BY block DESC, client, feedback_index DESC LIMIT ?').all(agentId, limit) as FeedbackRow[];
  return rows.map((r) => ({
    agentId: String(r.agent_id),
    client: r.client,
    index: r.feedback_index,
    value: r.value,
    valueDecimals: r.value_decimals,
    tag1: r.tag1,
    tag2: r.tag2,
    endpoint: r.endpoint,
    feedbackURI: r.feedback_uri,
    revoked: r.revoked === 1,
    block: r.block,
    time: r.time,
    txHash: r.tx_hash,
  }));
}
