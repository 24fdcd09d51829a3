import type { Address, Hex } from 'viem';
import { VouchError } from '../errors.ts';

// Errors of the chain client. Failures from viem/the RPC are wrapped once, where they
// happen (transactions/toChainError.ts, startAnvil, loadDeployment), into one of these.

/** The anvil binary is not installed where we looked. */
export class AnvilNotFoundError extends VouchError {
  override name = 'AnvilNotFoundError';
  readonly binary?: string;
  constructor({ binary, cause }: { binary?: string; cause?: unknown }) {
    super('The anvil binary for the embedded chain was not found.', {
      details: binary
        ? `No executable at ${binary}. Reinstall with \`npm install\` (devDependency @foundry-rs/anvil) or pass \`binary\`.`
        : `Package @foundry-rs/anvil-${process.platform}-* is not installed. Run \`npm install\` (devDependency @foundry-rs/anvil) or pass \`binary\`.`,
      cause,
    });
    this.binary = binary;
  }
}

/** anvil started but never printed its `Listening on` line, or exited first. */
export class AnvilStartError extends VouchError {
  override name = 'AnvilStartError';
  readonly output: string;
  constructor({ reason, output, cause }: { reason: string; output: string; cause?: unknown }) {
    super(`The embedded chain (anvil) did not start: ${reason}.`, {
      details: output.trim() ? `Last output of anvil:\n${output.trim().split('\n').slice(-15).join('\n')}` : undefined,
      cause,
    });
    this.output = output;
  }
}

/** The RPC could not be reached or answered with an error that is not a revert. */
export class ChainRpcError extends VouchError {
  override name = 'ChainRpcError';
  constructor({ rpcUrl, cause }: { rpcUrl?: string; cause?: unknown }) {
    super(`The chain RPC${rpcUrl ? ` at ${rpcUrl}` : ''} failed.`, {
      details: `${messageOf(cause)}\nCheck that the node is running and the URL is right.`,
      cause,
    });
  }
}

/**
 * A call or transaction reverted. `errorName`/`args` come from the revert data decoded with
 * every Vouch contract's errors (plus Error(string) and Panic(uint256)); both are undefined
 * when the revert carried no data or an error no known ABI declares.
 */
export class ContractRevertError extends VouchError {
  override name = 'ContractRevertError';
  readonly errorName?: string;
  readonly args: readonly unknown[];
  readonly data?: Hex;
  readonly contract?: Address;
  readonly functionName?: string;
  readonly transactionHash?: Hex;
  constructor(p: {
    errorName?: string;
    args?: readonly unknown[];
    data?: Hex;
    contract?: Address;
    functionName?: string;
    transactionHash?: Hex;
    cause?: unknown;
  }) {
    const call = p.functionName ? `${p.functionName}()` : 'the call';
    const where = p.contract ? ` on ${p.contract}` : '';
    const what = p.errorName ? `${p.errorName}(${(p.args ?? []).map(formatArg).join(', ')})` : 'without a known reason';
    super(`${call}${where} reverted: ${what}.`, {
      details: [
        p.transactionHash ? `Mined in transaction ${p.transactionHash}.` : 'Rejected before sending (simulation).',
        p.data && !p.errorName ? `Revert data: ${p.data}` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
      cause: p.cause,
    });
    this.errorName = p.errorName;
    this.args = p.args ?? [];
    this.data = p.data;
    this.contract = p.contract;
    this.functionName = p.functionName;
    this.transactionHash = p.transactionHash;
  }
}

/** The sending account cannot pay value + gas. */
export class InsufficientFundsError extends VouchError {
  override name = 'InsufficientFundsError';
  readonly account: Address;
  constructor({ account, cause }: { account: Address; cause?: unknown }) {
    super(`Account ${account} has not enough ETH to pay for this transaction.`, {
      details: 'Fund it (on a local chain: fundAgents or anvil_setBalance) and retry.',
      cause,
    });
    this.account = account;
  }
}

/** The node refused the transaction for a reason other than a revert or funds. */
export class TransactionRejectedError extends VouchError {
  override name = 'TransactionRejectedError';
  readonly account: Address;
  readonly nonce?: number;
  constructor({ account, nonce, cause }: { account: Address; nonce?: number; cause?: unknown }) {
    super(`The node rejected the transaction from ${account}${nonce === undefined ? '' : ` (nonce ${nonce})`}.`, {
      details: messageOf(cause),
      cause,
    });
    this.account = account;
    this.nonce = nonce;
  }
}

/** No transaction of this nonce was mined in time, fee bumps included. */
export class TransactionStuckError extends VouchError {
  override name = 'TransactionStuckError';
  readonly account: Address;
  readonly nonce: number;
  readonly hashes: readonly Hex[];
  constructor({ account, nonce, hashes, timeoutMs }: { account: Address; nonce: number; hashes: readonly Hex[]; timeoutMs: number }) {
    super(`Transaction ${nonce} of ${account} was not mined within ${Math.round(timeoutMs / 1000)} s.`, {
      details:
        `Sent as ${hashes.join(', ')} (the last with the highest fees). It may still be mined: ` +
        'wait, raise `feeBump.maxFeePerGas`, or replace the nonce by hand.',
    });
    this.account = account;
    this.nonce = nonce;
    this.hashes = hashes;
  }
}

/** No deployment record for this chain in the data dir. */
export class DeploymentNotFoundError extends VouchError {
  override name = 'DeploymentNotFoundError';
  readonly path: string;
  constructor({ path, chainId }: { path: string; chainId: number }) {
    super(`No Vouch deployment recorded for chain ${chainId}.`, {
      details: `Expected ${path}. Deploy with deployVouch(client, { dataDir }) (\`vouch chain deploy\`).`,
    });
    this.path = path;
  }
}

/** The record exists but the chain no longer holds what it describes. */
export class DeploymentStaleError extends VouchError {
  override name = 'DeploymentStaleError';
  readonly path: string;
  readonly reason: 'code-missing' | 'block-mismatch' | 'chain-mismatch' | 'invalid-record';
  constructor({ path, reason, detail }: { path: string; reason: DeploymentStaleError['reason']; detail: string }) {
    super(
      reason === 'invalid-record'
        ? `The deployment record ${path} is not valid.`
        : `The deployment recorded in ${path} is not on this chain any more (was the chain reset?).`,
      { details: `${detail}\nRedeploy with deployVouch(client, { dataDir, replace: true }) or delete the record.` },
    );
    this.path = path;
    this.reason = reason;
  }
}

function formatArg(arg: unknown): string {
  if (typeof arg === 'bigint') return arg.toString();
  if (typeof arg === 'string') return arg.startsWith('0x') ? arg : JSON.stringify(arg);
  try {
    return JSON.stringify(arg, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(arg);
  }
}

function messageOf(cause: unknown): string {
  if (cause && typeof cause === 'object' && 'shortMessage' in cause && typeof cause.shortMessage === 'string') return cause.shortMessage;
  return cause instanceof Error ? cause.message : String(cause ?? '');
}
