/** One schema change of the index database. `up` runs inside the transaction that records `version`. */
export type IndexMigration = { version: number; name: string; up: string };

// Ordered, append-only (as src/node/store/migrations.ts). Conventions: amounts are decimal
// TEXT; hashes are 0x-hex TEXT, addresses checksummed as viem returns them; times are unix seconds of the chain's clock.
//
// Task, game and agent ids are INTEGER here although they are uint256 on chain: each is a
// counter (taskCount, gameCount, the ERC-721 id), so it fits 64 bits, and an INTEGER key
// orders and paginates the lists.
//
// Two kinds of tables: the *record* (blocks, txs, events, snapshots, registrations) is what
// was read from the chain or the web; the *derived* tables are a pure function of the events
// in chain order (applyEvent). A reorg deletes the record above the common ancestor, clears
// the derived tables and replays the events that remain.
export const indexMigrations: readonly IndexMigration[] = [
  {
    version: 1,
    name: 'initial index schema',
    up: `
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;

-- Every event of blocks <= block is applied; hash is that block's hash (reorg check).
CREATE TABLE cursor (
  singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
  block       INTEGER NOT NULL,
  hash        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- record -------------------------------------------------------------------------------
CREATE TABLE blocks (
  number  INTEGER PRIMARY KEY,
  hash    TEXT NOT NULL,
  time    INTEGER NOT NULL
) STRICT;

CREATE TABLE txs (
  hash       TEXT PRIMARY KEY,
  block      INTEGER NOT NULL,
  sender     TEXT NOT NULL,
  target     TEXT,
  fn         TEXT NOT NULL,
  gas_used   INTEGER NOT NULL,
  gas_price  TEXT NOT NULL,
  success    INTEGER NOT NULL CHECK (success IN (0, 1))
) STRICT;
CREATE INDEX txs_block ON txs(block);

CREATE TABLE events (
  block      INTEGER NOT NULL,
  log_index  INTEGER NOT NULL,
  tx_hash    TEXT NOT NULL,
  contract   TEXT NOT NULL,
  name       TEXT NOT NULL,
  args       TEXT NOT NULL,
  PRIMARY KEY (block, log_index)
) STRICT, WITHOUT ROWID;

-- Tasks' parameter snapshots, read once per snapshot id (Tasks.snapshotOf).
CREATE TABLE snapshots (
  snapshot_id         TEXT PRIMARY KEY,
  challenge_window    INTEGER NOT NULL,
  dispute_move_clock  INTEGER NOT NULL,
  slash_treasury_bps  INTEGER NOT NULL,
  protocol_fee_bps    INTEGER NOT NULL,
  min_stake           TEXT NOT NULL,
  challenger_bond     TEXT NOT NULL
) STRICT;

-- Registration files (agentURI) fetched over HTTP; kept across reorgs (keyed by the URI).
CREATE TABLE registrations (
  uri         TEXT PRIMARY KEY,
  name        TEXT,
  roles       TEXT,
  body        TEXT,
  error       TEXT,
  attempts    INTEGER NOT NULL,
  fetched_at  INTEGER NOT NULL
) STRICT;

-- derived ------------------------------------------------------------------------------
CREATE TABLE tasks (
  task_id             INTEGER PRIMARY KEY,
  requester           TEXT NOT NULL,
  model_id            TEXT NOT NULL,
  fee                 TEXT NOT NULL,
  mode                INTEGER NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'disputed', 'final', 'rejected', 'cancelled')),
  created_at          INTEGER NOT NULL,
  created_block       INTEGER NOT NULL,
  claim_deadline      INTEGER NOT NULL,
  snapshot_id         TEXT NOT NULL,
  input               TEXT,
  worker              TEXT,
  output_hash         TEXT,
  trace_root          TEXT,
  claimed_at          INTEGER,
  window_start        INTEGER,
  game_id             INTEGER,
  settled_at          INTEGER,
  settled_block       INTEGER,
  validation_agent_id INTEGER,
  request_hash        TEXT,
  validation_response INTEGER
) STRICT;
CREATE INDEX tasks_status ON tasks(status, task_id);
CREATE INDEX tasks_worker ON tasks(worker);

CREATE TABLE games (
  game_id       INTEGER PRIMARY KEY,
  task_id       INTEGER NOT NULL,
  worker        TEXT NOT NULL,
  challenger    TEXT NOT NULL,
  bond          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('in-progress', 'worker-won', 'challenger-won')),
  resolution    TEXT,
  phase         TEXT NOT NULL,
  opened_at     INTEGER NOT NULL,
  opened_block  INTEGER NOT NULL,
  open_tx       TEXT NOT NULL,
  resolved_at   INTEGER,
  trace_index   INTEGER,
  slashed       TEXT
) STRICT;

CREATE TABLE moves (
  game_id           INTEGER NOT NULL,
  seq               INTEGER NOT NULL,
  kind              TEXT NOT NULL,
  party             TEXT,
  phase             TEXT,
  block             INTEGER NOT NULL,
  time              INTEGER NOT NULL,
  tx_hash           TEXT NOT NULL,
  depth             INTEGER,
  idx               TEXT,
  trace_index       INTEGER,
  leaf_index        INTEGER,
  element_index     TEXT,
  worker_value      TEXT,
  challenger_value  TEXT,
  correct_value     TEXT,
  PRIMARY KEY (game_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE agents (
  agent_id          INTEGER PRIMARY KEY,
  owner             TEXT NOT NULL,
  uri               TEXT NOT NULL,
  registered_at     INTEGER NOT NULL,
  registered_block  INTEGER NOT NULL
) STRICT;
CREATE INDEX agents_owner ON agents(owner);

-- Per address: what the events say it holds (token base units).
CREATE TABLE accounts (
  address       TEXT PRIMARY KEY,
  balance       TEXT NOT NULL DEFAULT '0',
  bonded        TEXT NOT NULL DEFAULT '0',
  locked        TEXT NOT NULL DEFAULT '0',
  unbonding     TEXT NOT NULL DEFAULT '0',
  stake_credits TEXT NOT NULL DEFAULT '0',
  task_credits  TEXT NOT NULL DEFAULT '0',
  earned        TEXT NOT NULL DEFAULT '0',
  slashed       TEXT NOT NULL DEFAULT '0',
  roles         TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- StakeManager keyed locks (the slash of a keyed lock releases the whole lock).
CREATE TABLE locks (
  game    TEXT NOT NULL,
  key     TEXT NOT NULL,
  agent   TEXT NOT NULL,
  amount  TEXT NOT NULL,
  PRIMARY KEY (game, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE models (
  model_id        TEXT PRIMARY KEY,
  registrant      TEXT NOT NULL,
  registered_at   INTEGER NOT NULL,
  op_count        INTEGER NOT NULL,
  constant_count  INTEGER NOT NULL,
  input_count     INTEGER NOT NULL
) STRICT;

CREATE TABLE flows (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  kind     TEXT NOT NULL,
  sender   TEXT,
  receiver TEXT,
  amount   TEXT NOT NULL,
  task_id  INTEGER,
  game_id  INTEGER,
  block    INTEGER NOT NULL,
  time     INTEGER NOT NULL,
  tx_hash  TEXT NOT NULL
) STRICT;
CREATE INDEX flows_task ON flows(task_id);

-- ERC-8004 validation responses (any validator), for agents' reputation.
CREATE TABLE validations (
  request_hash  TEXT NOT NULL,
  agent_id      INTEGER NOT NULL,
  validator     TEXT NOT NULL,
  response      INTEGER NOT NULL,
  tag           TEXT NOT NULL,
  block         INTEGER NOT NULL,
  PRIMARY KEY (request_hash)
) STRICT, WITHOUT ROWID;
CREATE INDEX validations_agent ON validations(agent_id);
`,
  },
  {
    version: 2,
    name: 'task notes',
    up: `
-- What the chain does not hold about a task, told by whoever knows it (the requester that
-- submitted it): the worker's answer as a label. Not derived: kept across reorgs.
CREATE TABLE task_notes (
  task_id  INTEGER PRIMARY KEY,
  label    INTEGER
) STRICT;
`,
  },
  {
    version: 3,
    name: 'quorum tasks, samples, ERC-8004 requests and feedback',
    up: `
-- QuorumTasks: one row per task (its own id counter, apart from Tasks').
CREATE TABLE quorum_tasks (
  task_id          INTEGER PRIMARY KEY,
  requester        TEXT NOT NULL,
  canon_id         TEXT NOT NULL,
  model_id         TEXT NOT NULL,
  fee              TEXT NOT NULL,
  size             INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('drawing', 'active', 'finalized', 'refunded')),
  created_at       INTEGER NOT NULL,
  created_block    INTEGER NOT NULL,
  create_tx        TEXT NOT NULL,
  draw_block       INTEGER NOT NULL,
  input            TEXT,
  seed             TEXT,
  drawn_at         INTEGER,
  commit_deadline  INTEGER,
  reveal_deadline  INTEGER,
  -- CommitteeUnavailable: the pool size when no committee could be drawn.
  pool_size        INTEGER,
  result           TEXT,
  majority         INTEGER,
  share            TEXT,
  revealed         INTEGER,
  slashed          TEXT,
  settled_at       INTEGER,
  settled_block    INTEGER
) STRICT;
CREATE INDEX quorum_tasks_status ON quorum_tasks(status, task_id);

-- A committee seat: its member and how far it got (drawn, committed, revealed), then its outcome.
CREATE TABLE quorum_seats (
  task_id              INTEGER NOT NULL,
  seat                 INTEGER NOT NULL,
  member               TEXT NOT NULL,
  phase                TEXT NOT NULL CHECK (phase IN ('drawn', 'committed', 'revealed')),
  commitment           TEXT,
  committed_at         INTEGER,
  result_hash          TEXT,
  revealed_at          INTEGER,
  outcome              TEXT CHECK (outcome IN ('majority', 'outvoted', 'silent', 'refunded')),
  slashed              TEXT,
  agent_id             INTEGER,
  request_hash         TEXT,
  validation_response  INTEGER,
  PRIMARY KEY (task_id, seat)
) STRICT, WITHOUT ROWID;
CREATE INDEX quorum_seats_member ON quorum_seats(member);

-- Declared canonicalisations (QuorumTasks.registerCanonicalisation): kind is the contract's enum.
CREATE TABLE canonicalisations (
  canon_id  TEXT PRIMARY KEY,
  model_id  TEXT NOT NULL,
  kind      INTEGER NOT NULL,
  decimals  INTEGER NOT NULL
) STRICT;

-- SamplingCoordinator: one sample per Tasks claim (keyed by the Tasks task id).
CREATE TABLE samples (
  task_id          INTEGER PRIMARY KEY,
  requester        TEXT NOT NULL,
  worker           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('requested', 'not-sampled', 'unassigned', 'assigned', 'agreed', 'escalated', 'missed', 'cleared', 'slashed', 'upheld', 'overturned')),
  requested_at     INTEGER NOT NULL,
  requested_block  INTEGER NOT NULL,
  draw_block       INTEGER NOT NULL,
  drawn_at         INTEGER,
  verifier         TEXT,
  deadline         INTEGER,
  answered_at      INTEGER,
  escalated_to     TEXT CHECK (escalated_to IN ('dispute', 'quorum')),
  escalation       INTEGER,
  slashed          TEXT,
  closed_at        INTEGER,
  -- QuorumEscalationResolved: the quorum's result and whether it rejected the claim.
  quorum_result    TEXT,
  claim_rejected   INTEGER
) STRICT;
CREATE INDEX samples_status ON samples(status, task_id);
CREATE INDEX samples_escalation ON samples(escalated_to, escalation);
CREATE INDEX samples_verifier ON samples(verifier);

-- ERC-8004 validation requests (the response, when any, is in validations).
CREATE TABLE validation_requests (
  request_hash  TEXT PRIMARY KEY,
  agent_id      INTEGER NOT NULL,
  validator     TEXT NOT NULL,
  request_uri   TEXT NOT NULL,
  block         INTEGER NOT NULL,
  time          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX validation_requests_agent ON validation_requests(agent_id);
ALTER TABLE validations ADD COLUMN time INTEGER;
ALTER TABLE validations ADD COLUMN tx_hash TEXT;

-- ERC-8004 reputation feedback (ReputationRegistry.NewFeedback; revoked by FeedbackRevoked).
CREATE TABLE feedback (
  agent_id        INTEGER NOT NULL,
  client          TEXT NOT NULL,
  feedback_index  INTEGER NOT NULL,
  value           TEXT NOT NULL,
  value_decimals  INTEGER NOT NULL,
  tag1            TEXT NOT NULL,
  tag2            TEXT NOT NULL,
  endpoint        TEXT NOT NULL,
  feedback_uri    TEXT NOT NULL,
  revoked         INTEGER NOT NULL DEFAULT 0,
  block           INTEGER NOT NULL,
  time            INTEGER NOT NULL,
  tx_hash         TEXT NOT NULL,
  PRIMARY KEY (agent_id, client, feedback_index)
) STRICT, WITHOUT ROWID;

-- QuorumTasks' own credits (shares, refunds, dust), withdrawn with QuorumTasks.withdraw.
ALTER TABLE accounts ADD COLUMN quorum_credits TEXT NOT NULL DEFAULT '0';

-- Flows of a quorum task (its fee, shares, refund, seat slashes): QuorumTasks ids are their own counter.
ALTER TABLE flows ADD COLUMN quorum_task_id INTEGER;
CREATE INDEX flows_quorum_task ON flows(quorum_task_id);
`,
  },
  {
    version: 4,
    name: 'float models',
    up: `
-- A float ONNX model (ModelRegistry.registerFloat): no op table (op_count 0), its canonicalisation
-- code (docs/quorum-canonical.md) and its file size; int8 models keep canon_code and size NULL.
ALTER TABLE models ADD COLUMN format TEXT NOT NULL DEFAULT 'int8' CHECK (format IN ('int8', 'onnx-float'));
ALTER TABLE models ADD COLUMN canon_code INTEGER;
ALTER TABLE models ADD COLUMN size INTEGER;
`,
  },
];

/** The derived tables, cleared before a replay. */
export const derivedTables = [
  'tasks', 'games', 'moves', 'agents', 'accounts', 'locks', 'models', 'flows', 'validations',
  'quorum_tasks', 'quorum_seats', 'canonicalisations', 'samples', 'validation_requests', 'feedback',
] as const;

export const latestIndexVersion = indexMigrations[indexMigrations.length - 1].version;
