import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { approveToken } from '../chain/actions/approveToken.ts';
import { createVouchClients } from '../chain/clients/createVouchClients.ts';
import type { VouchAddresses } from '../chain/deploy/deploymentPath.ts';
import { loadDeployment } from '../chain/deploy/loadDeployment.ts';
import { type ServedModel, loadServedModel } from '../node/execution/loadServedModel.ts';
import { submitTask as submitToWorker } from '../node/roles/requester.ts';
import type { InferenceResult } from '../protocol/types.ts';

export type SubmitTaskParameters = {
  rpcUrl: string;
  /** The requester's key: it pays the fee (VOUCH) and gas. */
  privateKey: Hex;
  /** Where `vouch chain up` / the launcher wrote the deployment record, or the addresses themselves. */
  deploymentDir?: string;
  deployment?: { chainId: number; addresses: VouchAddresses };
  /** The model: a .vouch file or an already loaded one (its id must be registered on chain). */
  model: string | ServedModel;
  /** The quantized int8 input (e.g. quantizeInput(model, 0, floats) from src/runtime/boundary.ts). */
  input: Int8Array;
  /** The worker's A2A base URL (its card is at /.well-known/agent-card.json). */
  workerUrl: string;
  /** Escrowed fee in token base units (default 1e18 = 1 VOUCH). */
  fee?: bigint;
  /** Seconds the task stays claimable (default 600). */
  claimSeconds?: number;
  /**
   * Approve Tasks for the fee first (default true). Concurrent submissions from one key would
   * overwrite each other's allowance: approve their total once and pass false.
   */
  approve?: boolean;
};

export type SubmitTaskReturnType = {
  taskId: string;
  /** The worker's answer: output tensor, output hash, trace root, its claim transaction. */
  result: InferenceResult;
  createTx: Hex;
  /** Index of the largest output (the class, for a classifier). */
  label: number;
};

/**
 * Creates a task on chain and sends it to a worker over A2A: approves the fee, then the
 * requester role's own submitTask (src/node/roles/requester.ts: Tasks.createTask with the
 * input published, a signed A2A SendMessage naming the task). Settlement comes later:
 * `sdk.waitForTask(taskId, { until: 'settled' })`.
 */
export async function submitTask(p: SubmitTaskParameters): Promise<SubmitTaskReturnType> {
  const clients = createVouchClients({ rpcUrl: p.rpcUrl, privateKey: p.privateKey });
  const deployment = p.deployment ?? (p.deploymentDir ? await loadDeployment(clients, { dataDir: p.deploymentDir }) : undefined);
  if (!deployment) throw new TypeError('submitTask needs deploymentDir or deployment');
  const model = typeof p.model === 'string' ? loadServedModel(p.model) : p.model;
  const fee = p.fee ?? 10n ** 18n;
  if (p.approve !== false) await approveToken(clients, { token: deployment.addresses.vouchToken, spender: deployment.addresses.tasks, amount: fee });
  const r = await submitToWorker(clients, {
    addresses: deployment.addresses,
    chainId: deployment.chainId,
    model,
    input: p.input,
    fee,
    claimSeconds: p.claimSeconds,
    workerUrl: p.workerUrl,
    signer: privateKeyToAccount(p.privateKey),
  });
  const data = r.result.output.data;
  let label = 0;
  for (let i = 1; i < data.length; i++) if (data[i] > data[label]) label = i;
  return { taskId: r.taskId.toString(), result: r.result, createTx: r.createTx, label };
}
