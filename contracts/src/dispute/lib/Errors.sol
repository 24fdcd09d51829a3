// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GameStatus, Party, Phase} from "./Types.sol";

/// @notice The game does not exist.
error GameUnknown(uint256 gameId);
/// @notice The game is over (`status`); nothing can be played any more.
error GameNotInProgress(uint256 gameId, GameStatus status);
/// @notice The call belongs to another phase.
error GameWrongPhase(uint256 gameId, Phase phase);
/// @notice Only `expected` may move now (`caller` is not that party's address).
error GameNotYourTurn(uint256 gameId, address caller, Party expected);
/// @notice The party to move has used `used` seconds of its `budget`: it can no longer move.
error GameClockExpired(uint256 gameId, Party party, uint256 used, uint256 budget);
/// @notice The party to move still has time (`used` of `budget`): no timeout yet.
error GameClockNotExpired(uint256 gameId, Party party, uint256 used, uint256 budget);
/// @notice The revealed children do not hash to the party's node: H(d || left || right) = computed.
error GameBadChildren(uint256 gameId, bytes32 node, bytes32 computed);
/// @notice A child covering only padding slots must be the padding hash Z[height].
error GameBadPadding(uint256 gameId, uint256 childIndex, bytes32 revealed, bytes32 expected);
/// @notice The opened tensor header does not hash to the party's trace leaf.
error GameBadTensorHeader(uint256 gameId, bytes32 leaf, bytes32 computed);
/// @notice The op descriptor is malformed: word `wordIndex` is `word`.
error GameBadDescriptor(uint256 gameId, uint256 wordIndex, int256 word);
/// @notice The revealed leaf does not hash to the party's node.
error GameBadLeaf(uint256 gameId, bytes32 node, bytes32 computed);
/// @notice The named element is not in the disputed leaf or not in the tensor.
error GameBadElement(uint256 gameId, uint256 elementIndex);
/// @notice At the named element the two leaves agree (`value`): name one where they differ.
error GameElementsAgree(uint256 gameId, uint256 elementIndex, int256 value);
/// @notice The challenger's claim does not disagree with the worker's output.
error GameSameOutput(uint256 taskId, bytes32 outputHash);
/// @notice The worker cannot dispute its own claim.
error GameSelfDispute(uint256 taskId, address worker);
/// @notice The task's model is a float model: its claims are never bisected (a sampled
/// verifier escalates them to a quorum, SamplingCoordinator.escalateQuorum).
error GameFloatModel(uint256 taskId, bytes32 modelId);
/// @notice The game already made its maximum number of moves (unreachable by construction).
error GameMoveBound(uint256 gameId, uint256 moves, uint256 maxMoves);
/// @notice A constructor argument is the zero address.
error GameZeroAddress();
