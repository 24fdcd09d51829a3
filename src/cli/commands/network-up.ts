import { spawn } from 'node:child_process';
import type { Hex } from 'viem';
import { DEFAULT_NETWORK_CONFIG, type NetworkConfig, readNetworkConfigFile } from '../../network/networkConfig.ts';
import { type NetworkEvent, startNetwork } from '../../network/startNetwork.ts';
import { type Command, toJson } from '../args.ts';
import { UsageError } from '../cli-error.ts';

const NUMBER_FLAGS: Record<string, keyof NetworkConfig> = {
  workers: 'workers',
  cheaters: 'cheaters',
  'cheat-rate': 'cheatRate',
  challengers: 'challengers',
  'verify-probability': 'verifyProbability',
  port: 'port',
  rate: 'rate',
  'block-time': 'blockTime',
  window: 'challengeWindow',
  'move-clock': 'moveClock',
  'poll-ms': 'pollMs',
  'quorum-members': 'quorumMembers',
  'quorum-liars': 'quorumLiars',
  'quorum-lie-rate': 'quorumLieRate',
  committee: 'committee',
  'sampling-rate': 'samplingRate',
};
const STRING_FLAGS: Record<string, keyof NetworkConfig> = { 'data-dir': 'dataDir', 'rpc-url': 'rpcUrl', key: 'key', host: 'host', fee: 'fee', model: 'model', 'quorum-model': 'quorumModel', mix: 'mix' };

