import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, bytesToHex, isAddressEqual, keccak256, parseEther, toBytes } from 'viem';
import { quorumTasksAbi } from '../../src/chain/abis/QuorumTasks.ts';
import { reputationRegistryAbi } from '../../src/chain/abis/ReputationRegistry.ts';
import { stakeManagerAbi } from '../../src/chain/abis/StakeManager.ts';
import { validationRegistryAbi } from '../../src/chain/abis/ValidationRegistry.ts';
import { approveToken } from '../../src/chain/actions/approveToken.ts';
import { bondStake } from '../../src/chain/actions/bondStake.ts';
import { commitQuorumResult } from '../../src/chain/actions/commitQuorumResult.ts';
import { drawCommittee } from '../../src/chain/actions/drawCommittee.ts';
import { getQuorumTask } from '../../src/chain/actions/getQuorumTask.ts';
import { joinQuorumPool } from '../../src/chain/actions/joinQuorumPool.ts';
import { leaveQuorumPool } from '../../src/chain/actions/leaveQuorumPool.ts';
import { revealQuorumResult } from '../../src/chain/actions/revealQuorumResult.ts';
import { settleQuorumTask } from '../../src/chain/actions/settleQuorumTask.ts';
import type { StartAnvilReturnType } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import type { DeployVouchReturnType } from '../../src/chain/deploy/deployVouch.ts';
import { ContractRevertError } from '../../src/chain/errors.ts';
import { writeContract } from '../../src/chain/transactions/writeContract.ts';
import { canonicalize } from '../../src/commit/canonical/canonicalize.ts';
import { floatModelId } from '../../src/commit/floatModelId.ts';
import { mnistSplit } from '../../src/data/mnist.ts';
import { ensureCanonicalisation, quorumFeedbackUri, rateQuorumMembers, submitQuorumTask } from '../../src/node/roles/quorumRequester.ts';
import { loadFloatModel } from '../../src/runtime/float/loadFloatModel.ts';
import { runFloat } from '../../src/runtime/float/runFloat.ts';
import { type AgentProcess, runVouch, startTestChain, testAgent } from './agentProcess.ts';

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;
const MODEL = new URL('../../models/mnist-cnn.onnx', import.meta.url).pathname;
const FEE = parseEther('1');
const MEMBER_STAKE = parseEther('10');
const ZERO = `0x${'0'.repeat(64)}` as Hex;

type Agent = AgentProcess & { clients?: VouchClients };

const agent = (name: string): Agent => testAgent('quorum e2e', name);
const run = (a: Agent, args: string[], readyEvent?: string, crashAt?: string) => runVouch(a, args, { readyEvent, crashAt });

