import { type Hex, parseEther } from 'viem';
import type { NodeRole } from '../../node/context.ts';
import { startNode } from '../../node/startNode.ts';
import { type Command, toJson } from '../args.ts';
import { UsageError } from '../cli-error.ts';

const ROLES: NodeRole[] = ['worker', 'challenger', 'requester', 'quorum'];

export const agentStart: Command = {
  name: 'agent start',
  summary: 'Run a Vouch agent: worker, challenger (verifier), quorum member and/or requester, until stopped.',
  usage: 'vouch agent start --role worker[,challenger] --rpc <url> --key <hex> --data-dir <dir> --model <file.vouch>... [options]',
  options: {
    role: { type: 'string', multiple: true },
    rpc: { type: 'string' },
    key: { type: 'string' },
    'data-dir': { type: 'string' },
    'deployment-dir': { type: 'string' },
    model: { type: 'string', multiple: true },
    host: { type: 'string' },
    port: { type: 'string' },
    'public-url': { type: 'string' },
    name: { type: 'string' },
    'cheat-rate': { type: 'string' },
    'verify-probability': { type: 'string' },
    'quorum-lie-rate': { type: 'string' },
    'quorum-silent': { type: 'boolean' },
    sampling: { type: 'boolean' },
    canonical: { type: 'string' },
    stake: { type: 'string' },
    'poll-ms': { type: 'string' },
    confirmations: { type: 'string' },
    json: { type: 'boolean' },
  },
  help: `
Options:
      --role <r>              worker, challenger, quorum or requester; repeat or comma-separate to combine.
      --rpc <url>             The chain's JSON-RPC URL (e.g. from 'vouch chain up').
      --key <hex>             The agent's private key (it needs ETH for gas and VOUCH for stake).
      --data-dir <dir>        The agent's database (node.db): identity, tasks, traces, disputes.
                              Restart with the same directory to resume after a crash.
      --deployment-dir <dir>  Where 'vouch chain up' wrote the deployment (default: --data-dir).
      --model <file>          A .vouch model to serve (worker) or verify (challenger), or a float
                              .onnx model to run as a quorum committee member, to serve in
                              sampled mode (worker: registered on chain if nobody did) or to
                              re-execute as a sampling verifier; repeatable.
      --canonical <c>         Worker: the canonicalisation a float model is registered with
                              (exact, top1, round:k; default top1); its claims and escalation
                              quorums hash results under the registered one.
      --host, --port          Where the A2A server listens (default 127.0.0.1, a free port).
      --public-url <url>      The URL peers use (default http://host:port); it goes into the
                              ERC-8004 registration, so keep it stable across restarts.
      --cheat-rate <p>        Worker: corrupt this fraction of results (demo/test mode: they are
                              caught and slashed).
      --verify-probability <p> Challenger: re-execute each claim with probability p (default 1).
      --quorum-lie-rate <p>   Quorum member: commit a wrong result on this fraction of seats
                              (test mode: liars all commit the same wrong hash, and are slashed
                              when outvoted).
      --quorum-silent         Quorum member: commit, never reveal (test mode: slashed).
      --sampling              Challenger: join SamplingCoordinator's verifier pool (stake reserved)
                              and answer every sample it is drawn for, whatever
                              --verify-probability: agree, or dispute the claim and escalate (a
                              float claim: create a 3-seat quorum task on its inputs, paying the
                              fee, escalate with it and apply the quorum's verdict).
      --stake <tokens>        VOUCH bonded at start when less is free (default 10 x the minimum
                              stake; each open claim locks the minimum stake).
      --poll-ms <ms>          How often the chain is read (default 500).
      --confirmations <n>     Blocks a transaction must be under before it counts (default 1;
                              more on chains that reorganise).
      --json                  One JSON object per event on stdout (for scripts and tests).

One process per --data-dir: a second agent on a directory in use is refused (node.pid).
The agent registers its ERC-8004 identity and its models once, bonds stake, serves its agent
card at /.well-known/agent-card.json and its registration at /registration.json, and plays
every dispute about its claims (worker) or its challenges (challenger) automatically.`,
  async run({ values }) {
    const roles = ((values.role as string[] | undefined) ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()) as NodeRole[];
    if (roles.length === 0) throw new UsageError('--role is required');
    for (const r of roles) if (!ROLES.includes(r)) throw new UsageError(`unknown role '${r}' (expected ${ROLES.join(', ')})`);
    for (const name of ['rpc', 'key', 'data-dir']) if (!values[name]) throw new UsageError(`--${name} is required`);
    const models = (values.model as string[] | undefined) ?? [];
    if (models.length === 0 && !(roles.length === 1 && roles[0] === 'requester')) throw new UsageError('--model is required for a worker or challenger');
    const probability = (name: string, fallback: number) => {
      const v = values[name] === undefined ? fallback : Number(values[name]);
      if (!(v >= 0 && v <= 1)) throw new UsageError(`--${name} must be a number between 0 and 1`);
      return v;
    };
    const json = values.json === true;
    const log = (event: string, fields: Record<string, unknown> = {}) => {
      const line = json
        ? toJson({ t: new Date().toISOString(), event, ...fields })
        : `${new Date().toISOString()} ${event} ${Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`;
      process.stdout.write(`${line}\n`);
    };
    const node = await startNode({
      roles,
      rpcUrl: values.rpc as string,
      privateKey: values.key as Hex,
      dataDir: values['data-dir'] as string,
      deploymentDir: values['deployment-dir'] as string | undefined,
      models,
      host: values.host as string | undefined,
      port: values.port === undefined ? undefined : Number(values.port),
      publicUrl: values['public-url'] as string | undefined,
      name: values.name as string | undefined,
      cheatRate: probability('cheat-rate', 0),
      verifyProbability: probability('verify-probability', 1),
      quorumLieRate: probability('quorum-lie-rate', 0),
      quorumSilent: values['quorum-silent'] === true,
      sampling: values.sampling === true,
      floatCanonical: values.canonical as string | undefined,
      stake: values.stake === undefined ? undefined : tokens(values.stake),
      pollMs: values['poll-ms'] === undefined ? undefined : Number(values['poll-ms']),
      confirmations: positiveInteger(values.confirmations, 'confirmations'),
      log,
    });
    await new Promise<void>((resolve) => {
      const quit = () => void node.stop().then(resolve);
      process.once('SIGINT', quit);
      process.once('SIGTERM', quit);
    });
  },
};

function tokens(raw: unknown): bigint {
  if (typeof raw !== 'string' || !/^\d+(\.\d+)?$/.test(raw)) throw new UsageError('--stake must be an amount of VOUCH, e.g. 1000');
  return parseEther(raw);
}

function positiveInteger(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}
