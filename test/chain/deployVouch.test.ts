import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encodeFunctionData, keccak256, parseEther, toBytes } from 'viem';
import { disputeGameAbi } from '../../src/chain/abis/DisputeGame.ts';
import { quorumTasksAbi } from '../../src/chain/abis/QuorumTasks.ts';
import { samplingCoordinatorAbi } from '../../src/chain/abis/SamplingCoordinator.ts';
import { tasksAbi } from '../../src/chain/abis/Tasks.ts';
import { stakeManagerAbi } from '../../src/chain/abis/StakeManager.ts';
import { timelockControllerAbi } from '../../src/chain/abis/TimelockController.ts';
import { vouchGovernorAbi } from '../../src/chain/abis/VouchGovernor.ts';
import { approveToken } from '../../src/chain/actions/approveToken.ts';
import { bondStake } from '../../src/chain/actions/bondStake.ts';
import { commitQuorumResult } from '../../src/chain/actions/commitQuorumResult.ts';
import { createQuorumTask } from '../../src/chain/actions/createQuorumTask.ts';
import { drawCommittee } from '../../src/chain/actions/drawCommittee.ts';
import { getQuorumTask } from '../../src/chain/actions/getQuorumTask.ts';
import { getSample } from '../../src/chain/actions/getSample.ts';
import { joinSamplingPool } from '../../src/chain/actions/joinSamplingPool.ts';
import { leaveSamplingPool } from '../../src/chain/actions/leaveSamplingPool.ts';
import { requestSample } from '../../src/chain/actions/requestSample.ts';
import { joinQuorumPool } from '../../src/chain/actions/joinQuorumPool.ts';
import { leaveQuorumPool } from '../../src/chain/actions/leaveQuorumPool.ts';
import { registerCanonicalisation } from '../../src/chain/actions/registerCanonicalisation.ts';
import { revealQuorumResult } from '../../src/chain/actions/revealQuorumResult.ts';
import { settleQuorumTask } from '../../src/chain/actions/settleQuorumTask.ts';
import { withdrawQuorumCredits } from '../../src/chain/actions/withdrawQuorumCredits.ts';
import { getAgent } from '../../src/chain/actions/getAgent.ts';
import { getStake } from '../../src/chain/actions/getStake.ts';
import { getTokenBalance } from '../../src/chain/actions/getTokenBalance.ts';
import { registerAgent } from '../../src/chain/actions/registerAgent.ts';
import { type StartAnvilReturnType, startAnvil } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import { type DeployVouchReturnType, deployVouch } from '../../src/chain/deploy/deployVouch.ts';
import { fundAgents } from '../../src/chain/deploy/fundAgents.ts';
import { loadDeployment } from '../../src/chain/deploy/loadDeployment.ts';
import { ContractRevertError, DeploymentNotFoundError, DeploymentStaleError } from '../../src/chain/errors.ts';
import { sendTransaction } from '../../src/chain/transactions/sendTransaction.ts';

