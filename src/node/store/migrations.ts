/** One schema change. `up` runs inside the transaction that also records `version`. */
export type Migration = { version: number; name: string; up: string };

// Ordered, append-only: a released migration is never edited; a change is a new entry.
// Conventions: ids from the chain (uint256) and amounts are decimal TEXT; hashes and
// addresses are 0x-hex TEXT; times are unix seconds (the chain's clock), INTEGER.
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: `
CREATE TABLE identity (
  singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
  agent_id    TEXT NOT NULL,
  chain_id    INTEGER NOT NULL,
  account     TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE contracts (
  name     TEXT PRIMARY KEY,
  address  TEXT NOT NULL
) STRICT;

CREATE TABLE tasks (
  task_id         TEXT PRIMARY KEY,
  model_id        TEXT NOT NULL,
  inputs_hash     TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('worker', 'challenger', 'requester')),
  status          TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'disputed', 'finalized', 'rejected', 'cancelled')),
  requester       TEXT,
  fee             TEXT,
  claim_deadline  INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

-- The transaction outbox: a row is written before anything is broadcast.
CREATE TABLE outbox (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  kind              TEXT NOT NULL,
  subject           TEXT NOT NULL,
  task_id           TEXT REFERENCES tasks(task_id),
  game_id           TEXT,
  payload           TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('intent', 'submitted', 'confirmed', 'failed')),
  nonce             INTEGER,
  tx_hash           TEXT,
  submitted_at      INTEGER,
  max_fee_per_gas   TEXT,
  block_number      INTEGER,
  error             TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  CHECK (status = 'intent' OR status = 'failed' OR (tx_hash IS NOT NULL AND nonce IS NOT NULL)),
  CHECK (status <> 'confirmed' OR block_number IS NOT NULL)
) STRICT;
-- INVARIANT: At most one unfinished transaction per (kind, subject): a restart resumes it instead of sending a second.
CREATE UNIQUE INDEX outbox_one_pending ON outbox(kind, subject) WHERE status IN ('intent', 'submitted');
CREATE INDEX outbox_status ON outbox(status);

-- Every signed submission (the first and each fee bump): any of them may be the one mined.
CREATE TABLE outbox_submissions (
  hash                      TEXT PRIMARY KEY,
  outbox_id                 INTEGER NOT NULL REFERENCES outbox(id),
  nonce                     INTEGER NOT NULL,
  attempt                   INTEGER NOT NULL,
  max_fee_per_gas           TEXT NOT NULL,
  max_priority_fee_per_gas  TEXT NOT NULL,
  submitted_at              INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_submissions_by_tx ON outbox_submissions(outbox_id);

CREATE TABLE claims (
  task_id      TEXT PRIMARY KEY REFERENCES tasks(task_id),
  worker       TEXT NOT NULL,
  output_hash  TEXT NOT NULL,
  trace_root   TEXT NOT NULL,
  ours         INTEGER NOT NULL CHECK (ours IN (0, 1)),
  tx_id        INTEGER REFERENCES outbox(id),
  tx_hash      TEXT,
  status       TEXT NOT NULL CHECK (status IN ('intent', 'sent', 'confirmed', 'failed')),
  window_end   INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK (ours = 0 OR tx_id IS NOT NULL),
  CHECK (status NOT IN ('sent', 'confirmed') OR ours = 0 OR tx_hash IS NOT NULL)
) STRICT;

-- Our own execution of a task: what we need to play a dispute to the last step.
CREATE TABLE traces (
  task_id       TEXT PRIMARY KEY REFERENCES tasks(task_id),
  trace_root    TEXT NOT NULL,
  output_hash   TEXT NOT NULL,
  tensor_count  INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE trace_tensors (
  task_id      TEXT NOT NULL REFERENCES traces(task_id),
  position     INTEGER NOT NULL,
  tensor_hash  TEXT NOT NULL,
  dtype        TEXT NOT NULL,
  shape        TEXT NOT NULL,
  data         BLOB NOT NULL,
  PRIMARY KEY (task_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE disputes (
  game_id           TEXT PRIMARY KEY,
  task_id           TEXT NOT NULL REFERENCES tasks(task_id),
  our_side          TEXT NOT NULL CHECK (our_side IN ('worker', 'challenger')),
  opponent          TEXT NOT NULL,
  phase             TEXT NOT NULL CHECK (phase IN ('trace-bisection', 'tensor-header', 'tensor-bisection', 'leaf-reveal', 'step')),
  turn              TEXT NOT NULL CHECK (turn IN ('worker', 'challenger')),
  level             INTEGER NOT NULL,
  position_index    TEXT NOT NULL,
  trace_index       INTEGER,
  moves             INTEGER NOT NULL,
  our_deadline      INTEGER NOT NULL,
  their_deadline    INTEGER NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  opened_at         INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX disputes_open ON disputes(status);

CREATE TABLE dispute_moves (
  game_id         TEXT NOT NULL REFERENCES disputes(game_id),
  seq             INTEGER NOT NULL,
  party           TEXT NOT NULL CHECK (party IN ('worker', 'challenger')),
  phase           TEXT NOT NULL,
  level           INTEGER NOT NULL,
  position_index  TEXT NOT NULL,
  left_hash       TEXT,
  right_hash      TEXT,
  data            BLOB,
  tx_id           INTEGER REFERENCES outbox(id),
  tx_hash         TEXT,
  recorded_at     INTEGER NOT NULL,
  PRIMARY KEY (game_id, seq)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'chain cursor and verification verdicts',
    up: `
