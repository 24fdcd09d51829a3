import { type Address, type Hex, parseEventLogs } from 'viem';
import { modelRegistryAbi } from '../abis/ModelRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type RegisterFloatModelParameters = TransactionOptions & {
  modelRegistry: Address;
  /** The float ONNX file, as it is: the registry computes the id as SHA-256(0x07 || file) (floatModelId). */
  onnx: Uint8Array;
  inputCount: number;
  /** The canonicalisation code (quorum-canonical.md: kind << 8 | k) claims and escalation quorums hash under. */
  canonCode: number;
};

export type RegisterFloatModelReturnType = SendTransactionReturnType & { modelId: Hex };

/** Typically ContractRevertError `ModelAlreadyRegistered`, `ModelBadCanon` or `ModelBadInputCount`. */
export type RegisterFloatModelErrorType = SendTransactionErrorType;

/**
 * Registers a float ONNX model (ModelRegistry.registerFloat) so Tasks takes sampled tasks for
 * it. The whole file is calldata: about 40 gas a byte (docs/contracts.md, size limits).
 */
export async function registerFloatModel(client: VouchClients, parameters: RegisterFloatModelParameters): Promise<RegisterFloatModelReturnType> {
  const { modelRegistry, onnx, inputCount, canonCode, ...tx } = parameters;
  const data = `0x${Buffer.from(onnx).toString('hex')}` as Hex;
  const result = await writeContract(client, { ...tx, address: modelRegistry, abi: modelRegistryAbi, functionName: 'registerFloat', args: [data, inputCount, canonCode] });
  const [event] = parseEventLogs({ abi: modelRegistryAbi, eventName: 'FloatModelRegistered', logs: result.receipt.logs });
  return { ...result, modelId: event.args.modelId };
}