describe('deployVouch, fundAgents and the first actions on a real anvil', () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let agent: VouchClients;
  let deployment: DeployVouchReturnType;
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-chain-'));

  before(async () => {
    anvil = await startAnvil();
    deployer = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey, chain: anvil.chainId });
    // A fresh key with no ETH: fundAgents must give it gas money as well as tokens.
    agent = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: keccak256(toBytes('vouch test agent')), chain: anvil.chainId });
    deployment = await deployVouch(deployer, { dataDir });
  });
  after(() => anvil.stop());

  test('every contract is deployed and wired as the constructors and governance expect', async () => {
    const { addresses } = deployment;
    for (const [name, address] of Object.entries(addresses)) {
      assert.notEqual(await deployer.public.getCode({ address }), undefined, `${name} has code`);
    }
    const read = deployer.public.readContract;
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'token' }), addresses.vouchToken);
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'protocolParams' }), addresses.protocolParams);
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'owner' }), addresses.timelockController);
    assert.equal(await read({ address: addresses.vouchGovernor, abi: vouchGovernorAbi, functionName: 'timelock' }), addresses.timelockController);
    const hasRole = (role: `0x${string}`, account: `0x${string}`) =>
      read({ address: addresses.timelockController, abi: timelockControllerAbi, functionName: 'hasRole', args: [role, account] });
    assert.equal(await hasRole(keccak256(toBytes('PROPOSER_ROLE')), addresses.vouchGovernor), true);
    assert.equal(await hasRole(`0x${'00'.repeat(32)}`, deployer.wallet.account.address), false, 'deployer renounced the timelock admin');
    assert.equal(await hasRole(keccak256(toBytes('PROPOSER_ROLE')), deployer.wallet.account.address), false, 'deployer renounced its bootstrap proposer role');
    assert.equal(await read({ address: addresses.timelockController, abi: timelockControllerAbi, functionName: 'getMinDelay' }), 86_400n);
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'isGame', args: [addresses.tasks] }), true);
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'isGame', args: [addresses.disputeGame] }), true);
    assert.equal(await read({ address: addresses.tasks, abi: tasksAbi, functionName: 'disputeGame' }), addresses.disputeGame);
    assert.equal(await read({ address: addresses.disputeGame, abi: disputeGameAbi, functionName: 'stepVerifier' }), addresses.modelStepVerifier);
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'isGame', args: [addresses.quorumTasks] }), true);
    assert.equal(await read({ address: addresses.quorumTasks, abi: quorumTasksAbi, functionName: 'owner' }), addresses.timelockController);
    assert.equal((await read({ address: addresses.quorumTasks, abi: quorumTasksAbi, functionName: 'params' })).memberStake, parseEther('100'));
    assert.equal(await read({ address: addresses.stakeManager, abi: stakeManagerAbi, functionName: 'isGame', args: [addresses.samplingCoordinator] }), true);
    assert.equal(await read({ address: addresses.samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'owner' }), addresses.timelockController);
    assert.equal((await read({ address: addresses.samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'params' })).samplingBps, 1_000);
    assert.equal(deployment.reused, false);
  });

  test('fund an agent, register it (ERC-8004), bond stake, read it all back', async () => {
    const { vouchToken: token, stakeManager, identityRegistry } = deployment.addresses;
    const me = agent.wallet.account.address;
    await fundAgents(deployer, { token, agents: [me], amount: parseEther('1000'), ethAmount: parseEther('1') });
    assert.equal(await getTokenBalance(agent, { token, account: me }), parseEther('1000'));

    const agentURI = 'https://agent.example/.well-known/registration.json';
    const { agentId } = await registerAgent(agent, { identityRegistry, agentURI });
    assert.deepEqual(await getAgent(agent, { identityRegistry, agentId }), { agentId, owner: me, agentURI, agentWallet: me });

    await approveToken(agent, { token, spender: stakeManager, amount: parseEther('300') });
    await bondStake(agent, { stakeManager, amount: parseEther('300') });
    const stake = await getStake(agent, { stakeManager, agent: me });
    assert.deepEqual(stake, { bonded: parseEther('300'), locked: 0n, free: parseEther('300'), pendingUnbond: 0n, unbondReadyAt: 0n, credits: 0n });
    assert.equal(await getTokenBalance(agent, { token, account: me }), parseEther('700'));
  });

  test('a quorum task of one seat on anvil: join the pool, create, draw from a block hash, commit, reveal, settle, withdraw', async () => {
    const { vouchToken: token, quorumTasks, stakeManager } = deployment.addresses;
    const me = agent.wallet.account.address;
    await joinQuorumPool(agent, { quorumTasks, reserve: parseEther('100') });
    assert.equal(await deployer.public.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: 'pooledOf', args: [quorumTasks, me] }), parseEther('100'));
    const { canonId } = await registerCanonicalisation(deployer, { quorumTasks, modelId: keccak256(toBytes('an llm')), kind: 'top1' });
    await approveToken(deployer, { token, spender: quorumTasks, amount: parseEther('5') });
    const { taskId, drawBlock } = await createQuorumTask(deployer, { quorumTasks, canonId, inputHashes: [keccak256(toBytes('prompt'))], fee: parseEther('5'), size: 1, inputData: '0x' });
    assert.equal((await getQuorumTask(agent, { quorumTasks, taskId })).state, 'awaitingDraw');
    // The draw needs block drawBlock in the past (also for the simulation at the latest block).
    while ((await deployer.public.getBlockNumber({ cacheTime: 0 })) <= drawBlock) await deployer.public.request({ method: 'evm_mine' } as never);
    const drawn = await drawCommittee(agent, { quorumTasks, taskId });
    assert.equal(drawn.outcome, 'drawn');
    assert.deepEqual(drawn.members, [me]);
    const resultHash = keccak256(toBytes('label 7'));
    const salt = keccak256(toBytes('secret salt'));
    const { commitment } = await commitQuorumResult(agent, { quorumTasks, taskId, seat: 0, resultHash, salt });
    const onChain = await deployer.public.readContract({ address: quorumTasks, abi: quorumTasksAbi, functionName: 'commitmentFor', args: [resultHash, salt, me] });
    assert.equal(commitment, onChain, 'quorumCommitment is the contract\'s preimage');
    const committed = await getQuorumTask(agent, { quorumTasks, taskId });
    assert.equal(committed.state, 'reveal');
    assert.deepEqual(committed.seats, [{ member: me, phase: 'committed', hash: commitment }]);
    await revealQuorumResult(agent, { quorumTasks, taskId, seat: 0, resultHash, salt });
    const settled = await settleQuorumTask(agent, { quorumTasks, taskId });
    assert.equal(settled.outcome, 'finalized');
    assert.equal(settled.result, resultHash);
    assert.equal((await getQuorumTask(agent, { quorumTasks, taskId })).state, 'finalized');
    assert.deepEqual(await withdrawQuorumCredits(agent, { quorumTasks }), { amount: parseEther('5') });
    await leaveQuorumPool(agent, { quorumTasks });
    assert.equal(await deployer.public.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: 'pooledOf', args: [quorumTasks, me] }), 0n);
  });

  test('sampling: a verifier joins and leaves the pool; only a claim inside its window can be sampled', async () => {
    const { samplingCoordinator, stakeManager } = deployment.addresses;
    const me = agent.wallet.account.address;
    await joinSamplingPool(agent, { samplingCoordinator, reserve: parseEther('10') });
    assert.equal(await deployer.public.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: 'pooledOf', args: [samplingCoordinator, me] }), parseEther('10'));
    assert.equal((await getSample(agent, { samplingCoordinator, taskId: 1n })).status, 'none');
    await assert.rejects(requestSample(agent, { samplingCoordinator, taskId: 1n }), (err) => err instanceof ContractRevertError && err.errorName === 'SamplingNotChallengeable');
    await leaveSamplingPool(agent, { samplingCoordinator });
    assert.equal(await deployer.public.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: 'pooledOf', args: [samplingCoordinator, me] }), 0n);
  });

  test('a revert becomes a ContractRevertError with the custom error name and args', async () => {
    const { stakeManager, identityRegistry } = deployment.addresses;
    // Nothing approved for the StakeManager any more: the token's error bubbles up through bond().
    await assert.rejects(bondStake(agent, { stakeManager, amount: 5n }), (err) => {
      assert.ok(err instanceof ContractRevertError);
      assert.equal(err.errorName, 'ERC20InsufficientAllowance');
      assert.deepEqual(err.args, [stakeManager, 0n, 5n]);
      assert.equal(err.functionName, 'bond');
      assert.equal(err.transactionHash, undefined, 'caught by the simulation, nothing was sent');
      assert.match(err.shortMessage, /bond\(\) on 0x[0-9a-fA-F]{40} reverted: ERC20InsufficientAllowance\(/);
      return true;
    });
    await assert.rejects(bondStake(agent, { stakeManager, amount: 0n }), (err) => err instanceof ContractRevertError && err.errorName === 'StakeZeroAmount');
    await assert.rejects(getAgent(agent, { identityRegistry, agentId: 999n }), (err) => {
      assert.ok(err instanceof ContractRevertError);
      assert.equal(err.errorName, 'ERC721NonexistentToken');
      assert.deepEqual(err.args, [999n]);
      return true;
    });
  });

  test('a revert mined on chain (no simulation: gas given) is decoded too', async () => {
    const { stakeManager } = deployment.addresses;
    const data = encodeFunctionData({ abi: stakeManagerAbi, functionName: 'requestUnbond', args: [parseEther('5000')] });
    await assert.rejects(sendTransaction(agent, { to: stakeManager, data, gas: 200_000n, functionName: 'requestUnbond' }), (err) => {
      assert.ok(err instanceof ContractRevertError);
      assert.equal(err.errorName, 'StakeInsufficientFree');
      assert.deepEqual(err.args, [agent.wallet.account.address, parseEther('5000'), parseEther('300')]);
      assert.match(err.transactionHash ?? '', /^0x[0-9a-f]{64}$/);
      return true;
    });
  });

  test('the deployment record is reused on the same chain and refused after a reset', async () => {
    const again = await deployVouch(deployer, { dataDir });
    assert.equal(again.reused, true);
    assert.deepEqual(again.addresses, deployment.addresses);
    assert.deepEqual((await loadDeployment(deployer, { dataDir })).addresses, deployment.addresses);
    await assert.rejects(loadDeployment(deployer, { dataDir: mkdtempSync(join(tmpdir(), 'vouch-empty-')) }), DeploymentNotFoundError);

    // A fresh chain with the same id: what the embedded chain looks like after a restart.
    const fresh = await startAnvil();
    try {
      const client = createVouchClients({ rpcUrl: fresh.rpcUrl, privateKey: fresh.accounts[0].privateKey, chain: fresh.chainId });
      await assert.rejects(loadDeployment(client, { dataDir }), (err) => {
        assert.ok(err instanceof DeploymentStaleError);
        assert.equal(err.reason, 'code-missing');
        assert.match(err.message, /chain reset/);
        assert.match(err.message, /replace: true/);
        return true;
      });
      await assert.rejects(deployVouch(client, { dataDir }), DeploymentStaleError);
      const redeployed = await deployVouch(client, { dataDir, replace: true });
      assert.equal(redeployed.reused, false);
      assert.deepEqual(redeployed.addresses, deployment.addresses, 'same deployer and nonces: same addresses');
      assert.equal((await loadDeployment(client, { dataDir })).blockHash, redeployed.blockHash);
      // The first chain still has code at those addresses, but not the recorded block any more.
      await assert.rejects(loadDeployment(deployer, { dataDir }), (err) => err instanceof DeploymentStaleError && err.reason === 'block-mismatch');
    } finally {
      await fresh.stop();
    }
  });
});