-- How far the node has applied the chain's events: every event of blocks <= block is in the database.
CREATE TABLE chain_cursor (
  singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
  block       INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- A verifier's re-execution of another worker's claim: 'agree', 'disagree' (a dispute follows),
-- 'skipped' (not drawn with probability p) or 'unavailable' (no usable input published).
CREATE TABLE verifications (
  task_id      TEXT PRIMARY KEY,
  worker       TEXT NOT NULL,
  verdict      TEXT NOT NULL CHECK (verdict IN ('agree', 'disagree', 'skipped', 'unavailable')),
  output_hash  TEXT,
  checked_at   INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 3,
    name: 'envelope nonces',
    up: `
-- Nonces of signed A2A envelopes this node accepted, kept until the envelope's deadline so a
-- replay is refused across restarts too.
CREATE TABLE envelope_nonces (
  sender      TEXT NOT NULL,
  nonce       TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,
  PRIMARY KEY (sender, nonce)
) STRICT, WITHOUT ROWID;
CREATE INDEX envelope_nonces_expiry ON envelope_nonces(expires_at);
`,
  },
  {
    version: 4,
    name: 'quorum seats, samples and per-contract cursors',
    up: `
-- How far the node has applied one contract's events (QuorumTasks: 'quorum', SamplingCoordinator:
-- 'sampling'); chain_cursor stays the Tasks/DisputeGame cursor.
CREATE TABLE sync_cursors (
  name        TEXT PRIMARY KEY,
  block       INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- A QuorumTasks committee seat of ours (a member sits at most once per task). The result hash
-- and salt are written BEFORE the commit is sent: a crash never loses what the commitment opens to.
CREATE TABLE quorum_seats (
  task_id          TEXT PRIMARY KEY,
  seat             INTEGER NOT NULL,
  canon_id         TEXT NOT NULL,
  model_id         TEXT NOT NULL,
  commit_deadline  INTEGER NOT NULL,
  reveal_deadline  INTEGER NOT NULL,
  behaviour        TEXT NOT NULL CHECK (behaviour IN ('honest', 'lie', 'silent')),
  result_hash      TEXT,
  salt             TEXT,
  status           TEXT NOT NULL CHECK (status IN ('drawn', 'computed', 'committed', 'revealed', 'finalized', 'refunded', 'unavailable')),
  outcome          TEXT,
  updated_at       INTEGER NOT NULL,
  CHECK (status IN ('drawn', 'unavailable') OR (result_hash IS NOT NULL AND salt IS NOT NULL))
) STRICT;

-- Quorum tasks seen created, until drawn (any node may draw once the draw block is mined).
CREATE TABLE quorum_draws (
  task_id     TEXT PRIMARY KEY,
  draw_block  INTEGER NOT NULL,
  done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
) STRICT;

-- SamplingCoordinator samples this node follows: requested (to draw), assigned to us (to answer),
-- answered (to close once the task settles).
CREATE TABLE samples (
  task_id      TEXT PRIMARY KEY,
  draw_block   INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('requested', 'drawn', 'assigned', 'agreed', 'escalated', 'closed', 'missed')),
  deadline     INTEGER,
  escalation   TEXT,
  updated_at   INTEGER NOT NULL
) STRICT;
`,
  },
];

/** The schema version this code writes. */
export const latestVersion = migrations[migrations.length - 1].version;
