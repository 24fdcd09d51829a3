import { type Abi, type Address, type Hex, type TransactionReceipt, keccak256 } from 'viem';
import type { VouchClients } from '../clients/createVouchClients.ts';
import {
  type ChainRpcError,
  ContractRevertError,
  type InsufficientFundsError,
  type TransactionRejectedError,
  TransactionStuckError,
} from '../errors.ts';
import { acquireNonce } from './acquireNonce.ts';
import { toChainError } from './toChainError.ts';

export type FeeBumpOptions = {
  /** Resubmit with higher fees when nothing was mined this long after the last submission (default 30 s). */
  afterMs?: number;
  /** Raise both fee fields by this percentage per bump (default 20; nodes require at least 10). */
  percent?: number;
  /** At most this many resubmissions (default 5). */
  maxBumps?: number;
  /** Never offer more than this per gas. */
  maxFeePerGas?: bigint;
};

export type TransactionOptions = {
  /** Blocks that must include or follow the transaction's block (default 1: mined). */
  confirmations?: number;
  feeBump?: FeeBumpOptions;
  /** Give up (TransactionStuckError) when nothing was mined this long after the first submission (default 10 min). */
  timeoutMs?: number;
  /** Gas limit; default: the node's estimate plus 20%. */
  gas?: bigint;
  /** Called for every submission (the first and each fee bump). */
  onSubmitted?: (submission: Submission) => void;
};

