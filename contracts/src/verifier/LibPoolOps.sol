// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibFixedPoint} from "./LibFixedPoint.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibReads, ReadCursor} from "./LibReads.sol";
import {LibShape} from "./LibShape.sol";
import {AvgPoolParams, OpHeader, Operand, Window} from "./VerifierTypes.sol";

/// @title LibPoolOps
/// @notice One output element of maxPool and avgPool, 1-D to 3-D (src/runtime/kernels/pool.ts):
/// the window is visited kz, ky, kx (outer to inner), reading each position inside the input
/// (operand 0) once.
library LibPoolOps {
    /// @dev The output position, the input's extent, and what the window scan accumulates.
    struct Scan {
        int256 d;
        int256 h;
        int256 w;
        int256 z;
        int256 y;
        int256 xo;
        uint256 planeBase;
        int256 iz;
        int256 iy;
        int256 inputZp;
        int256 max;
        int256 sum;
        int256 valid;
        int256 padded;
    }

    function maxPool(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        Scan memory s = _scan(LibOpDescriptor.maxPoolWindow(d, h), _geometry(h, index, ops), c);
        return s.max;
    }

    function avgPool(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        AvgPoolParams memory p = LibOpDescriptor.avgPoolParams(d, h);
        Scan memory s = _geometry(h, index, ops);
        s.inputZp = p.inputZp;
        _scan(p.win, s, c);
        int256 count = p.countIncludePad ? s.padded : s.valid;
        if (count == 0) return LibFixedPoint.clamp(p.outputZp, -128, 127);
        return LibFixedPoint.clamp(
            p.outputZp + LibFixedPoint.roundDiv(LibFixedPoint.multiplyByQuantizedMultiplier(s.sum, p.multiplier, p.shift), count),
            -128,
            127
        );
    }

    /// @dev forWindow: max and sum of (input - inputZp) over positions inside the input, their
    /// number, and the number of positions inside the padded input.
    function _scan(Window memory win, Scan memory s, ReadCursor memory c) private pure returns (Scan memory) {
        s.max = -128;
        // Window words < 2^16 and coordinates < 2^32, so the signed coordinates cannot wrap.
        unchecked {
            for (uint256 kz; kz < win.kD; ++kz) {
                s.iz = s.z * win.sD - win.padFront + int256(kz) * win.dD;
                for (uint256 ky; ky < win.kH; ++ky) {
                    s.iy = s.y * win.sH - win.padTop + int256(ky) * win.dH;
                    _scanRow(win, s, c);
                }
            }
        }
        return s;
    }

    /// @dev The kx positions of window row (s.iz, s.iy).
    function _scanRow(Window memory win, Scan memory s, ReadCursor memory c) private pure {
        bool rowInside = s.iz >= 0 && s.iz < s.d && s.iy >= 0 && s.iy < s.h;
        bool rowPadded = s.iz < s.d + win.padBack && s.iy < s.h + win.padBottom;
        // As in _scan; |sum| <= 255 * (window positions < 2^48). rowBase is only used when the row
        // is inside the input (it is meaningless, not harmful, otherwise): no wrap that matters.
        unchecked {
            uint256 rowBase = s.planeBase + uint256((s.iz * s.h + s.iy) * s.w);
            for (uint256 kx; kx < win.kW; ++kx) {
                int256 ix = s.xo * win.sW - win.padLeft + int256(kx) * win.dW;
                if (rowPadded && ix < s.w + win.padRight) ++s.padded;
                if (rowInside && ix >= 0 && ix < s.w) {
                    int256 v = LibReads.take(c, 0, rowBase + uint256(ix));
                    if (v > s.max) s.max = v;
                    s.sum += v - s.inputZp;
                    ++s.valid;
                }
            }
        }
    }

    /// @dev Input D, H, W; output position (z, y, x) (spatialCoords); the input offset of the
    /// output's (n, c) plane.
    function _geometry(OpHeader memory h, uint256 index, Operand[] memory ops) private pure returns (Scan memory s) {
        (,, uint256 id, uint256 ih, uint256 iw) = LibShape.ncdhw(ops[0].shape, 0);
        (,, uint256 od, uint256 oh, uint256 ow) = LibShape.ncdhw(h.outShape, LibShape.OUTPUT);
        s.xo = int256(index % ow);
        s.y = int256((index / ow) % oh);
        s.z = int256((index / (ow * oh)) % od);
        s.d = int256(id);
        s.h = int256(ih);
        s.w = int256(iw);
        s.planeBase = (index / (ow * oh * od)) * id * ih * iw;
    }
}