export const networkUp: Command = {
  name: 'network up',
  summary: 'Run a whole Vouch network here: chain, contracts, agents, workload, and the dashboard.',
  usage: 'vouch network up [--workers N] [--cheaters N] [--cheat-rate P] [--challengers N] [--quorum-members N] [--quorum-liars N] [--mix optimistic=2,sampled=1,quorum=1] [--rate T] [--data-dir DIR] [--port P] [--rpc-url URL --key HEX] [--config FILE] [--json]',
  options: {
    config: { type: 'string' },
    ...Object.fromEntries([...Object.keys(NUMBER_FLAGS), ...Object.keys(STRING_FLAGS)].map((k) => [k, { type: 'string' as const }])),
    'worker-url': { type: 'string', multiple: true },
    'no-open': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: `
Options:
      --workers <N>             Honest workers (default ${DEFAULT_NETWORK_CONFIG.workers}).
      --cheaters <N>            Cheating workers (default ${DEFAULT_NETWORK_CONFIG.cheaters}); they corrupt --cheat-rate of their results.
      --cheat-rate <P>          Default ${DEFAULT_NETWORK_CONFIG.cheatRate}.
      --challengers <N>         Challengers that re-execute claims and dispute wrong ones (default ${DEFAULT_NETWORK_CONFIG.challengers}).
      --verify-probability <P>  Each challenger re-executes a claim with probability P (default ${DEFAULT_NETWORK_CONFIG.verifyProbability}).
      --quorum-members <N>      Honest quorum committee members running --quorum-model (default ${DEFAULT_NETWORK_CONFIG.quorumMembers}).
      --quorum-liars <N>        Quorum members that commit a wrong result on --quorum-lie-rate of their
                                seats (default ${DEFAULT_NETWORK_CONFIG.quorumLiars}); outvoted and slashed.
      --quorum-lie-rate <P>     Default ${DEFAULT_NETWORK_CONFIG.quorumLieRate}.
      --quorum-model <file>     The float ONNX model quorum tasks name (default models/mnist-cnn.onnx).
      --committee <N>           Seats per quorum task, odd (default ${DEFAULT_NETWORK_CONFIG.committee}).
      --rate <T>                Tasks per minute the workload submits: real MNIST digits (default ${DEFAULT_NETWORK_CONFIG.rate}; 0: none).
      --mix <m=w,...>           How the tasks are spread over the verification modes, as relative
                                weights (default ${DEFAULT_NETWORK_CONFIG.mix}):
                                optimistic: a worker claims, challengers may dispute; sampled: the
                                same, and the claim is sampled for a drawn verifier (the challengers
                                join the sampling pool); quorum: a committee of quorum members
                                runs the float model, commits, reveals, the majority decides.
                                A mode left out gets no tasks (--mix optimistic: mode 1 only).
      --sampling-rate <P>       Sampling probability of a new deployment (default ${DEFAULT_NETWORK_CONFIG.samplingRate}).
      --fee <tokens>            Fee per task (default ${DEFAULT_NETWORK_CONFIG.fee}).
      --data-dir <dir>          Chain state, deployment, agents' databases and keys (default ${DEFAULT_NETWORK_CONFIG.dataDir}).
                                Start again with the same directory to resume the same network.
      --host, --port <P>        Where the dashboard and API listen (default ${DEFAULT_NETWORK_CONFIG.host}:${DEFAULT_NETWORK_CONFIG.port}; 0: any free port).
      --rpc-url <url>           Use this chain instead of the embedded anvil; --key pays for the
      --key <hex>               deployment (made once, recorded in the data dir) and funds the agents.
      --block-time <S>          Embedded chain: seconds per block (default ${DEFAULT_NETWORK_CONFIG.blockTime}).
      --window <S>              Challenge window of a new deployment (default ${DEFAULT_NETWORK_CONFIG.challengeWindow}; minimum 60).
      --move-clock <S>          Dispute move clock of a new deployment (default ${DEFAULT_NETWORK_CONFIG.moveClock}; minimum 30).
      --model <file.vouch>      The model served (default models/mnist-cnn.vouch).
      --poll-ms <ms>            How often agents read the chain (default ${DEFAULT_NETWORK_CONFIG.pollMs}).
      --worker-url <url>        A worker run elsewhere ('vouch agent start' on another machine, with
                                --public-url): the workload sends it tasks too. Repeatable.
      --no-open                 Do not open the dashboard in a browser (it is opened only on a
                                terminal with a desktop).
      --config <file.json>      Any of the above as JSON keys in camelCase ({"workers": 3, "rate": 30});
                                flags given on the command line win.
      --json                    One JSON object per event on stdout.

Runs until Ctrl-C (or SIGTERM), then stops the workload, the agents, the API and the chain,
whose state is saved in the data dir. See docs/network.md.`,
  async run({ values }) {
    const fromFile = values.config ? readNetworkConfigFile(values.config as string) : {};
    const fromFlags: Partial<Record<keyof NetworkConfig, unknown>> = {};
    for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
      if (values[flag] === undefined) continue;
      const n = Number(values[flag]);
      if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number`);
      fromFlags[key] = n;
    }
    for (const [flag, key] of Object.entries(STRING_FLAGS)) if (values[flag] !== undefined) fromFlags[key] = values[flag];
    if (values['worker-url'] !== undefined) fromFlags.workerUrls = values['worker-url'];
    const config = { ...DEFAULT_NETWORK_CONFIG, ...fromFile, ...fromFlags } as NetworkConfig;
    if (config.key && !/^0x[0-9a-fA-F]{64}$/.test(config.key)) throw new UsageError('--key must be a 32-byte hex private key');
    if (config.rpcUrl && !config.key) throw new UsageError('--rpc-url needs --key (it deploys and funds the agents)');
    const json = values.json === true;
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const onEvent = (e: NetworkEvent) => {
      if (json) return out(toJson({ t: new Date().toISOString(), ...e }));
      const line = describe(e);
      if (line) out(line);
    };

    const network = await startNetwork({ ...config, key: config.key as Hex | undefined, onEvent, anyPortIfTaken: fromFlags.port === undefined && fromFile.port === undefined });
    if (!json) {
      out('');
      out(`  Dashboard:  ${network.dashboardUrl}`);
      out(`  Chain:      ${network.rpcUrl} (chain ${network.chainId})${network.resumed ? ', resumed from ' : ', data in '}${network.dataDir}`);
      out(`  Agents:     ${network.agents.map((a) => `${a.name} ${a.url}`).join(', ')}`);
      out('  Ctrl-C stops everything; start again with the same --data-dir to resume.');
      out('');
      if (values['no-open'] !== true && process.stdout.isTTY) openBrowser(network.dashboardUrl);
    }
    const ticker = setInterval(() => {
      const p = network.progress();
      const s = network.stats();
      const inWindow = s.tasks.open + s.tasks.claimed;
      if (json) out(JSON.stringify({ t: new Date().toISOString(), kind: 'progress', ...p, block: s.block, tasks: s.tasks, disputes: s.disputes }));
      else out(`${clock()} block ${s.block} | agents ${p.agentsUp}/${p.agents} up | tasks: ${s.tasks.final} final, ${s.tasks.rejected} rejected, ${inWindow} in window, ${s.tasks.disputed} disputed | disputes: ${s.disputes.challengerWon} cheats caught, ${s.disputes.open} open`);
    }, json ? 5_000 : 15_000);
    await new Promise<void>((resolve) => {
      let signals = 0;
      // Kept installed while stopping: under \`npm start\` a Ctrl-C arrives twice (from the
      // terminal and forwarded by npm), and without a listener the second would kill the
      // launcher before its agents and chain are down.
      const quit = () => {
        if (signals++ > 0) {
          if (!json && signals === 2) out('still stopping (agents finish their step, the chain saves its state) ...');
          return;
        }
        clearInterval(ticker);
        if (!json) out('\nstopping: workload, agents, API, chain ...');
        void network.stop().then(resolve);
      };
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    });
  },
};

/** Best effort: a desktop's URL opener, if there is one; nothing happens on a headless machine. */
function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
  if (!opener) return;
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener: the URL is printed above
  }
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

/** One human line per event worth seeing; agents' routine events are left to the dashboard. */
function describe(e: NetworkEvent): string | undefined {
  const t = clock();
  switch (e.kind) {
    case 'chain':
      return `${t} chain ${e.chainId} at ${e.rpcUrl}${e.embedded ? ' (embedded anvil)' : ''}`;
    case 'deployed':
      return `${t} contracts ${e.reused ? 'found (resuming)' : 'deployed'}: Tasks at ${e.tasks}`;
    case 'funded':
      return e.agents.length ? `${t} funded ${e.agents.join(', ')}` : undefined;
    case 'agent-started':
      return `${t} ${e.name} ${e.restarted ? 'restarted' : 'up'}: agent #${e.agentId} at ${e.url} (pid ${e.pid})`;
    case 'agent-exited':
      return `${t} ${e.name} exited (code ${e.code})${e.error ? `: ${e.error}` : ''}${e.restarting ? ', restarting' : ''}`;
    case 'agent-event': {
      const ev = e.event;
      if (ev.event === 'cheat') return `${t} ${e.name} corrupted task ${String(ev.taskId)} (op ${String(ev.opIndex)})`;
      if (ev.event === 'dispute-opened') return `${t} ${e.name} disputes task ${String(ev.taskId)} (game ${String(ev.gameId)})`;
      if (ev.event === 'dispute-won' || ev.event === 'dispute-lost') return `${t} ${e.name} ${ev.event === 'dispute-won' ? 'won' : 'lost'} game ${String(ev.gameId)}`;
      if (ev.event === 'tick-error' || ev.event === 'dispute-error') return `${t} ${e.name} ${ev.event}: ${String(ev.error)}`;
      if (ev.event === 'quorum-lie') return `${t} ${e.name} commits a wrong result to quorum task ${String(ev.taskId)}`;
      if (ev.event === 'quorum-slashed') return `${t} ${e.name} slashed in quorum task ${String(ev.taskId)}`;
      return undefined;
    }
    case 'workload': {
      const w = e.event;
      switch (w.kind) {
        case 'task-submitted':
          return `${t} task ${w.taskId}${w.mode === 'sampled' ? ' (sampled)' : ''}: digit ${w.label} -> ${w.predicted} (${w.worker})`;
        case 'task-failed':
          return `${t} ${w.mode ?? ''} task for digit #${w.digit} failed: ${w.error}`.replace('  ', ' ');
        case 'sample-drawn':
          return `${t} task ${w.taskId}: ${w.status === 'assigned' ? `sampled, verifier ${w.verifier}` : w.status === 'notSampled' ? 'not sampled' : `sample ${w.status}`}`;
        case 'quorum-task-submitted':
          return `${t} quorum task ${w.quorumTaskId}: digit ${w.label}, committee of ${w.committee}`;
        case 'quorum-task-settled':
          return `${t} quorum task ${w.quorumTaskId}: ${w.state}${w.predicted !== undefined ? `, digit ${w.label} -> ${w.predicted}` : ''}${w.slashedSeats.length ? `, seats ${w.slashedSeats.join(', ')} slashed` : ''}`;
        case 'quorum-error':
          return `${t} quorum task ${w.quorumTaskId}: ${w.error}`;
        case 'task-rated':
          return w.status === 'given' ? `${t} task ${w.taskId} ${w.state}: worker agent #${w.agentId} rated ${w.value} (vouch:${w.mode})` : undefined;
        case 'rating-error':
          return `${t} task ${w.taskId}: rating failed: ${w.error}`;
        default:
          return undefined;
      }
    }
    case 'dashboard':
      return `${t} dashboard at ${e.url}`;
    case 'stopped':
      return `${t} stopped: agents, API and chain are down (chain state saved)`;
    default:
      return undefined;
  }
}
