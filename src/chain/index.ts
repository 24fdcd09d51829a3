// Entry point of the chain client (the one barrel file of src/chain).
export {
  AnvilNotFoundError,
  AnvilStartError,
  ChainRpcError,
  ContractRevertError,
  DeploymentNotFoundError,
  DeploymentStaleError,
  InsufficientFundsError,
  TransactionRejectedError,
  TransactionStuckError,
} from './errors.ts';
export { identityRegistryAbi, identityRegistryBytecode } from './abis/IdentityRegistry.ts';
export { protocolParamsAbi, protocolParamsBytecode } from './abis/ProtocolParams.ts';
export { reputationRegistryAbi, reputationRegistryBytecode } from './abis/ReputationRegistry.ts';
export { stakeManagerAbi, stakeManagerBytecode } from './abis/StakeManager.ts';
export { timelockControllerAbi, timelockControllerBytecode } from './abis/TimelockController.ts';
export { validationRegistryAbi, validationRegistryBytecode } from './abis/ValidationRegistry.ts';
export { vouchGovernorAbi, vouchGovernorBytecode } from './abis/VouchGovernor.ts';
export { vouchTokenAbi, vouchTokenBytecode } from './abis/VouchToken.ts';
export { vouchErrorsAbi } from './abis/vouchErrorsAbi.ts';
export {
  DEFAULT_ANVIL_MNEMONIC,
  startAnvil,
  type AnvilAccount,
  type StartAnvilErrorType,
  type StartAnvilParameters,
  type StartAnvilReturnType,
} from './anvil/startAnvil.ts';
export {
  createVouchClients,
  type CreateVouchClientsParameters,
  type CreateVouchClientsReturnType,
  type VouchClients,
} from './clients/createVouchClients.ts';
export {
  DEFAULT_PROTOCOL_PARAMS,
  deployVouch,
  type DeployVouchErrorType,
  type DeployVouchParameters,
  type DeployVouchReturnType,
  type ProtocolParamsValues,
} from './deploy/deployVouch.ts';
export { deploymentPath, type VouchAddresses, type VouchDeployment } from './deploy/deploymentPath.ts';
export { fundAgents, type FundAgentsErrorType, type FundAgentsParameters, type FundAgentsReturnType } from './deploy/fundAgents.ts';
export { loadDeployment, type LoadDeploymentErrorType, type LoadDeploymentParameters, type LoadDeploymentReturnType } from './deploy/loadDeployment.ts';
export {
  sendTransaction,
  type FeeBumpOptions,
  type SendTransactionErrorType,
  type SendTransactionParameters,
  type SendTransactionReturnType,
  type Submission,
  type TransactionOptions,
} from './transactions/sendTransaction.ts';
export { writeContract, type WriteContractErrorType, type WriteContractParameters, type WriteContractReturnType } from './transactions/writeContract.ts';
export { deployContract, type DeployContractErrorType, type DeployContractParameters, type DeployContractReturnType } from './transactions/deployContract.ts';
export { toChainError, type ToChainErrorParameters } from './transactions/toChainError.ts';
export { approveToken, type ApproveTokenErrorType, type ApproveTokenParameters, type ApproveTokenReturnType } from './actions/approveToken.ts';
export { bondStake, type BondStakeErrorType, type BondStakeParameters, type BondStakeReturnType } from './actions/bondStake.ts';
export { getAgent, type GetAgentErrorType, type GetAgentParameters, type GetAgentReturnType } from './actions/getAgent.ts';
export { getStake, type GetStakeErrorType, type GetStakeParameters, type GetStakeReturnType } from './actions/getStake.ts';
export { getTokenBalance, type GetTokenBalanceErrorType, type GetTokenBalanceParameters, type GetTokenBalanceReturnType } from './actions/getTokenBalance.ts';
export { registerAgent, type RegisterAgentErrorType, type RegisterAgentParameters, type RegisterAgentReturnType } from './actions/registerAgent.ts';
