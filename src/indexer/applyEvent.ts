import type Database from 'better-sqlite3';
import type { Address } from 'viem';
import type { StoredEvent } from './contracts.ts';
import { decodePosition } from '../chain/decodePosition.ts';
import { add, addRole, insertFlow, row, sql } from './accountRows.ts';
import { applyModeEvent } from './applyModeEvent.ts';

/** What applying events needs besides the events: addresses and the state carried between events. */
export type ApplyContext = {
  db: Database.Database;
  /** Lowercase addresses of the contracts whose locks and flows are told apart. */
  tasks: string;
  disputeGame: string;
  /** The ProtocolParams treasury (read at the deployment block, then followed through TreasuryUpdated). */
  treasury: Address;
  /** Block number -> unix time of the blocks being applied. */
  timeOf: (block: number) => number;
  /** The game a transaction resolved, so the slash and refund events of that transaction name it. */
  txGame: Map<string, { gameId: number; taskId: number }>;
  /** Lowercase QuorumTasks address (the escrow of quorum fees), when the deployment has one. */
  quorumTasks?: string;
  /**
   * What a pooled slash of a transaction is for: the sample of a Tasks task (VerifierSlashed) or
   * a quorum task (MemberSlashed), each emitted right before the StakeManager's slash.
   */
  txSlash?: Map<string, { taskId?: number; quorumTaskId?: number }>;
};

const ZERO = '0x0000000000000000000000000000000000000000';

const PARTIES = ['worker', 'challenger'] as const;

/**
 * Applies one event to the derived tables. Pure function of the events in chain order (no
 * chain reads), so a reorg can clear the derived tables and replay the events that remain.
 * Accounting mirrors the contracts: StakeManager bonded/locked/unbonding/credits, Tasks
 * credits, token balances from Transfer.
 */
