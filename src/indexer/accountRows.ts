import type Database from 'better-sqlite3';

// Prepared statements per connection: applying an event runs a handful of them, and compiling
// each again per event cost most of the time.
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The statement for `text` on `db`, compiled once per connection. */
export function sql(db: Database.Database, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}

export type AccountRow = Record<'balance' | 'bonded' | 'locked' | 'unbonding' | 'stake_credits' | 'task_credits' | 'quorum_credits' | 'earned' | 'slashed' | 'roles', string>;

/** The account of `address`, created (all zero) when first seen. */
export function row(db: Database.Database, address: string): AccountRow {
  sql(db, 'INSERT OR IGNORE INTO accounts (address) VALUES (?)').run(address);
  return sql(db, 'SELECT * FROM accounts WHERE address = ?').get(address) as AccountRow;
}

/** Adds `delta` (token base units) to one amount column of an account. */
export function add(db: Database.Database, address: string, column: Exclude<keyof AccountRow, 'roles'>, delta: bigint): void {
  const current = BigInt(row(db, address)[column]);
  sql(db, `UPDATE accounts SET ${column} = ? WHERE address = ?`).run((current + delta).toString(), address);
}

/** Records a role observed on chain (worker, challenger, requester, member, verifier). */
export function addRole(db: Database.Database, address: string, role: string): void {
  const roles = JSON.parse(row(db, address).roles) as string[];
  if (!roles.includes(role)) sql(db, 'UPDATE accounts SET roles = ? WHERE address = ?').run(JSON.stringify([...roles, role].sort()), address);
}

export type FlowRow = {
  kind: string; sender: string | null; receiver: string | null; amount: string; taskId: number | null; gameId: number | null; quorumTaskId: number | null;
  block: number; time: number; txHash: string;
};

/** Records one token movement (the flows table; src/api/types.ts FlowView says what each kind is). */
export function insertFlow(db: Database.Database, f: FlowRow): void {
  sql(db, 'INSERT INTO flows (kind, sender, receiver, amount, task_id, game_id, quorum_task_id, block, time, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    f.kind, f.sender, f.receiver, f.amount, f.taskId, f.gameId, f.quorumTaskId, f.block, f.time, f.txHash,
  );
}
