import { type Hex } from 'viem';
import { disputeGameAbi } from '../../chain/abis/DisputeGame.ts';
import { getGame } from '../../chain/actions/getGame.ts';
import { getGameHistory } from '../../chain/actions/getTaskHistory.ts';
import { type Command, toJson } from '../args.ts';
import { apiSdk, parseId, readChain, readChainHelp, readChainOptions } from '../readChain.ts';
import { decodePosition } from '../../chain/decodePosition.ts';

const PARTY = ['worker', 'challenger'] as const;
const RESOLUTION = ['none', 'timeout', 'step'] as const;

export const disputeList: Command = {
  name: 'dispute list',
  summary: 'List every dispute game: task, parties, status, moves so far.',
  usage: 'vouch dispute list (--rpc <url> --deployment-dir <dir> | --api <url>) [--json]',
  options: readChainOptions,
  help: `
Options:${readChainHelp}`,
  async run({ values }) {
    const sdk = apiSdk(values);
    if (sdk) {
      const games = await sdk.listDisputes({ limit: 200 });
      for (const g of games) {
        if (values.json) process.stdout.write(`${toJson({ gameId: g.gameId, taskId: g.taskId, status: g.status, moves: g.moves.length, worker: g.worker, challenger: g.challenger })}\n`);
        else process.stdout.write(`game #${g.gameId}  task ${g.taskId}  ${g.status.padEnd(14)} ${g.moves.length} events  worker ${g.worker}  challenger ${g.challenger}\n`);
      }
      if (games.length === 0 && !values.json) process.stdout.write('no disputes\n');
      return;
    }
    const { client, deployment } = await readChain(values);
    const { disputeGame } = deployment.addresses;
    const opened = await client.public.getContractEvents({ address: disputeGame, abi: disputeGameAbi, eventName: 'GameOpened', fromBlock: BigInt(deployment.fromBlock) });
    const games = await Promise.all(opened.map((e) => getGame(client, { disputeGame, gameId: e.args.gameId! })));
    if (values.json) {
      for (const g of games) process.stdout.write(`${toJson({ gameId: g.gameId, taskId: g.taskId, status: g.status, phase: g.phase, moves: g.moves, worker: g.worker, challenger: g.challenger })}\n`);
      return;
    }
    if (games.length === 0) process.stdout.write('no disputes\n');
    for (const g of games) process.stdout.write(`game #${g.gameId}  task ${g.taskId}  ${g.status.padEnd(14)} ${g.phase.padEnd(16)} ${g.moves} moves  worker ${g.worker}  challenger ${g.challenger}\n`);
  },
};

export const disputeShow: Command = {
  name: 'dispute show',
  summary: 'Show one dispute game move by move: bisection, tensor, element, the one-step and who won.',
  usage: 'vouch dispute show <gameId> (--rpc <url> --deployment-dir <dir> | --api <url>) [--json]',
  options: readChainOptions,
  help: `
Options:${readChainHelp}`,
  async run({ values, positionals }) {
    const gameId = parseId(positionals, 'game id');
    const sdk = apiSdk(values);
    if (sdk) {
      const view = await sdk.getDispute(gameId);
      if (values.json) process.stdout.write(`${toJson(view)}\n`);
      else {
        const lines = [`game #${view.gameId} on task ${view.taskId}: ${view.status}`, `  worker     ${view.worker}`, `  challenger ${view.challenger}`, '  moves:'];
        for (const m of view.moves) lines.push(`    block ${m.block}  ${m.kind}${m.party ? ` by the ${m.party}` : ''}${m.elementIndex === undefined ? '' : ` (element ${m.elementIndex})`}${m.gasUsed ? `, ${m.gasUsed} gas` : ''}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return;
    }
    const { client, deployment } = await readChain(values);
    const { disputeGame } = deployment.addresses;
    const [game, history] = await Promise.all([
      getGame(client, { disputeGame, gameId }),
      getGameHistory(client, { disputeGame, gameId, fromBlock: BigInt(deployment.fromBlock) }),
    ]);
    const moves = history.map((e) => ({ event: e.eventName, block: Number(e.blockNumber), tx: e.transactionHash as Hex, ...(e.args as object) }));
    if (values.json) {
      const { timestamp: _t, ...state } = game;
      process.stdout.write(`${toJson({ ...state, events: moves })}\n`);
      return;
    }
    const lines = [
      `game #${gameId} on task ${game.taskId}: ${game.status}${game.status === 'in-progress' ? ` (${game.phase}, ${game.turn} to move)` : ''}`,
      `  worker     ${game.worker}  clock used ${game.workerUsed}/${game.budget} s`,
      `  challenger ${game.challenger}  clock used ${game.challengerUsed}/${game.budget} s`,
      `  moves      ${game.moves} of at most ${game.maxMoves}`,
      '  events:',
      ...moves.map((m) => `    block ${m.block}  ${describe(m)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

function describe(m: Record<string, unknown>): string {
  const party = (v: unknown) => PARTY[Number(v)];
  switch (m.event) {
    case 'GameOpened': return `opened by ${m.challenger} against ${m.worker}, bond ${m.bond}`;
    case 'Bisected': {
      const { depth, index } = decodePosition(BigInt(m.position as bigint));
      return `${party(m.party)} bisects at depth ${depth}, node ${index}`;
    }
    case 'TensorRootRevealed': return `${party(m.party)} reveals the root of trace tensor ${m.traceIndex}`;
    case 'LeafRevealed': return `${party(m.party)} reveals leaf ${m.leafIndex}`;
    case 'ElementPicked': return `element ${m.elementIndex}: worker says ${m.workerValue}, challenger says ${m.challengerValue}`;
    case 'Stepped': return `one-step by ${m.caller}: the verifier computes ${m.correctValue}`;
    case 'GameResolved': return `${party(m.winner)} won (${RESOLUTION[Number(m.resolution)]})`;
    default: return String(m.event);
  }
}
