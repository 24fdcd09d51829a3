import { type Abi, type Address, type Hex, BaseError, decodeErrorResult } from 'viem';
import { VouchError } from '../../errors.ts';
import { vouchErrorsAbi } from '../abis/vouchErrorsAbi.ts';
import { ChainRpcError, ContractRevertError, InsufficientFundsError, TransactionRejectedError } from '../errors.ts';

export type ToChainErrorParameters = {
  /** The account that sent (or simulated) the transaction. */
  account?: Address;
  nonce?: number;
  rpcUrl?: string;
  /** For messages: the contract and function called. */
  contract?: Address;
  functionName?: string;
  transactionHash?: Hex;
  /** ABIs whose errors may be in the revert data (default: every Vouch contract's). */
  errorAbi?: Abi;
};

export type ToChainErrorReturnType = VouchError;

/**
 * The one place where viem/RPC failures become Vouch's typed chain errors: reverts are
 * decoded into ContractRevertError (custom error name and args), missing funds and node
 * rejections get their own classes, anything else is a ChainRpcError. Vouch errors pass through.
 */
export function toChainError(err: unknown, parameters: ToChainErrorParameters = {}): ToChainErrorReturnType {
  if (err instanceof VouchError) return err;
  const { account, contract, functionName, transactionHash } = parameters;
  const text = errorText(err);
  const data = revertData(err);
  if (data !== undefined || /revert/i.test(text)) {
    const decoded = decodeRevert(data, parameters.errorAbi);
    return new ContractRevertError({ ...decoded, data, contract, functionName, transactionHash, cause: err });
  }
  if (account && /insufficient funds/i.test(text)) return new InsufficientFundsError({ account, cause: err });
  if (account && /nonce|underpriced|already known|fee cap|gas limit|intrinsic gas|replacement/i.test(text)) {
    return new TransactionRejectedError({ account, nonce: parameters.nonce, cause: err });
  }
  return new ChainRpcError({ rpcUrl: parameters.rpcUrl, cause: err });
}

function decodeRevert(data: Hex | undefined, errorAbi: Abi | undefined): { errorName?: string; args?: readonly unknown[] } {
  if (!data || data === '0x') return {};
  for (const abi of errorAbi ? [errorAbi, vouchErrorsAbi] : [vouchErrorsAbi]) {
    try {
      const { errorName, args } = decodeErrorResult({ abi: abi as Abi, data });
      return { errorName, args: args ?? [] };
    } catch {
      // not in this ABI: try the next
    }
  }
  return {};
}

/** The revert data somewhere in viem's cause chain (RawContractError / RpcRequestError `data`). */
function revertData(err: unknown): Hex | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 12; depth++) {
    const candidate = (current as { data?: unknown }).data;
    const hex = typeof candidate === 'object' && candidate ? (candidate as { data?: unknown }).data : candidate;
    if (typeof hex === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(hex) && hex.length >= 10) return hex as Hex;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 12; depth++) {
    if (current instanceof BaseError) parts.push(current.shortMessage, current.details ?? '');
    else if (current instanceof Error) parts.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}
