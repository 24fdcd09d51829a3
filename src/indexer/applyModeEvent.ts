import type { ApplyContext } from './applyEvent.ts';
import { add, addRole, insertFlow, row, sql } from './accountRows.ts';
import type { StoredEvent } from './contracts.ts';

/** SamplingCoordinator's SampleStatus, by its chain value. */
const SAMPLE_STATUS = ['none', 'requested', 'not-sampled', 'unassigned', 'assigned', 'agreed', 'escalated', 'missed', 'cleared', 'slashed', 'upheld', 'overturned'] as const;

type SeatRow = { seat: number; member: string; phase: string; result_hash: string | null; outcome: string | null };

/**
 * Applies one event of the other verification modes and of ERC-8004 (besides Tasks' own and
 * the Validation responses, in applyEvent): QuorumTasks (task, committee seats, settlement,
 * slashes, credits, validation links), SamplingCoordinator (request, coin, verifier, answer,
 * escalation, slash, close), Validation requests and Reputation feedback. As applyEvent: a
 * pure function of the events in chain order.
 */
export function applyModeEvent(ctx: ApplyContext, e: StoredEvent): void {
  const a = e.args as Record<string, string>;
  const n = e.args as Record<string, number>;
  const time = ctx.timeOf(e.block);
  const { db } = ctx;
  const id = (v: string) => Number(BigInt(v));
  const flow = (kind: string, from: string | null, to: string | null, amount: string, quorumTaskId: number) =>
    insertFlow(db, { kind, sender: from, receiver: to, amount, taskId: null, gameId: null, quorumTaskId, block: e.block, time, txHash: e.txHash });
  const slashFor = (what: { taskId?: number; quorumTaskId?: number }) => (ctx.txSlash ??= new Map()).set(e.txHash, what);

  switch (`${e.contract}.${e.name}`) {
    // ------------------------------------------------------------------ quorum
    case 'quorumTasks.CanonicalisationRegistered':
      sql(db, 'INSERT OR REPLACE INTO canonicalisations (canon_id, model_id, kind, decimals) VALUES (?, ?, ?, ?)').run(a.canonId, a.modelId, n.kind, n.decimals);
      return;
    case 'quorumTasks.QuorumTaskCreated': {
      sql(db,
        `INSERT OR REPLACE INTO quorum_tasks (task_id, requester, canon_id, model_id, fee, size, status, created_at, created_block, create_tx, draw_block)
         VALUES (?, ?, ?, ?, ?, ?, 'drawing', ?, ?, ?, ?)`,
      ).run(id(a.taskId), a.requester, a.canonId, a.modelId, a.fee, Number(a.size), time, e.block, e.txHash, Number(a.drawBlock));
      // As QuorumTasks._collectFee: from the requester's credits when they cover the fee, else by transfer (seen as Transfer).
      if (BigInt(row(db, a.requester).quorum_credits) >= BigInt(a.fee)) add(db, a.requester, 'quorum_credits', -BigInt(a.fee));
      addRole(db, a.requester, 'requester');
      flow('fee-paid', a.requester, ctx.quorumTasks ?? null, a.fee, id(a.taskId));
      return;
    }
    case 'quorumTasks.QuorumTaskInputs':
      sql(db, 'UPDATE quorum_tasks SET input = ? WHERE task_id = ?').run(a.data, id(a.taskId));
      return;
    case 'quorumTasks.DrawRescheduled':
      sql(db, 'UPDATE quorum_tasks SET draw_block = ? WHERE task_id = ?').run(Number(a.newDrawBlock), id(a.taskId));
      return;
    case 'quorumTasks.CommitteeDrawn': {
      const taskId = id(a.taskId);
      sql(db, "UPDATE quorum_tasks SET status = 'active', seed = ?, drawn_at = ?, commit_deadline = ?, reveal_deadline = ? WHERE task_id = ?").run(
        a.seed, time, Number(a.commitDeadline), Number(a.revealDeadline), taskId,
      );
      const members = JSON.parse(a.members) as string[];
      members.forEach((member, seat) => {
        sql(db, "INSERT OR REPLACE INTO quorum_seats (task_id, seat, member, phase) VALUES (?, ?, ?, 'drawn')").run(taskId, seat, member);
        addRole(db, member, 'member');
      });
      return;
    }
    case 'quorumTasks.CommitteeUnavailable':
      // No committee: refunded at the draw (the fee is credited back; no QuorumRefunded follows).
      sql(db, "UPDATE quorum_tasks SET status = 'refunded', pool_size = ?, revealed = 0, settled_at = ?, settled_block = ? WHERE task_id = ?").run(
        Number(a.poolSize), time, e.block, id(a.taskId),
      );
      refundFlow(id(a.taskId));
      return;
    case 'quorumTasks.Committed':
      sql(db, "UPDATE quorum_seats SET phase = 'committed', commitment = ?, committed_at = ? WHERE task_id = ? AND seat = ?").run(a.commitment, time, id(a.taskId), Number(a.seat));
      return;
    case 'quorumTasks.Revealed':
      sql(db, "UPDATE quorum_seats SET phase = 'revealed', result_hash = ?, revealed_at = ? WHERE task_id = ? AND seat = ?").run(a.resultHash, time, id(a.taskId), Number(a.seat));
      return;
    case 'quorumTasks.MemberSlashed':
      // Emitted before QuorumFinalized / QuorumRefunded in the settling transaction, each right before the StakeManager's pooled slash.
      slashFor({ quorumTaskId: id(a.taskId) });
      sql(db, 'UPDATE quorum_seats SET outcome = ?, slashed = ? WHERE task_id = ? AND seat = ?').run(
        String(e.args.revealed) === 'true' ? 'outvoted' : 'silent', a.amount, id(a.taskId), Number(a.seat),
      );
      return;
    case 'quorumTasks.QuorumFinalized': {
      const taskId = id(a.taskId);
      const seats = sql(db, 'SELECT seat, member, phase, result_hash, outcome FROM quorum_seats WHERE task_id = ?').all(taskId) as SeatRow[];
      const revealed = seats.filter((s) => s.phase === 'revealed').length;
      sql(db, "UPDATE quorum_tasks SET status = 'finalized', result = ?, majority = ?, share = ?, slashed = ?, revealed = ?, settled_at = ?, settled_block = ? WHERE task_id = ?").run(
        a.result, Number(a.majority), a.share, a.slashed, revealed, time, e.block, taskId,
      );
      for (const s of seats) {
        if (s.phase !== 'revealed' || s.result_hash !== a.result) continue;
        sql(db, "UPDATE quorum_seats SET outcome = 'majority' WHERE task_id = ? AND seat = ?").run(taskId, s.seat);
        add(db, s.member, 'earned', BigInt(a.share));
        flow('quorum-share', ctx.quorumTasks ?? null, s.member, a.share, taskId);
      }
      return;
    }
    case 'quorumTasks.QuorumRefunded': {
      const taskId = id(a.taskId);
      sql(db, "UPDATE quorum_tasks SET status = 'refunded', revealed = ?, slashed = ?, settled_at = ?, settled_block = ? WHERE task_id = ?").run(
        Number(a.revealed), a.slashed, time, e.block, taskId,
      );
      sql(db, "UPDATE quorum_seats SET outcome = 'refunded' WHERE task_id = ? AND outcome IS NULL").run(taskId);
      refundFlow(taskId);
      return;
    }
    case 'quorumTasks.Credited':
      add(db, a.account, 'quorum_credits', BigInt(a.amount));
      return;
    case 'quorumTasks.Withdrawn':
      add(db, a.account, 'quorum_credits', -BigInt(a.amount));
      return;
    case 'quorumTasks.ValidationLinked':
      sql(db, 'UPDATE quorum_seats SET agent_id = ?, request_hash = ? WHERE task_id = ? AND seat = ?').run(id(a.agentId), a.requestHash, id(a.taskId), Number(a.seat));
      return;
    case 'quorumTasks.ValidationPublished':
      sql(db, 'UPDATE quorum_seats SET validation_response = ? WHERE task_id = ? AND request_hash = ?').run(n.response, id(a.taskId), a.requestHash);
      return;

    // ------------------------------------------------------------------ sampling
    case 'samplingCoordinator.SampleRequested':
      sql(db,
        `INSERT OR REPLACE INTO samples (task_id, requester, worker, status, requested_at, requested_block, draw_block)
         VALUES (?, ?, ?, 'requested', ?, ?, ?)`,
      ).run(id(a.taskId), a.requester, a.worker, time, e.block, Number(a.drawBlock));
      return;
    case 'samplingCoordinator.DrawRescheduled':
      sql(db, 'UPDATE samples SET draw_block = ? WHERE task_id = ?').run(Number(a.newDrawBlock), id(a.taskId));
      return;
    case 'samplingCoordinator.SampleSkipped':
      sql(db, 'UPDATE samples SET status = ?, drawn_at = ? WHERE task_id = ?').run(SAMPLE_STATUS[n.status] ?? 'unassigned', time, id(a.taskId));
      return;
    case 'samplingCoordinator.VerifierDrawn':
      sql(db, "UPDATE samples SET status = 'assigned', verifier = ?, deadline = ?, drawn_at = ? WHERE task_id = ?").run(a.verifier, Number(a.deadline), time, id(a.taskId));
      addRole(db, a.verifier, 'verifier');
      return;
    case 'samplingCoordinator.SampleAgreed':
      sql(db, "UPDATE samples SET status = 'agreed', answered_at = ? WHERE task_id = ?").run(time, id(a.taskId));
      return;
    case 'samplingCoordinator.SampleEscalated':
      sql(db, "UPDATE samples SET status = 'escalated', answered_at = ?, escalated_to = ?, escalation = ? WHERE task_id = ?").run(
        time, String(e.args.toQuorum) === 'true' ? 'quorum' : 'dispute', id(a.escalation), id(a.taskId),
      );
      return;
    case 'samplingCoordinator.VerifierSlashed':
      // Missed (no answer in time) or Slashed (agreed to a claim proven wrong); the StakeManager's pooled slash follows.
      slashFor({ taskId: id(a.taskId) });
      sql(db, 'UPDATE samples SET status = ?, slashed = ?, closed_at = ? WHERE task_id = ?').run(SAMPLE_STATUS[n.status] ?? 'missed', a.amount, time, id(a.taskId));
      return;
    case 'samplingCoordinator.QuorumEscalationResolved': {
      // The escalation quorum decided the Tasks claim (Tasks' own events say how it settled).
      const rejected = String(e.args.claimRejected) === 'true';
      sql(db, 'UPDATE samples SET status = ?, quorum_result = ?, claim_rejected = ?, closed_at = ? WHERE task_id = ?').run(
        rejected ? 'overturned' : 'upheld', a.quorumResult, rejected ? 1 : 0, time, id(a.taskId),
      );
      return;
    }
    case 'samplingCoordinator.SampleCleared':
      sql(db, "UPDATE samples SET status = 'cleared', closed_at = ? WHERE task_id = ?").run(time, id(a.taskId));
      return;

    // ------------------------------------------------------------------ ERC-8004
    case 'validationRegistry.ValidationRequest':
      sql(db, 'INSERT OR REPLACE INTO validation_requests (request_hash, agent_id, validator, request_uri, block, time) VALUES (?, ?, ?, ?, ?, ?)').run(
        a.requestHash, id(a.agentId), a.validatorAddress, a.requestURI, e.block, time,
      );
      return;
    case 'reputationRegistry.NewFeedback':
      sql(db,
        `INSERT OR REPLACE INTO feedback (agent_id, client, feedback_index, value, value_decimals, tag1, tag2, endpoint, feedback_uri, block, time, tx_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id(a.agentId), a.clientAddress, Number(a.feedbackIndex), a.value, n.valueDecimals, a.tag1, a.tag2, a.endpoint, a.feedbackURI, e.block, time, e.txHash);
      return;
    case 'reputationRegistry.FeedbackRevoked':
      sql(db, 'UPDATE feedback SET revoked = 1 WHERE agent_id = ? AND client = ? AND feedback_index = ?').run(id(a.agentId), a.clientAddress, Number(a.feedbackIndex));
      return;
    default:
      return;
  }

  function refundFlow(taskId: number): void {
    const q = sql(db, 'SELECT requester, fee FROM quorum_tasks WHERE task_id = ?').get(taskId) as { requester: string; fee: string } | undefined;
    if (q) flow('refund', ctx.quorumTasks ?? null, q.requester, q.fee, taskId);
  }
}
