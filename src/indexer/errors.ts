import { VouchError } from '../errors.ts';

// Errors of the indexer. SQLite and RPC failures are wrapped once, where the database is
// opened or a batch of blocks is read, into one of these.

/** The index database could not be opened, set up or migrated. */
export class IndexOpenError extends VouchError {
  override name = 'IndexOpenError';
  readonly path: string;
  constructor({ path, reason, cause }: { path: string; reason: string; cause?: unknown }) {
    super(`The index database at ${path} could not be opened: ${reason}.`, {
      details: `${cause instanceof Error ? cause.message + '\n' : ''}The index is derived from the chain: deleting the file is safe, the indexer rebuilds it from the deployment's first block.`,
      cause,
    });
    this.path = path;
  }
}

/** The database was written by a newer Vouch, or for another chain or deployment. */
export class IndexMismatchError extends VouchError {
  override name = 'IndexMismatchError';
  readonly path: string;
  constructor({ path, reason }: { path: string; reason: string }) {
    super(`The index database at ${path} does not fit this indexer: ${reason}.`, {
      details: 'Give the indexer another database path, or delete this one (it is rebuilt from the chain).',
    });
    this.path = path;
  }
}

/** Reading the chain failed for one batch of blocks; the indexer retries from its cursor. */
export class IndexSyncError extends VouchError {
  override name = 'IndexSyncError';
  readonly fromBlock: number;
  readonly toBlock: number;
  constructor({ fromBlock, toBlock, cause }: { fromBlock: number; toBlock: number; cause: unknown }) {
    super(`Indexing blocks ${fromBlock}..${toBlock} failed: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, {
      details: 'Nothing of the batch was written; the next sync starts again at its first block.',
      cause,
    });
    this.fromBlock = fromBlock;
    this.toBlock = toBlock;
  }
}
