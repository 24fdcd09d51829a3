import { type Address, type Hex, parseEventLogs } from 'viem';
import { CANONICAL_KIND_IDS } from '../../commit/canonical/constants.ts';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

/** QuorumTasks' Canonicalisation ids: the ones src/commit/canonical defines (docs/quorum-canonical.md). */
export const CANONICALISATION_CODES = CANONICAL_KIND_IDS;
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
