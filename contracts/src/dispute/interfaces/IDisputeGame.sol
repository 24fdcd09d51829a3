// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ClaimProof} from "../../tasks/ITasks.sol";
import {Game, Party, Phase, Resolution} from "../lib/Types.sol";

/// @title IDisputeGame
/// @notice The interactive dispute over an optimistic claim (docs/dispute-protocol.md).
interface IDisputeGame {
    event GameOpened(
        uint256 indexed gameId,
        uint256 indexed taskId,
        address indexed challenger,
        address worker,
        bytes32 challengerTraceRoot,
        bytes32 challengerOutputHash,
        uint256 bond
    );
    event Bisected(uint256 indexed gameId, Party indexed party, uint128 position, bytes32 left, bytes32 right);
    event TensorRootRevealed(uint256 indexed gameId, Party indexed party, uint256 traceIndex, bytes32 root);
    event LeafRevealed(uint256 indexed gameId, Party indexed party, uint256 leafIndex, bytes leaf);
    event ElementPicked(uint256 indexed gameId, uint256 elementIndex, int256 workerValue, int256 challengerValue);
    event Stepped(uint256 indexed gameId, address indexed caller, int256 correctValue);
    event GameResolved(uint256 indexed gameId, uint256 indexed taskId, Party winner, Resolution resolution);

    function open(uint256 taskId, ClaimProof calldata proof) external returns (uint256 gameId);
    function bisect(uint256 gameId, bytes32 left, bytes32 right) external;
    function revealTensorRoot(uint256 gameId, bytes32 root, int256[] calldata descriptor, bytes32[] calldata opProof)
        external;
    function revealLeaf(uint256 gameId, bytes calldata leaf) external;
    function pickElement(uint256 gameId, bytes calldata leaf, bytes calldata workerLeaf, uint256 elementIndex)
        external;
    function step(uint256 gameId, bytes calldata proof) external;
    function resolveTimeout(uint256 gameId) external;

    function gameOf(uint256 gameId) external view returns (Game memory);
    function gameCount() external view returns (uint256);
    /// @notice Seconds `party` has used (including its running turn) and its current budget.
    function clockOf(uint256 gameId, Party party) external view returns (uint256 used, uint256 budget);
}
