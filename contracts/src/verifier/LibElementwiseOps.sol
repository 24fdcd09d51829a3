// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibFixedPoint} from "./LibFixedPoint.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibReads, ReadCursor} from "./LibReads.sol";
import {LibShape} from "./LibShape.sol";
import {AddParams, BinaryParams, OpHeader, Operand} from "./VerifierTypes.sol";

/// @title LibElementwiseOps
/// @notice One output element of add, mul and lut (src/runtime/kernels/elementwise.ts):
/// add/mul read a (operand 0) then b (operand 1) at their broadcast sources; lut reads the
/// input (0) then table entry input + 128 (operand 1).
library LibElementwiseOps {
    /// @dev Each addend is scaled by 2^20 before rescaling (ADD_LEFT_SHIFT in src/runtime/model.ts).
    int256 private constant ADD_LEFT_SHIFT_FACTOR = 1 << 20;
    uint256 private constant LUT_SIZE = 256;

    function add(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        AddParams memory p = LibOpDescriptor.addParams(d, h);
        (int256 a, int256 b) = _readPair(h, index, ops, c);
        int256 sa = LibFixedPoint.multiplyByQuantizedMultiplier((a - p.aZp) * ADD_LEFT_SHIFT_FACTOR, p.aMultiplier, p.aShift);
        int256 sb = LibFixedPoint.multiplyByQuantizedMultiplier((b - p.bZp) * ADD_LEFT_SHIFT_FACTOR, p.bMultiplier, p.bShift);
        int256 sum = p.subtract ? sa - sb : sa + sb;
        return LibFixedPoint.clamp(
            LibFixedPoint.multiplyByQuantizedMultiplier(sum, p.outMultiplier, p.outShift) + p.outputZp, p.actMin, p.actMax
        );
    }

    function mul(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        BinaryParams memory p = LibOpDescriptor.binaryParams(d, h);
        (int256 a, int256 b) = _readPair(h, index, ops, c);
        return LibFixedPoint.clamp(
            LibFixedPoint.multiplyByQuantizedMultiplier((a - p.aZp) * (b - p.bZp), p.multiplier, p.shift) + p.outputZp,
            p.actMin,
            p.actMax
        );
    }

    function lut(uint256 index, ReadCursor memory c) internal pure returns (int256) {
        // INVARIANT: the table covers the whole int8 domain.
        LibShape.expectDim(1, 0, c.counts[1], LUT_SIZE);
        int256 x = LibReads.take(c, 0, index);
        // x is an int8 (checked by take), so x + 128 is in [0, 255].
        return LibReads.take(c, 1, uint256(x + 128));
    }

    function _readPair(OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        private
        pure
        returns (int256 a, int256 b)
    {
        uint256[] memory os = h.outShape;
        uint256[] memory as_ = ops[0].shape;
        uint256[] memory bs = ops[1].shape;
        LibShape.expectBroadcastable(0, as_, os);
        LibShape.expectBroadcastable(1, bs, os);
        a = LibReads.take(c, 0, LibShape.broadcastSource(index, os, os.length, as_, as_.length));
        b = LibReads.take(c, 1, LibShape.broadcastSource(index, os, os.length, bs, bs.length));
    }
}
