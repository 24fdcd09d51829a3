import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

// Rules a crash must never break, checked by query on a reopened database. Each returns the
// violating rows (empty when the rule holds), so a failure names what is wrong.

const sha = (data: Buffer) => `0x${createHash('sha256').update(data).digest('hex')}`;

export function checkInvariants(db: Database.Database): string[] {
  const errors: string[] = [];
  const none = (rule: string, sql: string) => {
    const rows = db.prepare(sql).all();
    if (rows.length) errors.push(`${rule}: ${JSON.stringify(rows.slice(0, 3))}`);
  };
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') errors.push(`integrity_check: ${integrity}`);
  none('foreign keys', 'PRAGMA foreign_key_check');

  // The outbox.
  none('at most one unfinished transaction per (kind, subject)', `SELECT kind, subject, COUNT(*) AS n FROM outbox
    WHERE status IN ('intent', 'submitted') GROUP BY kind, subject HAVING n > 1`);
  none('a submitted or confirmed transaction has a hash and a nonce', `SELECT id FROM outbox
    WHERE status IN ('submitted', 'confirmed') AND (tx_hash IS NULL OR nonce IS NULL)`);
  none('its hash is one of its recorded submissions', `SELECT id FROM outbox o WHERE tx_hash IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM outbox_submissions s WHERE s.outbox_id = o.id AND s.hash = o.tx_hash)`);
  none('every submission of a transaction uses its nonce', `SELECT s.hash FROM outbox_submissions s JOIN outbox o ON o.id = s.outbox_id WHERE s.nonce <> o.nonce`);
  none('an intent has no submissions', `SELECT id FROM outbox o WHERE status = 'intent' AND EXISTS (SELECT 1 FROM outbox_submissions s WHERE s.outbox_id = o.id)`);

  // Claims.
  none('a claim has its task', 'SELECT task_id FROM claims c WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.task_id = c.task_id)');
  none('our claim has its outbox row, in step', `SELECT c.task_id, c.status, o.status AS tx FROM claims c LEFT JOIN outbox o ON o.id = c.tx_id WHERE c.ours = 1 AND (o.id IS NULL
    OR o.kind <> 'claim' OR o.subject <> 'task:' || c.task_id
    OR o.status <> CASE c.status WHEN 'intent' THEN 'intent' WHEN 'sent' THEN 'submitted' ELSE c.status END
    OR (c.status IN ('sent', 'confirmed') AND c.tx_hash IS NOT o.tx_hash))`);
  none('our claim on an unsettled task rests on a stored trace with its root and output', `SELECT c.task_id FROM claims c JOIN tasks t ON t.task_id = c.task_id
    LEFT JOIN traces r ON r.task_id = c.task_id WHERE c.ours = 1 AND t.status NOT IN ('finalized', 'rejected', 'cancelled')
    AND (r.task_id IS NULL OR r.trace_root <> c.trace_root OR r.output_hash <> c.output_hash)`);
  none('a confirmed claim has moved its task past open', `SELECT c.task_id FROM claims c JOIN tasks t ON t.task_id = c.task_id
    WHERE c.status = 'confirmed' AND c.window_end IS NOT NULL AND t.status = 'open'`);

  // Traces: whole, and every tensor's bytes match their hash (no torn blob).
  none('a trace has all its tensors', `SELECT r.task_id FROM traces r WHERE tensor_count <> (SELECT COUNT(*) FROM trace_tensors x WHERE x.task_id = r.task_id)
    OR tensor_count - 1 <> (SELECT MAX(position) FROM trace_tensors x WHERE x.task_id = r.task_id)`);
  for (const t of db.prepare('SELECT task_id, position, tensor_hash, data FROM trace_tensors').iterate() as Iterable<{ task_id: string; position: number; tensor_hash: string; data: Buffer }>) {
    if (sha(t.data) !== t.tensor_hash) errors.push(`tensor bytes match their hash: task ${t.task_id} position ${t.position}`);
  }

  // Disputes.
  none('a move has its dispute', 'SELECT game_id, seq FROM dispute_moves m WHERE NOT EXISTS (SELECT 1 FROM disputes d WHERE d.game_id = m.game_id)');
  none('a game counts exactly its moves, numbered 1..moves', `SELECT game_id FROM disputes d WHERE moves <> (SELECT COUNT(*) FROM dispute_moves m WHERE m.game_id = d.game_id)
    OR moves <> (SELECT COALESCE(MAX(seq), 0) FROM dispute_moves m WHERE m.game_id = d.game_id)`);
  none('our move is stored with its confirmed transaction', `SELECT m.game_id, m.seq FROM dispute_moves m LEFT JOIN outbox o ON o.id = m.tx_id
    WHERE m.tx_id IS NOT NULL AND (o.status IS NOT 'confirmed' OR o.tx_hash IS NOT m.tx_hash)`);
  none('an open game has its task disputed', `SELECT d.game_id FROM disputes d JOIN tasks t ON t.task_id = d.task_id WHERE d.status = 'open' AND t.status <> 'disputed'`);
  none('a disputed task has an open game', `SELECT t.task_id FROM tasks t WHERE t.status = 'disputed' AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.task_id = t.task_id AND d.status = 'open')`);
  return errors;
}

/** The facts a reported step left: permanent, so later steps cannot have undone them. Returns what is missing. */
export function checkReported(db: Database.Database, line: string): string | undefined {
  const [what, a, b] = line.split(' ');
  const has = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) !== undefined;
  const ok = (() => {
    switch (what) {
      case 'ready': return true;
      case 'task': return has('SELECT 1 FROM tasks WHERE task_id = ?', a);
      case 'trace': return has('SELECT 1 FROM traces WHERE task_id = ? AND trace_root = ?', a, b)
        || has("SELECT 1 FROM tasks WHERE task_id = ? AND status IN ('finalized', 'rejected', 'cancelled')", a); // pruned once settled
      case 'claim-intent': return has("SELECT 1 FROM outbox WHERE id = ? AND kind = 'claim' AND subject = 'task:' || ?", Number(b), a);
      case 'tx-sent': return has("SELECT 1 FROM outbox_submissions s JOIN outbox o ON o.id = s.outbox_id WHERE s.hash = ? AND o.subject = 'task:' || ?", b, a);
      case 'tx-failed': return has("SELECT 1 FROM outbox WHERE id = ? AND status = 'failed'", Number(a));
      case 'claim-confirmed': return has("SELECT 1 FROM claims WHERE task_id = ? AND status = 'confirmed' AND tx_hash = ?", a, b);
      case 'observed': return has('SELECT 1 FROM claims WHERE task_id = ? AND ours = 0', a);
      case 'dispute': return has('SELECT 1 FROM disputes WHERE game_id = ? AND task_id = ?', a, b);
      case 'move-intent': return has("SELECT 1 FROM outbox WHERE id = ? AND kind = 'move' AND game_id = ?", Number(b), a);
      case 'move-sent': return has('SELECT 1 FROM outbox_submissions WHERE outbox_id = ? AND hash = ?', Number(a), b);
      case 'move': return has('SELECT 1 FROM dispute_moves WHERE game_id = ? AND seq = ?', a, Number(b));
      case 'finalized': return has("SELECT 1 FROM tasks WHERE task_id = ? AND status = 'finalized'", a);
      case 'pruned': return true;
      case 'resolved': return has("SELECT 1 FROM disputes WHERE game_id = ? AND status <> 'open'", a);
      default: return false;
    }
  })();
  return ok ? undefined : line;
}
