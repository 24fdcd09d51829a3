import { VouchError } from '../../errors.ts';

// Errors of the node's durable store. SQLite failures are wrapped once, where the database is
// opened or a step is applied, into one of these.

/** The database file could not be opened or set up (path, permissions, WAL not supported, corrupt file). */
export class StoreOpenError extends VouchError {
  override name = 'StoreOpenError';
  readonly path: string;
  constructor({ path, reason, cause }: { path: string; reason: string; cause?: unknown }) {
    super(`The node's state database at ${path} could not be opened: ${reason}.`, {
      details: `${cause instanceof Error ? cause.message + '\n' : ''}Check that the directory exists and is writable, and that no other program rewrote the file. Never delete the file of a node that has claims or disputes in flight: it holds the deadlines it must meet.`,
      cause,
    });
    this.path = path;
  }
}

/** The database was written by a newer Vouch (its schema version is above the versions this code knows). */
export class StoreVersionTooNewError extends VouchError {
  override name = 'StoreVersionTooNewError';
  readonly path: string;
  readonly version: number;
  readonly supported: number;
  constructor({ path, version, supported }: { path: string; version: number; supported: number }) {
    super(`The node's state database at ${path} has schema version ${version}; this Vouch supports up to ${supported}.`, {
      details: 'It was written by a newer Vouch. Upgrade Vouch to run this node; do not downgrade the database by hand (newer columns would be lost).',
    });
    this.path = path;
    this.version = version;
    this.supported = supported;
  }
}

/** The database belongs to another agent, chain or deployment than the one the node is started with. */
export class StoreIdentityMismatchError extends VouchError {
  override name = 'StoreIdentityMismatchError';
  readonly field: string;
  constructor({ field, stored, given }: { field: string; stored: string; given: string }) {
    super(`The node's state database belongs to ${field} ${stored}, not ${given}.`, {
      details: 'Its claims, disputes and pending transactions refer to that agent and chain. Start the node with the same identity, or give it a new database path.',
    });
    this.field = field;
  }
}

/** A row the step needs does not exist (a claim for an unknown task, a move in an unknown dispute). */
export class StoreNotFoundError extends VouchError {
  override name = 'StoreNotFoundError';
  constructor(what: string, hint?: string) {
    super(`${what} is not in the node's state database.`, { details: hint });
  }
}

/** A step does not fit the recorded state (confirming a transaction never submitted, a second pending intent, a trace that does not match the claim). */
export class StoreStateError extends VouchError {
  override name = 'StoreStateError';
  constructor(shortMessage: string, details?: string) {
    super(shortMessage, { details });
  }
}
