// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibFixedPoint} from "./LibFixedPoint.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibReads, ReadCursor, Run} from "./LibReads.sol";
import {LibShape} from "./LibShape.sol";
import {OperandRank, OperandShapeMismatch} from "./VerifierErrors.sol";
import {BinaryParams, ConvParams, FcParams, OpHeader, Operand} from "./VerifierTypes.sol";

/// @title LibLinearOps
/// @notice One output element of conv, fc and matmul (docs/int8-semantics.md), reading in the
/// order of convElement, fcElement and matmulElement (src/runtime/kernels/conv.ts, fc.ts, matmul.ts).
/// Operands: conv/fc input 0, weights 1, bias 2, multipliers 3, shifts 4; matmul a 0, b 1.
library LibLinearOps {
    uint256 private constant INPUT = 0;
    uint256 private constant WEIGHTS = 1;
    uint256 private constant BIAS = 2;
    uint256 private constant MULTIPLIERS = 3;
    uint256 private constant SHIFTS = 4;

    struct ConvDims {
        uint256 c;
        uint256 d;
        uint256 h;
        uint256 w;
        uint256 m;
        uint256 od;
        uint256 oh;
        uint256 ow;
        uint256 cg;
        uint256 xo;
        uint256 y;
        uint256 z;
        uint256 mi;
        uint256 inBase;
        uint256 rowBase;
        uint256 wBase;
    }

    function conv(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        ConvParams memory p = LibOpDescriptor.convParams(d, h);
        ConvDims memory s = _convDims(h, ops, c, p);
        // spatialCoords: x, y, z, then the (n, m) plane.
        s.xo = index % s.ow;
        s.y = (index / s.ow) % s.oh;
        s.z = (index / (s.ow * s.oh)) % s.od;
        uint256 plane = index / (s.ow * s.oh * s.od);
        s.mi = plane % s.m;
        uint256 g = s.mi / (s.m / p.group);
        s.inBase = (plane / s.m) * s.c + g * s.cg;
        int256 acc = _convAccumulate(p, s, c, LibReads.take(c, BIAS, s.mi));
        return _requantize(c, s.mi, acc, p.outputZp, p.actMin, p.actMax);
    }

    /// @dev acc + sum over (c, kz, ky, kx) inside the input of (input - inputZp) * weight,
    /// reading input then weight per tap in convElement's order.
    function _convAccumulate(ConvParams memory p, ConvDims memory s, ReadCursor memory c, int256 acc)
        private
        pure
        returns (int256)
    {
        // Every term is (int8 - int8) * int8, |term| < 2^16, and there are at most as many terms
        // as supplied reads (< 2^64): |acc| < 2^81. Coordinates are products of u32 dims and
        // window words < 2^16 (< 2^160). Nothing here can wrap.
        unchecked {
            for (uint256 ci; ci < s.cg; ++ci) {
                for (uint256 kz; kz < p.win.kD; ++kz) {
                    int256 iz = int256(s.z) * p.win.sD - p.win.padFront + int256(kz) * p.win.dD;
                    if (iz < 0 || iz >= int256(s.d)) continue;
                    uint256 planeBase = ((s.inBase + ci) * s.d + uint256(iz)) * s.h;
                    uint256 wPlane = ((s.mi * s.cg + ci) * p.win.kD + kz) * p.win.kH;
                    for (uint256 ky; ky < p.win.kH; ++ky) {
                        int256 iy = int256(s.y) * p.win.sH - p.win.padTop + int256(ky) * p.win.dH;
                        if (iy < 0 || iy >= int256(s.h)) continue;
                        s.rowBase = (planeBase + uint256(iy)) * s.w;
                        s.wBase = (wPlane + ky) * p.win.kW;
                        acc = _convRow(p, s, c, acc);
                    }
                }
            }
        }
        return acc;
    }

    /// @dev One kernel row: the kx taps of input row s.rowBase against weights from s.wBase.
    /// The taps inside the input (0 <= ix0 + kx * dW < w) are kx in [kxLo, kxHi): one run of
    /// input elements with stride dW against consecutive weights.
    function _convRow(ConvParams memory p, ConvDims memory s, ReadCursor memory c, int256 acc)
        private
        pure
        returns (int256)
    {
        // Same bounds as _convAccumulate; dW >= 1 (LibOpDescriptor), so the divisions are defined.
        unchecked {
            int256 ix0 = int256(s.xo) * p.win.sW - p.win.padLeft;
            int256 w = int256(s.w);
            int256 dW = p.win.dW;
            int256 kW = int256(p.win.kW);
            // First kx with ix0 + kx * dW >= 0, and first with ix0 + kx * dW >= w (ceil divisions of non-negatives).
            int256 kxLo = ix0 >= 0 ? int256(0) : (-ix0 + dW - 1) / dW;
            int256 kxHi = ix0 >= w ? int256(0) : (w - ix0 + dW - 1) / dW;
            if (kxHi > kW) kxHi = kW;
            if (kxHi <= kxLo) return acc;
            acc += LibReads.dot(
                c,
                Run({operand: INPUT, base: s.rowBase + uint256(ix0 + kxLo * dW), stride: uint256(dW), zeroPoint: p.inputZp}),
                Run({operand: WEIGHTS, base: s.wBase + uint256(kxLo), stride: 1, zeroPoint: 0}),
                uint256(kxHi - kxLo)
            );
        }
        return acc;
    }

    function fc(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        FcParams memory p = LibOpDescriptor.fcParams(d, h);
        (uint256 nOut, uint256 k) = _fcShape(h, ops, c);
        uint256 j = index % nOut;
        int256 acc = LibReads.take(c, BIAS, j);
        // As in conv: |term| < 2^16, k terms, offsets below 2^64: no wrap.
        unchecked {
            acc += LibReads.dot(
                c,
                Run({operand: INPUT, base: (index / nOut) * k, stride: 1, zeroPoint: p.inputZp}),
                Run({operand: WEIGHTS, base: j * k, stride: 1, zeroPoint: 0}),
                k
            );
        }
        return _requantize(c, j, acc, p.outputZp, p.actMin, p.actMax);
    }

    /// @dev fc weights [Nout, K], input [..., K], output [..., Nout] with as many rows.
    function _fcShape(OpHeader memory h, Operand[] memory ops, ReadCursor memory c)
        private
        pure
        returns (uint256 nOut, uint256 k)
    {
        uint256[] memory ws = ops[WEIGHTS].shape;
        // INVARIANT: fc weights are [Nout, K].
        if (ws.length != 2) revert OperandRank(WEIGHTS, ws.length);
        nOut = ws[0];
        k = ws[1];
        // INVARIANT: fc has at least one output column and one input feature.
        if (nOut == 0 || k == 0) revert OperandShapeMismatch(WEIGHTS, nOut == 0 ? 0 : 1, 0, 1);
        uint256[] memory xs = ops[INPUT].shape;
        // INVARIANT: the input has a feature axis.
        if (xs.length == 0) revert OperandRank(INPUT, 0);
        LibShape.expectDim(INPUT, xs.length - 1, xs[xs.length - 1], k);
        LibShape.expectDim(LibShape.OUTPUT, h.outShape.length - 1, h.outShape[h.outShape.length - 1], nOut);
        uint256 rows = LibReads.elementCount(h.outShape) / nOut;
        // INVARIANT: input and output have the same number of rows.
        if (c.counts[INPUT] / k != rows) revert OperandShapeMismatch(INPUT, 0, c.counts[INPUT] / k, rows);
        _expectChannels(c, nOut);
    }

    function matmul(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        BinaryParams memory p = LibOpDescriptor.binaryParams(d, h);
        (uint256 aBase, uint256 bBase, uint256 k, uint256 n) = _matmulOffsets(h.outShape, ops[0].shape, ops[1].shape, index);
        // |(int8 - int8) * (int8 - int8)| <= 65536, k < 2^32 terms: no wrap; b's column has stride n >= 1.
        int256 acc = LibReads.dot(
            c, Run({operand: 0, base: aBase, stride: 1, zeroPoint: p.aZp}), Run({operand: 1, base: bBase, stride: n, zeroPoint: p.bZp}), k
        );
        return LibFixedPoint.clamp(
            LibFixedPoint.multiplyByQuantizedMultiplier(acc, p.multiplier, p.shift) + p.outputZp, p.actMin, p.actMax
        );
    }

    /// @dev a [..., M, K] x b [..., K, N] -> [..., M, N]: the offsets of row i of a and column
    /// j of b for output `index`, batch dims broadcast (matmulElement).
    function _matmulOffsets(uint256[] memory os, uint256[] memory as_, uint256[] memory bs, uint256 index)
        private
        pure
        returns (uint256 aBase, uint256 bBase, uint256 k, uint256 n)
    {
        // INVARIANT: both operands and the output are (batches of) matrices.
        if (as_.length < 2) revert OperandRank(0, as_.length);
        if (bs.length < 2) revert OperandRank(1, bs.length);
        if (os.length < 2) revert OperandRank(LibShape.OUTPUT, os.length);
        uint256 m = as_[as_.length - 2];
        k = as_[as_.length - 1];
        n = bs[bs.length - 1];
        LibShape.expectDim(1, bs.length - 2, bs[bs.length - 2], k);
        LibShape.expectDim(LibShape.OUTPUT, os.length - 1, os[os.length - 1], n);
        LibShape.expectDim(LibShape.OUTPUT, os.length - 2, os[os.length - 2], m);
        aBase = _batchBase(index / (m * n), os, as_) + ((index / n) % m) * k;
        bBase = _batchBase(index / (m * n), os, bs) + index % n;
    }

    /// @dev Offset of the matrix of `inShape` that output batch `batch` reads (broadcast batch dims).
    function _batchBase(uint256 batch, uint256[] memory os, uint256[] memory inShape) private pure returns (uint256) {
        uint256 r = inShape.length;
        return LibShape.broadcastSource(batch, os, os.length - 2, inShape, r - 2) * inShape[r - 2] * inShape[r - 1];
    }

    function _convDims(OpHeader memory h, Operand[] memory ops, ReadCursor memory c, ConvParams memory p)
        private
        pure
        returns (ConvDims memory s)
    {
        uint256 n;
        uint256 on;
        (n, s.c, s.d, s.h, s.w) = LibShape.ncdhw(ops[INPUT].shape, INPUT);
        (on, s.m, s.od, s.oh, s.ow) = LibShape.ncdhw(h.outShape, LibShape.OUTPUT);
        LibShape.expectDim(LibShape.OUTPUT, 0, on, n);
        // INVARIANT: groups divide both channel counts.
        if (s.c % p.group != 0) revert OperandShapeMismatch(INPUT, 1, s.c, p.group);
        if (s.m % p.group != 0) revert OperandShapeMismatch(LibShape.OUTPUT, 1, s.m, p.group);
        s.cg = s.c / p.group;
        uint256[] memory ws = ops[WEIGHTS].shape;
        // INVARIANT: conv weights are [M, C/group, (kD,) kH, kW] (validateModel checks the first
        // two dims and the element count: the row-major layout is the same with or without kD = 1).
        if (ws.length < 2) revert OperandRank(WEIGHTS, ws.length);
        LibShape.expectDim(WEIGHTS, 0, ws[0], s.m);
        LibShape.expectDim(WEIGHTS, 1, ws[1], s.cg);
        LibShape.expectDim(WEIGHTS, ws.length, c.counts[WEIGHTS], s.m * s.cg * p.win.kD * p.win.kH * p.win.kW);
        _expectChannels(c, s.m);
    }

    /// @dev bias, multipliers and shifts hold one value per output channel.
    function _expectChannels(ReadCursor memory c, uint256 channels) private pure {
        LibShape.expectDim(BIAS, 0, c.counts[BIAS], channels);
        LibShape.expectDim(MULTIPLIERS, 0, c.counts[MULTIPLIERS], channels);
        LibShape.expectDim(SHIFTS, 0, c.counts[SHIFTS], channels);
    }

    /// @dev Reads channel `ch`'s multiplier then shift; out = clamp(MBQM(acc) + outputZp, actMin, actMax).
    function _requantize(ReadCursor memory c, uint256 ch, int256 acc, int256 outputZp, int256 actMin, int256 actMax)
        private
        pure
        returns (int256)
    {
        int256 mult = LibReads.take(c, MULTIPLIERS, ch);
        int256 shift = LibReads.take(c, SHIFTS, ch);
        return LibFixedPoint.clamp(LibFixedPoint.multiplyByQuantizedMultiplier(acc, mult, shift) + outputZp, actMin, actMax);
    }
}
