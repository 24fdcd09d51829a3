// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibFixedPoint} from "../../src/verifier/LibFixedPoint.sol";
import {LibOpDescriptor} from "../../src/verifier/LibOpDescriptor.sol";
import {LibReads, ReadCursor, Run} from "../../src/verifier/LibReads.sol";
import {LeafProof, OpHeader, Operand} from "../../src/verifier/VerifierTypes.sol";

/// @dev Exposes the verifier's internal libraries as external calls (for expectRevert).
contract VerifierHarness {
    function srdhm(int256 a, int256 b) external pure returns (int256) {
        return LibFixedPoint.srdhm(a, b);
    }

    function roundingDivideByPOT(int256 x, int256 e) external pure returns (int256) {
        return LibFixedPoint.roundingDivideByPOT(x, e);
    }

    function mbqm(int256 x, int256 multiplier, int256 shift) external pure returns (int256) {
        return LibFixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift);
    }

    function roundDiv(int256 n, int256 d) external pure returns (int256) {
        return LibFixedPoint.roundDiv(n, d);
    }

    function decodeHeader(bytes calldata d) external pure returns (OpHeader memory) {
        return LibOpDescriptor.decodeHeader(d);
    }

    function transposePerm(bytes calldata d) external pure returns (uint256[] memory) {
        bytes memory m = d;
        return LibOpDescriptor.transposePerm(m, LibOpDescriptor.decodeHeader(m));
    }

    function convGroup(bytes calldata d) external pure returns (uint256) {
        bytes memory m = d;
        return LibOpDescriptor.convParams(m, LibOpDescriptor.decodeHeader(m)).group;
    }

    /// @dev LibReads.dot over two runs, and the same sum from one take() per element.
    function dotAndTakes(LeafProof[] memory leaves, Operand[] memory ops, Run memory a, Run memory b, uint256 k)
        external
        pure
        returns (int256 dot, int256 takes)
    {
        ReadCursor memory c = LibReads.open(leaves, ops);
        dot = LibReads.dot(c, a, b, k);
        ReadCursor memory fresh = LibReads.open(leaves, ops);
        for (uint256 t; t < k; ++t) {
            int256 x = LibReads.take(fresh, a.operand, a.base + t * a.stride) - a.zeroPoint;
            takes += x * (LibReads.take(fresh, b.operand, b.base + t * b.stride) - b.zeroPoint);
        }
    }
}
