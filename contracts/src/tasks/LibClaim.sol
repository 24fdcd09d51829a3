// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibTraceCommit} from "../lib/LibTraceCommit.sol";
import {ClaimProof, TasksInputCount, TasksInputsMismatch} from "./ITasks.sol";

/// @title LibClaim
/// @notice The two ends of a claimed trace: its first tensors are the task's inputs and its
/// last tensor is the claimed output. Checked for a worker's claim (Tasks) and for a
/// challenger's counter-claim (DisputeGame), so both traces agree on the inputs.
library LibClaim {
    /// @notice Reverts unless the inputs hash to `inputsHash` and sit at positions
    /// 0..inputCount-1 of `p.traceRoot`, and the output sits at position traceLength-1.
    function verifyTraceEnds(bytes32 inputsHash, uint256 inputCount, uint256 traceLength, ClaimProof calldata p)
        internal
        view
    {
        bytes32 computed = keccak256(abi.encodePacked(p.inputHashes));
        // INVARIANT: The trace starts from the task's own inputs.
        if (computed != inputsHash) revert TasksInputsMismatch(inputsHash, computed);
        // INVARIANT: One proof per input.
        if (p.inputProofs.length != inputCount) revert TasksInputCount(p.inputProofs.length, inputCount);
        for (uint256 i; i < inputCount; ++i) {
            LibTraceCommit.verifyTensorInTrace(p.traceRoot, traceLength, i, p.inputHashes[i], p.inputProofs[i]);
        }
        // INVARIANT: The output hash is the trace's last tensor, so output and trace agree.
        LibTraceCommit.verifyTensorInTrace(p.traceRoot, traceLength, traceLength - 1, p.outputHash, p.outputProof);
    }
}
