import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as chain from '../../src/chain/index.ts';

// The public API of src/chain: changing it must be deliberate (update this list).
test('src/chain exports', () => {
  assert.deepEqual(Object.keys(chain).sort(), [
    'AnvilNotFoundError', 'AnvilStartError', 'ChainRpcError', 'ContractRevertError', 'DEFAULT_ANVIL_MNEMONIC',
    'DEFAULT_PROTOCOL_PARAMS', 'DeploymentNotFoundError', 'DeploymentStaleError', 'InsufficientFundsError',
    'TransactionRejectedError', 'TransactionStuckError', 'approveToken', 'bondStake', 'createVouchClients',
    'deployContract', 'deployVouch', 'deploymentPath', 'fundAgents', 'getAgent', 'getStake', 'getTokenBalance',
    'identityRegistryAbi', 'identityRegistryBytecode', 'loadDeployment', 'protocolParamsAbi', 'protocolParamsBytecode',
    'registerAgent', 'reputationRegistryAbi', 'reputationRegistryBytecode', 'sendTransaction', 'stakeManagerAbi',
    'stakeManagerBytecode', 'startAnvil', 'timelockControllerAbi', 'timelockControllerBytecode', 'toChainError',
    'validationRegistryAbi', 'validationRegistryBytecode', 'vouchErrorsAbi', 'vouchGovernorAbi', 'vouchGovernorBytecode',
    'vouchTokenAbi', 'vouchTokenBytecode', 'writeContract',
  ]);
});