export function applyEvent(ctx: ApplyContext, e: StoredEvent): void {
  const a = e.args as Record<string, string>;
  const n = e.args as Record<string, number>;
  const time = ctx.timeOf(e.block);
  const { db } = ctx;
  const txGame = ctx.txGame.get(e.txHash);
  const pooled = ctx.txSlash?.get(e.txHash);
  const flow = (kind: string, from: string | null, to: string | null, amount: string, taskId?: number | null, gameId?: number | null) =>
    insertFlow(db, {
      kind, sender: from, receiver: to, amount, taskId: taskId ?? txGame?.taskId ?? pooled?.taskId ?? null, gameId: gameId ?? txGame?.gameId ?? null,
      quorumTaskId: pooled?.quorumTaskId ?? null, block: e.block, time, txHash: e.txHash,
    });
  const move = (gameId: number, fields: Record<string, string | number | null | undefined>) => {
    const seq = (sql(db, 'SELECT COUNT(*) AS c FROM moves WHERE game_id = ?').get(gameId) as { c: number }).c;
    const row = { game_id: gameId, seq, kind: e.name, block: e.block, time, tx_hash: e.txHash, ...fields };
    const cols = Object.keys(row);
    sql(db, `INSERT INTO moves (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => (row as Record<string, unknown>)[c] ?? null));
  };
  const game = (gameId: number) => sql(db, 'SELECT * FROM games WHERE game_id = ?').get(gameId) as GameRow | undefined;

  switch (`${e.contract}.${e.name}`) {
    // ------------------------------------------------------------------ token
    case 'vouchToken.Transfer':
      if (a.from !== ZERO) add(db, a.from, 'balance', -BigInt(a.value));
      if (a.to !== ZERO) add(db, a.to, 'balance', BigInt(a.value));
      return;

    // ------------------------------------------------------------------ stake
    case 'stakeManager.Bonded':
      add(db, a.agent, 'bonded', BigInt(a.amount));
      return;
    case 'stakeManager.UnbondRequested':
      add(db, a.agent, 'bonded', -BigInt(a.amount));
      add(db, a.agent, 'unbonding', BigInt(a.amount));
      return;
    case 'stakeManager.Withdrawn':
      add(db, a.account, 'stake_credits', -BigInt(a.credits));
      add(db, a.account, 'unbonding', -BigInt(a.unbonded));
      return;
    case 'stakeManager.StakeLocked':
      add(db, a.agent, 'locked', BigInt(a.amount));
      sql(db, 'INSERT OR REPLACE INTO locks (game, key, agent, amount) VALUES (?, ?, ?, ?)').run(a.game.toLowerCase(), a.key, a.agent, a.amount);
      if (a.game.toLowerCase() === ctx.disputeGame) {
        const g = game(Number(BigInt(a.key)));
        flow('bond', a.agent, null, a.amount, g?.task_id, g?.game_id);
      }
      return;
    case 'stakeManager.StakeUnlocked':
      add(db, a.agent, 'locked', -BigInt(a.amount));
      sql(db, 'DELETE FROM locks WHERE game = ? AND key = ?').run(a.game.toLowerCase(), a.key);
      return;
    case 'stakeManager.PooledStakeLocked':
      add(db, a.agent, 'locked', BigInt(a.amount));
      return;
    case 'stakeManager.PooledStakeUnlocked':
      add(db, a.agent, 'locked', -BigInt(a.amount));
      return;
    case 'stakeManager.StakeSlashed':
    case 'stakeManager.PooledStakeSlashed': {
      let released = BigInt(a.slashed);
      if (e.name === 'StakeSlashed') {
        const lock = sql(db, 'SELECT amount FROM locks WHERE game = ? AND key = ?').get(a.game.toLowerCase(), a.key) as { amount: string } | undefined;
        if (lock) released = BigInt(lock.amount);
        sql(db, 'DELETE FROM locks WHERE game = ? AND key = ?').run(a.game.toLowerCase(), a.key);
      }
      add(db, a.agent, 'locked', -released);
      add(db, a.agent, 'bonded', -BigInt(a.slashed));
      add(db, a.agent, 'slashed', BigInt(a.slashed));
      add(db, a.winner, 'stake_credits', BigInt(a.winnerAmount));
      add(db, a.winner, 'earned', BigInt(a.winnerAmount));
      add(db, a.treasury, 'stake_credits', BigInt(a.treasuryAmount));
      flow('reward', a.agent, a.winner, a.winnerAmount);
      flow('slash', a.agent, a.treasury, a.treasuryAmount);
      if (txGame) sql(db, 'UPDATE games SET slashed = ? WHERE game_id = ?').run(a.slashed, txGame.gameId);
      return;
    }

    // ------------------------------------------------------------------ tasks
    case 'tasks.TaskCreated': {
      const taskId = Number(BigInt(a.taskId));
      sql(db, 
        `INSERT OR REPLACE INTO tasks (task_id, requester, model_id, fee, mode, status, created_at, created_block, claim_deadline, snapshot_id)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      ).run(taskId, a.requester, a.modelId, a.fee, n.mode, time, e.block, Number(a.claimDeadline), a.snapshotId);
      // Tasks takes the fee from the requester's credits when they cover it, else by transfer (seen as Transfer).
      const credits = BigInt(row(db, a.requester).task_credits);
      if (credits >= BigInt(a.fee)) add(db, a.requester, 'task_credits', -BigInt(a.fee));
      addRole(db, a.requester, 'requester');
      flow('fee-paid', a.requester, ctx.tasks, a.fee, taskId, null);
      return;
    }
    case 'tasks.TaskInputs':
      sql(db, 'UPDATE tasks SET input = ? WHERE task_id = ?').run(a.data, Number(BigInt(a.taskId)));
      return;
    case 'tasks.TaskClaimed':
      sql(db, "UPDATE tasks SET status = 'claimed', worker = ?, output_hash = ?, trace_root = ?, claimed_at = ?, window_start = ? WHERE task_id = ?").run(
        a.worker, a.outputHash, a.traceRoot, time, time, Number(BigInt(a.taskId)),
      );
      addRole(db, a.worker, 'worker');
      return;
    case 'tasks.TaskDisputed':
      sql(db, "UPDATE tasks SET status = 'disputed' WHERE task_id = ?").run(Number(BigInt(a.taskId)));
      return;
    case 'tasks.DisputeLostByChallenger':
      sql(db, "UPDATE tasks SET status = 'claimed', window_start = ? WHERE task_id = ?").run(Number(a.newWindowStart), Number(BigInt(a.taskId)));
      return;
    case 'tasks.TaskFinalized': {
      const taskId = Number(BigInt(a.taskId));
      sql(db, "UPDATE tasks SET status = 'final', settled_at = ?, settled_block = ? WHERE task_id = ?").run(time, e.block, taskId);
      add(db, a.worker, 'task_credits', BigInt(a.workerAmount));
      add(db, a.worker, 'earned', BigInt(a.workerAmount));
      add(db, ctx.treasury, 'task_credits', BigInt(a.protocolFee));
      flow('worker-paid', ctx.tasks, a.worker, a.workerAmount, taskId, null);
      flow('protocol-fee', ctx.tasks, ctx.treasury, a.protocolFee, taskId, null);
      return;
    }
    case 'tasks.TaskRejected': {
      const taskId = Number(BigInt(a.taskId));
      sql(db, "UPDATE tasks SET status = 'rejected', settled_at = ?, settled_block = ? WHERE task_id = ?").run(time, e.block, taskId);
      const t = sql(db, 'SELECT requester, fee FROM tasks WHERE task_id = ?').get(taskId) as { requester: string; fee: string } | undefined;
      if (t) flow('refund', ctx.tasks, t.requester, t.fee, taskId, null);
      return;
    }
    case 'tasks.TaskCancelled': {
      const taskId = Number(BigInt(a.taskId));
      sql(db, "UPDATE tasks SET status = 'cancelled', settled_at = ?, settled_block = ? WHERE task_id = ?").run(time, e.block, taskId);
      flow('refund', ctx.tasks, a.requester, a.refund, taskId, null);
      return;
    }
    case 'tasks.Credited':
    case 'tasks.Deposited':
      add(db, a.account, 'task_credits', BigInt(a.amount));
      return;
    case 'tasks.Withdrawn':
      add(db, a.account, 'task_credits', -BigInt(a.amount));
      return;
    case 'tasks.ValidationLinked':
      sql(db, 'UPDATE tasks SET validation_agent_id = ?, request_hash = ? WHERE task_id = ?').run(Number(BigInt(a.agentId)), a.requestHash, Number(BigInt(a.taskId)));
      return;
    case 'tasks.ValidationPublished':
      sql(db, 'UPDATE tasks SET validation_response = ?, request_hash = ? WHERE task_id = ?').run(n.response, a.requestHash, Number(BigInt(a.taskId)));
      return;

    // ------------------------------------------------------------------ disputes
    case 'disputeGame.GameOpened': {
      const gameId = Number(BigInt(a.gameId));
      const taskId = Number(BigInt(a.taskId));
      sql(db, 
        `INSERT OR REPLACE INTO games (game_id, task_id, worker, challenger, bond, status, phase, opened_at, opened_block, open_tx)
         VALUES (?, ?, ?, ?, ?, 'in-progress', 'trace', ?, ?, ?)`,
      ).run(gameId, taskId, a.worker, a.challenger, a.bond, time, e.block, e.txHash);
      sql(db, 'UPDATE tasks SET game_id = ? WHERE task_id = ?').run(gameId, taskId);
      addRole(db, a.challenger, 'challenger');
      move(gameId, { party: 'challenger', phase: 'trace' });
      return;
    }
    case 'disputeGame.Bisected': {
      const gameId = Number(BigInt(a.gameId));
      const { depth, index } = decodePosition(BigInt(a.position));
      move(gameId, { party: PARTIES[n.party], phase: game(gameId)?.phase ?? 'trace', depth, idx: index.toString() });
      return;
    }
    case 'disputeGame.TensorRootRevealed': {
      const gameId = Number(BigInt(a.gameId));
      move(gameId, { party: PARTIES[n.party], phase: 'header', trace_index: Number(a.traceIndex) });
      sql(db, 'UPDATE games SET trace_index = ? WHERE game_id = ?').run(Number(a.traceIndex), gameId);
      if (PARTIES[n.party] === 'challenger') sql(db, "UPDATE games SET phase = 'tensor' WHERE game_id = ?").run(gameId);
      return;
    }
    case 'disputeGame.LeafRevealed': {
      const gameId = Number(BigInt(a.gameId));
      move(gameId, { party: PARTIES[n.party], phase: 'leaf', leaf_index: Number(a.leafIndex), trace_index: game(gameId)?.trace_index });
      return;
    }
    case 'disputeGame.ElementPicked': {
      const gameId = Number(BigInt(a.gameId));
      move(gameId, { party: 'challenger', phase: 'leaf', element_index: a.elementIndex, worker_value: a.workerValue, challenger_value: a.challengerValue, trace_index: game(gameId)?.trace_index });
      sql(db, "UPDATE games SET phase = 'step' WHERE game_id = ?").run(gameId);
      return;
    }
    case 'disputeGame.Stepped': {
      const gameId = Number(BigInt(a.gameId));
      const g = game(gameId);
      const party = g?.worker === a.caller ? 'worker' : g?.challenger === a.caller ? 'challenger' : null;
      const picked = sql(db, "SELECT element_index, worker_value, challenger_value FROM moves WHERE game_id = ? AND kind = 'ElementPicked'").get(gameId) as
        | { element_index: string; worker_value: string; challenger_value: string }
        | undefined;
      move(gameId, { party, phase: 'step', correct_value: a.correctValue, trace_index: g?.trace_index, ...picked });
      return;
    }
    case 'disputeGame.GameResolved': {
      const gameId = Number(BigInt(a.gameId));
      const taskId = Number(BigInt(a.taskId));
      const status = n.winner === 0 ? 'worker-won' : 'challenger-won';
      const resolution = ['none', 'timeout', 'step'][n.resolution] ?? String(n.resolution);
      sql(db, "UPDATE games SET status = ?, resolution = ?, resolved_at = ?, phase = 'resolved' WHERE game_id = ?").run(status, resolution, time, gameId);
      ctx.txGame.set(e.txHash, { gameId, taskId });
      move(gameId, { party: PARTIES[n.winner] });
      return;
    }

    // ------------------------------------------------------------------ identity, models, validation, params
    case 'identityRegistry.Registered':
      sql(db, 'INSERT OR REPLACE INTO agents (agent_id, owner, uri, registered_at, registered_block) VALUES (?, ?, ?, ?, ?)').run(
        Number(BigInt(a.agentId)), a.owner, a.agentURI, time, e.block,
      );
      row(db, a.owner);
      return;
    case 'identityRegistry.URIUpdated':
      sql(db, 'UPDATE agents SET uri = ? WHERE agent_id = ?').run(a.newURI, Number(BigInt(a.agentId)));
      return;
    case 'identityRegistry.Transfer':
      if (a.from !== ZERO) sql(db, 'UPDATE agents SET owner = ? WHERE agent_id = ?').run(a.to, Number(BigInt(a.tokenId)));
      return;
    case 'modelRegistry.ModelRegistered':
      sql(db, 'INSERT OR REPLACE INTO models (model_id, registrant, registered_at, op_count, constant_count, input_count) VALUES (?, ?, ?, ?, ?, ?)').run(
        a.modelId, a.registrant, time, n.opCount, n.constantCount, n.inputCount,
      );
      return;
    case 'modelRegistry.FloatModelRegistered':
      sql(db, "INSERT OR REPLACE INTO models (model_id, registrant, registered_at, op_count, constant_count, input_count, format, canon_code, size) VALUES (?, ?, ?, 0, 0, ?, 'onnx-float', ?, ?)").run(
        a.modelId, a.registrant, time, n.inputCount, n.canonCode, Number(a.size),
      );
      return;
    case 'validationRegistry.ValidationResponse':
      sql(db, 'INSERT OR REPLACE INTO validations (request_hash, agent_id, validator, response, tag, block, time, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        a.requestHash, Number(BigInt(a.agentId)), a.validatorAddress, n.response, a.tag, e.block, time, e.txHash,
      );
      return;
    case 'protocolParams.TreasuryUpdated':
      ctx.treasury = a.newTreasury as Address;
      return;
    default:
      // QuorumTasks, SamplingCoordinator and the rest of ERC-8004 (src/indexer/applyModeEvent.ts).
      applyModeEvent(ctx, e);
  }
}

type GameRow = { game_id: number; task_id: number; worker: string; challenger: string; phase: string; trace_index: number | null };