describe('quorum end to end on anvil: 6 committee members (3 honest, 2 liars telling the same lie, 1 silent) as processes, a requester CLI', { timeout: 300_000 }, () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let deployment: DeployVouchReturnType;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-quorum-e2e-'));
  const honest = [agent('honest-1'), agent('honest-2'), agent('honest-3')];
  const liar = agent('liar');
  // Lies are deterministic (a hash of the honest result), so two liars collude: they reveal the same wrong result.
  const liar2 = agent('liar-2');
  const silent = agent('silent');
  const members = [...honest, liar, liar2, silent];
  const requester = agent('requester');
  const copiers = [agent('copy-x'), agent('copy-y'), agent('copy-z')];
  const phases: Record<string, Record<string, unknown>[]> = {};
  let copiedTaskId: bigint | undefined;
  const started = Date.now();

  const mine = () => deployer.public.request({ method: 'evm_mine' } as never);
  const travel = async (seconds: number) => {
    await deployer.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await mine();
  };
  const read = <T,>(functionName: string, args: unknown[], address = deployment.addresses.quorumTasks, abi: unknown = quorumTasksAbi) =>
    deployer.public.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  const leave = (a: Agent) => leaveQuorumPool(a.clients!, { quorumTasks: deployment.addresses.quorumTasks });
  const join_ = (a: Agent) => joinQuorumPool(a.clients!, { quorumTasks: deployment.addresses.quorumTasks, reserve: 5n * MEMBER_STAKE });
  const submit = async (phase: string, n: number, committee: number, during?: () => Promise<void>) => {
    const before = requester.events.length;
    const cli = run(requester, [
      'task', 'submit', '--mode', 'quorum', '--rpc', anvil.rpcUrl, '--key', requester.key, '--deployment-dir', join(dir, 'chain'),
      '--model', MODEL, '--mnist', String(n), '--committee', String(committee), '--wait', '--json',
    ]);
    await Promise.all([cli, during?.()]);
    phases[phase] = requester.events.slice(before);
  };

  before(async () => {
    const everyone = [...members, requester, ...copiers];
    ({ anvil, deployer, deployment } = await startTestChain(
      dir,
      {
        params: { challengeWindow: 60n, disputeMoveClock: 30n, minStake: parseEther('100') },
        quorumParams: { commitWindow: 60, revealWindow: 60, drawDelay: 1, memberStake: MEMBER_STAKE, slashTreasuryBps: 1_000 },
      },
      everyone.map((a) => a.address),
    ));
    for (const a of everyone) a.clients = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: a.key });
    const common = ['agent', 'start', '--role', 'quorum', '--rpc', anvil.rpcUrl, '--deployment-dir', join(dir, 'chain'), '--model', MODEL, '--json', '--poll-ms', '300'];
    await Promise.all([
      // honest-1 is killed right after broadcasting its first commitment: restarted on the same
      // database, it must reveal with the salt it stored before sending.
      ...honest.map((a, i) => run(a, [...common, '--key', a.key, '--data-dir', join(dir, a.name)], 'started', i === 0 ? 'quorum-commit.submitted' : undefined)),
      ...[liar, liar2].map((l) => run(l, [...common, '--key', l.key, '--data-dir', join(dir, l.name), '--quorum-lie-rate', '1'], 'started')),
      run(silent, [...common, '--key', silent.key, '--data-dir', join(dir, silent.name), '--quorum-silent'], 'started'),
    ]);
    process.stdout.write(`# quorum e2e: 6 members started in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });

  after(async () => {
    for (const a of [...members, requester]) a.proc?.kill('SIGTERM');
    await anvil?.stop();
  });

  test('3 honest members (one killed after its commit and restarted): the result is final, it is the model\'s label, the fee is shared by the three', async () => {
    await leave(liar);
    await leave(liar2);
    await leave(silent);
    const credits = await Promise.all(honest.map((h) => read<bigint>('creditsOf', [h.address])));
    const t0 = Date.now();
    await submit('honest', 2, 3);
    process.stdout.write(`# quorum e2e: 2 tasks of 3 honest members settled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const rows = phases.honest;
    assert.equal(rows.length, 2);
    const model = await loadFloatModel(MODEL);
    for (const row of rows) {
      const i = row.input as number;
      assert.equal(row.state, 'finalized', JSON.stringify(row));
      assert.deepEqual(new Set((row.members as string[]).map((m) => m.toLowerCase())), new Set(honest.map((h) => h.address.toLowerCase())));
      const [logits] = await runFloat(model, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: mnistSplit('test')[i].image }]);
      const expected = bytesToHex(canonicalize({ kind: 'top1' }, { tensors: [logits] }).hash);
      assert.equal(row.result, expected, 'the majority result is the top1 result hash of the model run here');
      assert.equal(typeof row.label, 'number');
      assert.deepEqual(row.slashedSeats, []);
    }
    // Each honest member earned a third of each fee (the division's dust goes to the treasury).
    for (const [i, h] of honest.entries()) assert.equal((await read<bigint>('creditsOf', [h.address])) - credits[i], 2n * (FEE / 3n), h.name);
    for (const h of honest) assert.equal(h.events.filter((e) => e.event === 'quorum-revealed').length, 2);
    assert.equal(honest[0].events.filter((e) => e.event === 'killed').length, 1, 'honest-1 was killed behind its first commit');
    assert.equal(honest[0].events.filter((e) => e.event === 'started').length, 2, 'and restarted');
    assert.equal(honest[0].events.filter((e) => e.event === 'quorum-committed').length, 1, 'the commit the kill interrupted was not sent again');
  });

  test('2 honest members and a liar: the honest result is final, the liar is slashed and shares go to the honest', async () => {
    await join_(liar);
    await leave(honest[2]);
    const bonded = await read<bigint>('bondedOf', [liar.address], deployment.addresses.stakeManager, stakeManagerAbi);
    const credits = await Promise.all(honest.slice(0, 2).map((h) => read<bigint>('creditsOf', [h.address])));
    await submit('liar', 1, 3);
    const [row] = phases.liar;
    assert.equal(row.state, 'finalized', JSON.stringify(row));
    const seats = (row.members as string[]).map((m) => m.toLowerCase());
    assert.deepEqual(row.slashedSeats, [seats.indexOf(liar.address.toLowerCase())]);
    assert.equal(await read<bigint>('bondedOf', [liar.address], deployment.addresses.stakeManager, stakeManagerAbi), bonded - MEMBER_STAKE, 'the liar lost its seat stake');
    assert.ok(liar.events.some((e) => e.event === 'quorum-lie'));
    for (let i = 0; i < 50 && !liar.events.some((e) => e.event === 'quorum-slashed'); i++) await new Promise((r) => setTimeout(r, 200));
    assert.ok(liar.events.some((e) => e.event === 'quorum-slashed'), 'the liar\'s node saw its slash');
    // fee + 90% of the liar's stake, split by the two honest members.
    const pot = FEE + (MEMBER_STAKE * 9n) / 10n;
    for (const [i, h] of honest.slice(0, 2).entries()) assert.equal((await read<bigint>('creditsOf', [h.address])) - credits[i], pot / 2n, h.name);
  });

  test('3 honest members and 2 colluding liars revealing the same wrong result: the honest majority is final, both liars are slashed', async () => {
    await join_(honest[2]);
    await join_(liar2);
    const stakeOf = (a: Agent) => read<bigint>('bondedOf', [a.address], deployment.addresses.stakeManager, stakeManagerAbi);
    const bonded = await Promise.all([liar, liar2].map(stakeOf));
    await submit('collusion', 1, 5);
    const [row] = phases.collusion;
    assert.equal(row.state, 'finalized', JSON.stringify(row));
    const seats = (row.members as string[]).map((m) => m.toLowerCase());
    assert.deepEqual(new Set(seats), new Set([...honest, liar, liar2].map((a) => a.address.toLowerCase())));
    const liarSeats = [liar, liar2].map((l) => seats.indexOf(l.address.toLowerCase())).sort();
    assert.deepEqual([...(row.slashedSeats as number[])].sort(), liarSeats);
    const reveals = await deployer.public.getContractEvents({ address: deployment.addresses.quorumTasks, abi: quorumTasksAbi, eventName: 'Revealed', args: { taskId: BigInt(row.taskId as string) }, fromBlock: 0n });
    const revealedBy = (a: Agent) => reveals.find((r) => isAddressEqual(r.args.member!, a.address))?.args.resultHash;
    assert.equal(revealedBy(liar), revealedBy(liar2), 'the two liars revealed the same result');
    assert.notEqual(revealedBy(liar), row.result, 'and it lost to the majority\'s');
    assert.deepEqual(await Promise.all([liar, liar2].map(stakeOf)), bonded.map((b) => b - MEMBER_STAKE), 'each liar lost its seat stake');
    await leave(honest[2]);
    await leave(liar2);
  });

  test('1 honest, 1 liar, 1 silent: no majority, the fee is refunded, only the silent member is slashed (to the requester)', async () => {
    await join_(silent);
    await leave(honest[1]);
    const credits = await read<bigint>('creditsOf', [requester.address]);
    const stakeCredits = await read<bigint>('creditsOf', [requester.address], deployment.addresses.stakeManager, stakeManagerAbi);
    const bonded = await read<bigint>('bondedOf', [silent.address], deployment.addresses.stakeManager, stakeManagerAbi);
    const previous = await read<bigint>('taskCount', []);
    // The silent member never reveals: once the two others have, jump past the reveal window.
    const jump = async () => {
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        const count = await read<bigint>('taskCount', []);
        if (count === previous) continue;
        const t = await getQuorumTask(deployer, { quorumTasks: deployment.addresses.quorumTasks, taskId: count });
        if (t.state === 'reveal' && t.revealed === 2) {
          const now = Number((await deployer.public.getBlock({ blockTag: 'latest' })).timestamp);
          await travel(t.revealDeadline - now + 1);
          return;
        }
        if (t.state === 'finalized' || t.state === 'refunded') return;
      }
    };
    await submit('tie', 1, 3, jump);
    const [row] = phases.tie;
    assert.equal(row.state, 'refunded', JSON.stringify(row));
    const seats = (row.members as string[]).map((m) => m.toLowerCase());
    assert.deepEqual(new Set(seats), new Set([honest[0], liar, silent].map((a) => a.address.toLowerCase())));
    assert.deepEqual(row.slashedSeats, [seats.indexOf(silent.address.toLowerCase())]);
    assert.equal(await read<bigint>('bondedOf', [silent.address], deployment.addresses.stakeManager, stakeManagerAbi), bonded - MEMBER_STAKE);
    assert.equal((await read<bigint>('creditsOf', [requester.address])) - credits, FEE, 'the fee back (QuorumTasks credit)');
    const gained = (await read<bigint>('creditsOf', [requester.address], deployment.addresses.stakeManager, stakeManagerAbi)) - stakeCredits;
    assert.equal(gained, (MEMBER_STAKE * 9n) / 10n, '90% of the silent stake (StakeManager credit)');
  });

  test('a copied commitment cannot be revealed: the copier is slashed as silent', async () => {
    for (const a of [honest[0], liar, silent]) await leave(a);
    const { quorumTasks, stakeManager, vouchToken } = deployment.addresses;
    for (const c of copiers) {
      await approveToken(c.clients!, { token: vouchToken, spender: stakeManager, amount: parseEther('200') });
      await bondStake(c.clients!, { stakeManager, amount: parseEther('200') });
      await join_(c);
    }
    const model = await loadFloatModel(MODEL);
    const { canonId } = await ensureCanonicalisation(requester.clients!, { quorumTasks, modelId: bytesToHex(floatModelId(model.bytes)), spec: { kind: 'top1' } });
    await approveToken(requester.clients!, { token: vouchToken, spender: quorumTasks, amount: FEE });
    const image = mnistSplit('test')[5].image;
    const { taskId, drawBlock } = await submitQuorumTask(requester.clients!, { quorumTasks, canonId, inputs: [{ dtype: 'float32', dims: [1, 1, 28, 28], data: image }], fee: FEE, committee: 3 });
    while ((await deployer.public.getBlockNumber({ cacheTime: 0 })) <= drawBlock) await new Promise((r) => setTimeout(r, 200));
    const drawn = await drawCommittee(copiers[0].clients!, { quorumTasks, taskId }).catch(async (err) => {
      if (err instanceof ContractRevertError) return { members: (await getQuorumTask(deployer, { quorumTasks, taskId })).seats.map((s) => s.member) };
      throw err;
    });
    const seatOf = (c: Agent) => drawn.members.findIndex((m) => isAddressEqual(m, c.address));
    const [x, y, z] = copiers;
    const [logits] = await runFloat(model, [{ dtype: 'float32', dims: [1, 1, 28, 28], data: image }]);
    const resultHash = bytesToHex(canonicalize({ kind: 'top1' }, { tensors: [logits] }).hash);
    const saltX = keccak256(toBytes('x salt'));
    const { commitment } = await commitQuorumResult(x.clients!, { quorumTasks, taskId, seat: seatOf(x), resultHash, salt: saltX });
    // y copies x's commitment straight from the Committed event, z commits its own.
    const [event] = await deployer.public.getContractEvents({ address: quorumTasks, abi: quorumTasksAbi, eventName: 'Committed', args: { taskId } });
    assert.equal(event.args.commitment, commitment);
    await writeContract(y.clients!, { address: quorumTasks, abi: quorumTasksAbi, functionName: 'commit', args: [taskId, BigInt(seatOf(y)), commitment] });
    await commitQuorumResult(z.clients!, { quorumTasks, taskId, seat: seatOf(z), resultHash, salt: keccak256(toBytes('z salt')) });
    await revealQuorumResult(x.clients!, { quorumTasks, taskId, seat: seatOf(x), resultHash, salt: saltX });
    await assert.rejects(
      revealQuorumResult(y.clients!, { quorumTasks, taskId, seat: seatOf(y), resultHash, salt: saltX }),
      (err: unknown) => err instanceof ContractRevertError && err.errorName === 'QuorumCommitMismatch',
    );
    await revealQuorumResult(z.clients!, { quorumTasks, taskId, seat: seatOf(z), resultHash, salt: keccak256(toBytes('z salt')) });
    const t = await getQuorumTask(deployer, { quorumTasks, taskId });
    await travel(t.revealDeadline - Number((await deployer.public.getBlock({ blockTag: 'latest' })).timestamp) + 1);
    const settled = await settleQuorumTask(x.clients!, { quorumTasks, taskId });
    assert.equal(settled.outcome, 'finalized');
    assert.equal(settled.result, resultHash);
    assert.deepEqual(settled.slashedSeats, [BigInt(seatOf(y))]);
    copiedTaskId = taskId;
  });

  test('ERC-8004: every member outcome is posted to the ValidationRegistry with tag vouch:quorum', async () => {
    const { quorumTasks, validationRegistry } = deployment.addresses;
    const responses = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationResponse', args: { validatorAddress: quorumTasks }, fromBlock: 0n });
    const links = await deployer.public.getContractEvents({ address: quorumTasks, abi: quorumTasksAbi, eventName: 'ValidationLinked', fromBlock: 0n });
    const byRequest = new Map(responses.map((r) => [r.args.requestHash!, r.args]));
    for (const r of responses) assert.equal(r.args.tag, 'vouch:quorum');
    const want: Record<string, number[]> = {};
    const taskOfPhase = (phase: string) => phases[phase].map((r) => BigInt(r.taskId as string));
    // honest: 3 x 100 per task; liar: 100, 100, 0; tie: only the silent member is answered (0), nothing was decided for the others.
    for (const id of taskOfPhase('honest')) want[String(id)] = [100, 100, 100];
    want[String(taskOfPhase('liar')[0])] = [0, 100, 100];
    want[String(taskOfPhase('collusion')[0])] = [0, 0, 100, 100, 100];
    want[String(taskOfPhase('tie')[0])] = [0];
    for (const [id, expected] of Object.entries(want)) {
      const linked = links.filter((l) => String(l.args.taskId) === id);
      assert.equal(linked.length, id === String(taskOfPhase('collusion')[0]) ? 5 : 3, `task ${id}: every member linked its seat`);
      const got = linked.map((l) => byRequest.get(l.args.requestHash!)?.response).filter((x) => x !== undefined).map(Number).sort((a, b) => a - b);
      assert.deepEqual(got, expected, `task ${id}`);
    }
    assert.ok(!members.some((m) => m.events.some((e) => e.event === 'validation-request-failed')));
  });

  test('ERC-8004 Reputation: the requester rated every member it could (100 majority, 0 deviant or silent, tag vouch:quorum) once; members without an agent id are skipped', async () => {
    const { quorumTasks, reputationRegistry } = deployment.addresses;
    const feedback = await deployer.public.getContractEvents({ address: reputationRegistry, abi: reputationRegistryAbi, eventName: 'NewFeedback', args: { clientAddress: requester.address }, fromBlock: 0n });
    const agentIdOf = new Map(members.map((m) => [m.address.toLowerCase(), BigInt(m.events.find((e) => e.event === 'started')!.agentId as string)]));
    // Per task, seat by seat: the value the requester must have given (undefined: not rated).
    const expectations: [string, (row: Record<string, unknown>, member: string) => number | undefined][] = [
      ['honest', () => 100],
      ['liar', (_row, m) => (m === liar.address.toLowerCase() ? 0 : 100)],
      ['collusion', (_row, m) => (m === liar.address.toLowerCase() || m === liar2.address.toLowerCase() ? 0 : 100)],
      // No majority: the silent seat is rated 0, nothing was decided about the two that revealed.
      ['tie', (_row, m) => (m === silent.address.toLowerCase() ? 0 : undefined)],
    ];
    let rated = 0;
    for (const [phase, expected] of expectations) {
      for (const row of phases[phase]) {
        const seats = (row.members as string[]).map((m) => m.toLowerCase());
        for (const [seat, member] of seats.entries()) {
          const uri = quorumFeedbackUri(BigInt(row.taskId as string), seat);
          const given = feedback.filter((f) => f.args.feedbackURI === uri);
          const want = expected(row, member);
          if (want === undefined) {
            assert.equal(given.length, 0, `${phase} task ${row.taskId as string} seat ${seat}: not rated`);
            continue;
          }
          assert.equal(given.length, 1, `${phase} task ${row.taskId as string} seat ${seat}: rated once`);
          const f = given[0].args;
          assert.equal(f.agentId, agentIdOf.get(member), 'under the member\'s own agent id');
          assert.equal(Number(f.value), want, `${phase} task ${row.taskId as string} seat ${seat}`);
          assert.equal(f.tag1, 'vouch:quorum');
          assert.equal(f.tag2, want === 100 ? 'majority' : phase === 'tie' ? 'silent' : 'deviant');
          rated++;
        }
      }
    }
    assert.equal(rated, feedback.length, 'no other feedback from the requester');
    // The registry's own summary of the liar under the tag: two 0s (its lie alone, then in collusion).
    const [count, mean] = await deployer.public.readContract({ address: reputationRegistry, abi: reputationRegistryAbi, functionName: 'getSummary', args: [agentIdOf.get(liar.address.toLowerCase())!, [requester.address], 'vouch:quorum', ''] });
    assert.equal(count, 2n);
    assert.equal(mean, 0n);

    // Rating again (a requester restarted after settlement) gives nothing twice.
    const liarTask = BigInt(phases.liar[0].taskId as string);
    const outcome = await getQuorumTask(deployer, { quorumTasks, taskId: liarTask });
    const again = await rateQuorumMembers(requester.clients!, { quorumTasks, reputationRegistry, taskId: liarTask, outcome });
    assert.deepEqual(again.map((r) => r.status), ['already', 'already', 'already']);
    // The copied-commitment task's members were in-process accounts with no agent id linked: skipped.
    const copied = await rateQuorumMembers(requester.clients!, { quorumTasks, reputationRegistry, taskId: copiedTaskId!, outcome: await getQuorumTask(deployer, { quorumTasks, taskId: copiedTaskId! }) });
    assert.deepEqual(copied.map((r) => r.status), ['skipped', 'skipped', 'skipped']);
    assert.ok(copied.every((r) => r.agentId === 0n && /linked no ERC-8004 agent id/.test(r.reason!)));
    const after = await deployer.public.getContractEvents({ address: reputationRegistry, abi: reputationRegistryAbi, eventName: 'NewFeedback', args: { clientAddress: requester.address }, fromBlock: 0n });
    assert.equal(after.length, feedback.length, 'nothing given twice');
    process.stdout.write(`# quorum e2e: ${rated} member ratings on chain (5 tasks), a second pass gave none\n`);
  });

  test('task show --mode quorum reads the outcome back from the chain', async () => {
    const id = phases.liar[0].taskId as string;
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'task', 'show', id, '--mode', 'quorum', '--rpc', anvil.rpcUrl, '--deployment-dir', join(dir, 'chain'), '--json']);
    const shown = JSON.parse(stdout) as { state: string; result: string; seats: unknown[]; events: { event: string }[] };
    assert.equal(shown.state, 'finalized');
    assert.equal(shown.result, phases.liar[0].result);
    assert.equal(shown.seats.length, 3);
    const names = shown.events.map((e) => e.event);
    for (const n of ['QuorumTaskCreated', 'CommitteeDrawn', 'Committed', 'Revealed', 'MemberSlashed', 'QuorumFinalized', 'ValidationPublished']) assert.ok(names.includes(n), `${n} in ${names}`);
  });

  test('gas per quorum task (3 members, from receipts)', async () => {
    const { quorumTasks, validationRegistry } = deployment.addresses;
    const taskId = BigInt(phases.honest[0].taskId as string);
    const logs = await deployer.public.getContractEvents({ address: quorumTasks, abi: quorumTasksAbi, fromBlock: 0n });
    const mine_ = logs.filter((l) => (l.args as { taskId?: bigint }).taskId === taskId);
    const requests = new Set(mine_.filter((l) => l.eventName === 'ValidationLinked').map((l) => (l.args as { requestHash: Hex }).requestHash));
    const regLogs = await deployer.public.getContractEvents({ address: validationRegistry, abi: validationRegistryAbi, eventName: 'ValidationRequest', fromBlock: 0n });
    const txs = new Map<Hex, string>();
    for (const l of mine_) {
      const kind = { QuorumTaskCreated: 'create', CommitteeDrawn: 'draw', Committed: 'commit', Revealed: 'reveal', ValidationLinked: 'link', QuorumFinalized: 'settle' }[l.eventName as string];
      if (kind) txs.set(l.transactionHash!, kind);
    }
    for (const l of regLogs) if (requests.has(l.args.requestHash!)) txs.set(l.transactionHash!, 'validationRequest');
    const gas: Record<string, bigint[]> = {};
    for (const [hash, kind] of txs) (gas[kind] ??= []).push((await deployer.public.getTransactionReceipt({ hash })).gasUsed);
    const total = Object.values(gas).flat().reduce((a, b) => a + b, 0n);
    process.stdout.write(`# quorum e2e gas (task ${taskId}, committee 3): ${Object.entries(gas).map(([k, v]) => `${k} ${v.join('/')}`).join(', ')}; total ${total}\n`);
    assert.equal(gas.commit.length, 3);
    assert.equal(gas.reveal.length, 3);
    process.stdout.write(`# quorum e2e: whole file ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