/** One signed submission. On a chain without EIP-1559 both fee fields hold the legacy gas price. */
export type Submission = { hash: Hex; nonce: number; attempt: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

export type SendTransactionParameters = TransactionOptions & {
  /** Recipient; omitted for a contract creation. */
  to?: Address;
  data?: Hex;
  value?: bigint;
  /** ABIs whose custom errors may appear in a revert (default: every Vouch contract's). */
  errorAbi?: Abi;
  /** For error messages only. */
  functionName?: string;
};

export type SendTransactionReturnType = {
  /** Hash of the transaction that was mined (a fee bump's, when one replaced the first). */
  hash: Hex;
  receipt: TransactionReceipt;
  nonce: number;
  /** Every hash submitted for this nonce, first to last. */
  hashes: readonly Hex[];
};

export type SendTransactionErrorType =
  | ContractRevertError
  | InsufficientFundsError
  | TransactionRejectedError
  | TransactionStuckError
  | ChainRpcError;

const chainIds = new WeakMap<object, Promise<number>>();

/**
 * Sends one transaction under Vouch's policy and waits for it (docs/chain.md): simulated first
 * (a revert is a ContractRevertError before anything is paid), nonce from the per-account
 * counter, fees raised and the same nonce resubmitted while it is not mined, success only
 * after `confirmations` blocks, a mined revert decoded as well.
 */
export async function sendTransaction(client: VouchClients, parameters: SendTransactionParameters): Promise<SendTransactionReturnType> {
  const { to, data, value, errorAbi, functionName } = parameters;
  const account = client.wallet.account;
  const context = { account: account.address, rpcUrl: client.rpcUrl, contract: to, functionName, errorAbi };
  const confirmations = Math.max(1, Math.ceil(parameters.confirmations ?? 1));
  const afterMs = parameters.feeBump?.afterMs ?? 30_000;
  const percent = BigInt(Math.max(10, Math.ceil(parameters.feeBump?.percent ?? 20)));
  const maxBumps = parameters.feeBump?.maxBumps ?? 5;
  const feeCap = parameters.feeBump?.maxFeePerGas;
  const timeoutMs = parameters.timeoutMs ?? 600_000;

  let chainId: number, gas: bigint, fees: Fees;
  try {
    [chainId, gas, fees] = await Promise.all([
      getChainId(client),
      parameters.gas ?? client.public.estimateGas({ account, to, data, value }).then((g) => (g * 12n) / 10n),
      estimateFees(client),
    ]);
  } catch (err) {
    throw toChainError(err, context);
  }
  if (feeCap !== undefined && fees.maxFeePerGas > feeCap) fees = { ...fees, maxFeePerGas: feeCap, maxPriorityFeePerGas: min(fees.maxPriorityFeePerGas, feeCap) };

  const sign = (nonce: number, f: typeof fees) =>
    f.legacy
      ? account.signTransaction!({ type: 'legacy', chainId, nonce, to, data, value, gas, gasPrice: f.maxFeePerGas })
      : account.signTransaction!({ type: 'eip1559', chainId, nonce, to, data, value, gas, maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas });
  const broadcast = async (serializedTransaction: Hex) => {
    try {
      await client.public.sendRawTransaction({ serializedTransaction });
    } catch (err) {
      // A retried or repeated broadcast of a transaction the node already holds is fine.
      if (!/already known|already imported|known transaction/i.test(String((err as Error).message))) throw err;
    }
  };

  // First submission: a stale counter (another process used this key) is resynced once.
  let reserved = await acquireNonce(client.public, { address: account.address, chainId, rpcUrl: client.rpcUrl });
  const hashes: Hex[] = [];
  for (let retry = 0; ; retry++) {
    try {
      const serialized = await sign(reserved.nonce, fees);
      await broadcast(serialized);
      hashes.push(keccak256(serialized));
      break;
    } catch (err) {
      reserved.release('unused');
      if (retry === 0 && /nonce too low|nonce.*already been used/i.test(String((err as Error).message))) {
        reserved = await acquireNonce(client.public, { address: account.address, chainId, rpcUrl: client.rpcUrl });
        continue;
      }
      throw toChainError(err, { ...context, nonce: reserved.nonce });
    }
  }
  const nonce = reserved.nonce;
  parameters.onSubmitted?.({ hash: hashes[0], nonce, attempt: 0, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas });

  try {
    const startedAt = Date.now();
    let lastSubmittedAt = startedAt;
    let receipt: TransactionReceipt | undefined;
    for (;;) {
      receipt = await findReceipt(client, hashes);
      if (receipt) {
        const head = await client.public.getBlockNumber({ cacheTime: 0 });
        if (head - receipt.blockNumber + 1n >= BigInt(confirmations)) {
          // Re-read: a reorg while we waited may have moved or dropped the transaction.
          const again = await findReceipt(client, [receipt.transactionHash]);
          if (again && again.blockHash === receipt.blockHash) break;
        }
      } else if (Date.now() - startedAt >= timeoutMs) {
        throw new TransactionStuckError({ account: account.address, nonce, hashes, timeoutMs });
      } else if (Date.now() - lastSubmittedAt >= afterMs && hashes.length <= maxBumps) {
        fees = bumpFees(fees, percent, feeCap);
        const serialized = await sign(nonce, fees);
        try {
          await broadcast(serialized);
          // At the fee cap the "bump" is the same transaction again: a rebroadcast, not a new hash.
          const hash = keccak256(serialized);
          if (!hashes.includes(hash)) {
            hashes.push(hash);
            parameters.onSubmitted?.({ hash, nonce, attempt: hashes.length - 1, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas });
          }
        } catch (err) {
          // "nonce too low": an earlier submission was just mined; "underpriced": next bump is higher.
          if (!/nonce too low|underpriced|replacement/i.test(String((err as Error).message))) throw err;
        }
        lastSubmittedAt = Date.now();
      }
      await sleep(client.public.pollingInterval);
    }
    if (receipt.status === 'reverted') throw await minedRevert(client, parameters, receipt, context);
    return { hash: receipt.transactionHash, receipt, nonce, hashes };
  } catch (err) {
    throw toChainError(err, { ...context, nonce });
  } finally {
    reserved.release('used');
  }
}

/** Replays a mined, reverted transaction as a call on the block's parent state to get its revert data. */
async function minedRevert(
  client: VouchClients,
  { to, data, value }: SendTransactionParameters,
  receipt: TransactionReceipt,
  context: Parameters<typeof toChainError>[1],
): Promise<ContractRevertError> {
  try {
    await client.public.call({ account: client.wallet.account, to, data, value, blockNumber: receipt.blockNumber - 1n });
  } catch (err) {
    const decoded = toChainError(err, { ...context, transactionHash: receipt.transactionHash });
    if (decoded instanceof ContractRevertError) return decoded;
  }
  return new ContractRevertError({ ...context, transactionHash: receipt.transactionHash });
}

async function findReceipt(client: VouchClients, hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> {
  for (const hash of [...hashes].reverse()) {
    try {
      return await client.public.getTransactionReceipt({ hash });
    } catch (err) {
      if ((err as Error).name !== 'TransactionReceiptNotFoundError') throw err;
    }
  }
  return undefined;
}

type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; legacy?: true };

/** EIP-1559 fees, or on a chain without them a legacy gas price (carried in both fields). */
async function estimateFees(client: VouchClients): Promise<Fees> {
  try {
    return await client.public.estimateFeesPerGas();
  } catch (err) {
    if ((err as Error).name !== 'Eip1559FeesNotSupportedError') throw err;
    const gasPrice = await client.public.getGasPrice();
    return { maxFeePerGas: gasPrice, maxPriorityFeePerGas: gasPrice, legacy: true };
  }
}

function bumpFees(fees: Fees, percent: bigint, cap: bigint | undefined): Fees {
  const raise = (x: bigint) => (x * (100n + percent) + 99n) / 100n;
  const maxFeePerGas = cap === undefined ? raise(fees.maxFeePerGas) : min(raise(fees.maxFeePerGas), cap);
  return { ...fees, maxFeePerGas, maxPriorityFeePerGas: min(raise(fees.maxPriorityFeePerGas), maxFeePerGas) };
}

function getChainId(client: VouchClients): Promise<number> {
  if (client.wallet.chain) return Promise.resolve(client.wallet.chain.id);
  let id = chainIds.get(client);
  if (!id) {
    id = client.public.getChainId();
    id.catch(() => chainIds.delete(client));
    chainIds.set(client, id);
  }
  return id;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
