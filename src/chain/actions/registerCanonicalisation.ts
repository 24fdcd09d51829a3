import { type Address, type Hex, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

/** QuorumTasks' Canonicalisation ids: docs/quorum-canonical.md's (`exact`, `top1`, `round:k`, `text`). */
export const CANONICALISATION_CODES = { exact: 1, top1: 2, round: 3, text: 4 } as const;
export type Canonicalisation = keyof typeof CANONICALISATION_CODES;

export type RegisterCanonicalisationParameters = TransactionOptions & {
  quorumTasks: Address;
  /** Any 32-byte model id (a quorum model need not be in the ModelRegistry: LLMs, float models). */
  modelId: Hex;
  kind: Canonicalisation;
  /** k of 'round' (0..22); 0 otherwise. */
  decimals?: number;
};

export type RegisterCanonicalisationReturnType = SendTransactionReturnType & { canonId: Hex };

/** ContractRevertError `QuorumCanonExists` (already declared: the id is content-addressed, reuse it) or `QuorumBadCanon`. */
export type RegisterCanonicalisationErrorType = SendTransactionErrorType;

/** Declares how committee members canonicalise results of `modelId` (QuorumTasks.registerCanonicalisation); returns the canonId tasks name. */
export async function registerCanonicalisation(client: VouchClients, parameters: RegisterCanonicalisationParameters): Promise<RegisterCanonicalisationReturnType> {
  const { quorumTasks, modelId, kind, decimals = 0, ...tx } = parameters;
  const result = await writeContract(client, {
    ...tx,
    address: quorumTasks,
    abi: quorumTasksAbi,
    functionName: 'registerCanonicalisation',
    args: [modelId, CANONICALISATION_CODES[kind], decimals],
  });
  const [event] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'CanonicalisationRegistered', logs: result.receipt.logs });
  return { ...result, canonId: event.args.canonId };
}
