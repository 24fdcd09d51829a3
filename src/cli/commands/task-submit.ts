import { type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { approveToken } from '../../chain/actions/approveToken.ts';
import { createVouchClients } from '../../chain/clients/createVouchClients.ts';
import { loadDeployment } from '../../chain/deploy/loadDeployment.ts';
import { mnistSplit } from '../../data/mnist.ts';
import { loadServedModel } from '../../node/execution/loadServedModel.ts';
import { discoverWorkers } from '../../node/roles/discoverWorkers.ts';
import { driveSample, submitFloatTask, submitTask, waitForSettlement } from '../../node/roles/requester.ts';
import { rateTaskWorker } from '../../node/roles/rateTaskWorker.ts';
import { loadFloatFile } from '../../node/execution/floatExecution.ts';
import { getSample } from '../../chain/actions/getSample.ts';
import { quantizeInput } from '../../runtime/boundary.ts';
import { type Command, progress } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { VouchError } from '../../errors.ts';
import { readSample } from '../tensor-files.ts';
import { submitQuorum } from './task-submit-quorum.ts';

export const taskSubmit: Command = {
  name: 'task submit',
  summary: 'Create inference tasks on chain, send them to a worker over A2A, optionally wait for finality.',
  usage: 'vouch task submit --rpc <url> --key <hex> --deployment-dir <dir> --model <file.vouch|file.onnx> [--mode optimistic|sampled|quorum] [--worker <url>...] [--committee N] (--input <file> | --mnist N) [--fee T] [--wait] [--json]',
  options: {
    rpc: { type: 'string' },
    key: { type: 'string' },
    'deployment-dir': { type: 'string' },
    model: { type: 'string' },
    worker: { type: 'string', multiple: true },
    input: { type: 'string', multiple: true },
    mnist: { type: 'string' },
    fee: { type: 'string' },
    mode: { type: 'string' },
    committee: { type: 'string' },
    canonical: { type: 'string' },
    wait: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: `
Options:
      --rpc <url>             The chain's JSON-RPC URL.
      --key <hex>             The requester's key (it pays the fees, in VOUCH, and gas).
      --deployment-dir <dir>  Where 'vouch chain up' wrote the deployment.
      --model <file>          The model to run: a .vouch int8 model (its id must be registered on
                              chain) or a float .onnx model, with --mode quorum, or with
                              --mode sampled once a worker registered it (registerFloat).
      --mode <m>              optimistic (default): a worker claims, challengers may dispute;
                              sampled: the same, and the claim is sampled by SamplingCoordinator
                              (a drawn verifier re-executes it with probability samplingBps);
                              quorum: a committee drawn from QuorumTasks' pool runs the model,
                              commits and reveals; a strict majority decides (no worker needed).
      --committee <n>         Quorum: committee size (odd, default 3).
      --canonical <c>         Quorum: the canonicalisation members compare under, declared on
                              chain for the model once (exact, top1, round:k; default top1).
      --worker <url>          A worker's base URL (its card is at /.well-known/agent-card.json);
                              repeat to spread tasks over several workers (round robin).
                              Without it, workers are discovered through ERC-8004: agents in the
                              Identity registry whose registration file names this deployment
                              and the model, with a valid A2A card and enough free stake.
      --input <file>          An input (JSON array or .npy/.bin as for 'vouch model run'); repeatable.
      --mnist <N>             Use the first N real MNIST test digits as inputs.
      --fee <tokens>          Fee per task in VOUCH (default 1).
      --wait                  Wait until every task is final or rejected (after the challenge
                              window, or a dispute); quorum: until it is finalized or refunded.
                              Optimistic and sampled results are then rated in the ERC-8004
                              Reputation registry (100 final, 0 rejected; tag vouch:<mode>);
                              quorum: each member with a linked agent id (100 majority, 0
                              deviant or silent; tag vouch:quorum).
      --json                  Print one JSON object per task.`,
  async run({ values }) {
    for (const name of ['rpc', 'key', 'deployment-dir', 'model']) if (!values[name]) throw new UsageError(`--${name} is required`);
    const mode = (values.mode as string | undefined) ?? 'optimistic';
    if (!['optimistic', 'sampled', 'quorum'].includes(mode)) throw new UsageError(`--mode must be optimistic, sampled or quorum, not '${mode}'`);
    if (mode === 'quorum') return submitQuorum(values);
    const isFloat = (values.model as string).endsWith('.onnx');
    if (isFloat && mode !== 'sampled') throw new UsageError('a float .onnx model takes --mode sampled or --mode quorum (it is never bisected)');
    const float = isFloat ? await loadFloatFile(values.model as string) : undefined;
    const served = isFloat ? undefined : loadServedModel(values.model as string);
    const modelId = float ? float.modelId : served!.modelId;
    // Float inputs: the model's first input's fixed dims (a symbolic batch dim taken as 1).
    const floatDims = float ? (float.model.inputs[0].shape ?? []).map((d) => (typeof d === 'number' ? d : 1)) : [];
    const inputs: Int8Array[] = [];
    const floatInputs: Float32Array[] = [];
    for (const file of (values.input as string[] | undefined) ?? []) {
      if (float) floatInputs.push(Float32Array.from(readSample(file)[0]));
      else inputs.push(quantizeInput(served!.model, 0, readSample(file)[0]));
    }
    if (values.mnist !== undefined) {
      const n = Number(values.mnist);
      if (!Number.isInteger(n) || n < 1) throw new UsageError('--mnist must be a positive integer');
      for (const s of mnistSplit('test').slice(0, n)) {
        if (float) floatInputs.push(Float32Array.from(s.image));
        else inputs.push(quantizeInput(served!.model, 0, s.image));
      }
    }
    const count = float ? floatInputs.length : inputs.length;
    if (count === 0) throw new UsageError('give --input or --mnist');
    const key = values.key as Hex;
    const clients = createVouchClients({ rpcUrl: values.rpc as string, privateKey: key });
    const deployment = await loadDeployment(clients, { dataDir: values['deployment-dir'] as string });
    const fee = parseEther((values.fee as string | undefined) ?? '1');
    const workers = (values.worker as string[] | undefined) ?? [];
    if (workers.length === 0) {
      const found = await discoverWorkers(clients, {
        addresses: deployment.addresses,
        chainId: deployment.chainId,
        modelId,
        fromBlock: BigInt(deployment.fromBlock),
        signer: privateKeyToAccount(key),
      });
      for (const s of found.skipped) process.stderr.write(`agent ${s.agentId} skipped: ${s.reason}\n`);
      if (found.workers.length === 0) throw new NoWorkerError(modelId);
      workers.push(...found.workers.map((w) => w.url));
      process.stderr.write(`discovered ${workers.length} worker(s) through ERC-8004: ${workers.join(', ')}\n`);
    }
    const json = values.json === true;
    await approveToken(clients, { token: deployment.addresses.vouchToken, spender: deployment.addresses.tasks, amount: fee * BigInt(count) });
    const show = progress('tasks');
    let done = 0;
    const results = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const common = { addresses: deployment.addresses, chainId: deployment.chainId, fee, workerUrl: workers[i % workers.length], signer: privateKeyToAccount(key) };
        const r = float
          ? await submitFloatTask(clients, { ...common, modelId, input: { dims: floatDims, data: floatInputs[i] } })
          : await submitTask(clients, { ...common, model: served!, input: inputs[i], mode: mode as 'optimistic' | 'sampled' });
        const label = argmax(r.result.output.data);
        const { samplingCoordinator } = deployment.addresses;
        const sample = mode === 'sampled' ? await driveSample(clients, { samplingCoordinator, taskId: r.taskId }) : undefined;
        const settled = values.wait ? await waitForSettlement(clients, { tasks: deployment.addresses.tasks, taskId: r.taskId }) : undefined;
        const sampleAfter = sample && values.wait ? await getSample(clients, { samplingCoordinator, taskId: r.taskId }) : sample;
        // ERC-8004 Reputation: the requester, as the worker's client, rates the settled result.
        const rating = settled && (settled.state === 'finalized' || settled.state === 'rejected')
          ? await rateTaskWorker(clients, {
              tasks: deployment.addresses.tasks,
              reputationRegistry: deployment.addresses.reputationRegistry,
              taskId: r.taskId,
              state: settled.state,
              mode: mode as 'optimistic' | 'sampled',
              agentId: r.workerAgentId,
              endpoint: workers[i % workers.length],
            }).catch((err: Error) => (process.stderr.write(`task ${r.taskId}: feedback not given: ${err.message.split('\n')[0]}\n`), undefined))
          : undefined;
        if (rating?.reason) process.stderr.write(`task ${r.taskId}: feedback not given: ${rating.reason}\n`);
        const feedback = rating?.tx;
        show(++done, count);
        const row = { taskId: r.taskId.toString(), worker: workers[i % workers.length], label, outputHash: r.result.outputHash, traceRoot: r.result.traceRoot, claimTx: r.result.claim?.txHash, state: settled?.state ?? 'claimed', mode, ...(feedback ? { feedbackTx: feedback } : {}), ...(sampleAfter ? { sample: sampleAfter.status, verifier: sampleAfter.verifier } : {}) };
        if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
        else process.stdout.write(`task ${row.taskId}: label ${label}, ${row.state} (worker ${row.worker})${sampleAfter ? `, sample ${sampleAfter.status}` : ''}\n`);
        return row;
      }),
    );
    if (values.wait && results.some((r) => r.state !== 'finalized' && r.state !== 'rejected')) process.exitCode = 1;
  },
};

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Discovery found nobody to send the tasks to. */
class NoWorkerError extends VouchError {
  override readonly name = 'NoWorkerError';
  constructor(modelId: string) {
    super(`no worker for model ${modelId} found in the ERC-8004 Identity registry`, {
      details: 'Start a worker with this model (vouch agent start --role worker --model ...) or name one with --worker <url>.',
    });
  }
}
