// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStepVerifier, StepQuery} from "../../../src/dispute/interfaces/IStepVerifier.sol";
import {TraceBuilder} from "../../tasks/utils/TraceBuilder.sol";

/// @dev TEST ONLY. The toy model's step: element e of trace tensor p is TraceBuilder.toyValue(p, e).
/// It checks no proofs: it stands in for the real verifier (src/verifier) in tests of the
/// game logic only. `preset` makes it return a fixed value (unit tests of the comparison).
contract ToyStepVerifier is IStepVerifier {
    bool public hasPreset;
    int256 public preset;

    function setPreset(int256 value) external {
        hasPreset = true;
        preset = value;
    }

    function computeElement(StepQuery calldata q, bytes calldata) external view returns (int256) {
        if (hasPreset) return preset;
        return TraceBuilder.toyValue(q.inputCount + q.opIndex, q.elementIndex);
    }
}
