// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT8, DTYPE_INT32} from "../lib/CommitConstants.sol";
import {
    DescriptorBadPerm,
    DescriptorByteLength,
    DescriptorUnknownKind,
    DescriptorWordCount,
    DescriptorWordRange
} from "./VerifierErrors.sol";
import {
    AddParams,
    AvgPoolParams,
    BinaryParams,
    ConvParams,
    FcParams,
    KIND_ADD,
    KIND_AVGPOOL,
    KIND_CONV,
    KIND_FC,
    KIND_LUT,
    KIND_MATMUL,
    KIND_MAXPOOL,
    KIND_MUL,
    KIND_RESHAPE,
    KIND_SOFTMAX,
    KIND_TRANSPOSE,
    OpHeader,
    SoftmaxParams,
    Window
} from "./VerifierTypes.sol";

/// @title LibOpDescriptor
/// @notice Decodes and validates op descriptors (docs/model-format.md, src/commit/opDescriptor.ts):
/// words `[kind, outRank, outShape..., refs..., constants..., params...]`, each a 32-byte
/// big-endian two's complement int32. Parameter ranges are those validateModel enforces, so
/// every descriptor of a loadable model decodes and the arithmetic never meets a value the
/// TypeScript runtime would not.
library LibOpDescriptor {
    int256 private constant INT32_MIN = -2147483648;
    int256 private constant INT32_MAX = 2147483647;
    int256 private constant MAX_WINDOW = 65535;

    /// @notice Word `i` of a descriptor (no bounds check: callers stay below the length checked by decodeHeader).
    function word(bytes memory d, uint256 i) internal pure returns (int256 w) {
        assembly ("memory-safe") {
            w := mload(add(add(d, 0x20), shl(5, i)))
        }
    }

    /// @notice Operands per kind: refs then constant-only fields (OP_LAYOUT order).
    function operandCount(uint256 kind) internal pure returns (uint256) {
        if (kind == KIND_CONV || kind == KIND_FC) return 5;
        if (kind <= KIND_SOFTMAX) return 2;
        return 1;
    }

    /// @notice Dtype code every operand slot must have (weights, tables: int8; bias,
    /// multipliers, shifts, exp table: int32; activations and add/mul constants: int8).
    function operandDtype(uint256 kind, uint256 slot) internal pure returns (uint8) {
        if ((kind == KIND_CONV || kind == KIND_FC) && slot >= 2) return DTYPE_INT32;
        if (kind == KIND_SOFTMAX && slot == 1) return DTYPE_INT32;
        return DTYPE_INT8;
    }

    /// @notice First operand slot that must be a constant (-1 - c); operandCount when none must.
    function firstConstantSlot(uint256 kind) internal pure returns (uint256) {
        if (kind == KIND_CONV || kind == KIND_FC || kind == KIND_LUT || kind == KIND_SOFTMAX) return 1;
        return operandCount(kind);
    }

    /// @notice Param words per kind (transpose: 1 + rank, answered by decodeHeader). Windows are
    /// 15 words: 10 for the 2-D window, then the depth axis's 5 (appended for 3-D ops).
    function paramCount(uint256 kind) internal pure returns (uint256) {
        if (kind == KIND_CONV || kind == KIND_AVGPOOL) return 20;
        if (kind == KIND_FC) return 4;
        if (kind == KIND_MATMUL || kind == KIND_MUL) return 7;
        if (kind == KIND_ADD) return 12;
        if (kind == KIND_SOFTMAX) return 3;
        if (kind == KIND_MAXPOOL) return 15;
        return 0;
    }

    /// @notice Validates the descriptor's framing and decodes kind, output shape and operand refs.
    function decodeHeader(bytes memory d) internal pure returns (OpHeader memory h) {
        // INVARIANT: a descriptor is whole words, at least the kind and the output rank.
        if (d.length % 32 != 0 || d.length < 64) revert DescriptorByteLength(d.length);
        uint256 words = d.length / 32;
        for (uint256 i; i < words; ++i) {
            int256 w = word(d, i);
            // INVARIANT: every word is an int32 (what opDescriptor writes).
            if (w < INT32_MIN || w > INT32_MAX) revert DescriptorWordRange(i, w, INT32_MIN, INT32_MAX);
        }
        int256 kindWord = word(d, 0);
        // INVARIANT: the kind is one of the 11 op kinds.
        if (kindWord < int256(KIND_CONV) || kindWord > int256(KIND_TRANSPOSE)) revert DescriptorUnknownKind(kindWord);
        h.kind = uint256(kindWord);
        uint256 rank = _rangeU(d, 1, 1, 255);
        uint256 ops = operandCount(h.kind);
        uint256 fixedWords = 2 + rank + ops;
        uint256 expected = fixedWords + paramCount(h.kind);
        if (h.kind == KIND_TRANSPOSE) {
            // INVARIANT: the perm's length word is present before it is read.
            if (words < fixedWords + 1) revert DescriptorWordCount(h.kind, words, fixedWords + 1);
            expected = fixedWords + 1 + _rangeU(d, fixedWords, 1, 255);
        }
        // INVARIANT: the descriptor has exactly the words its kind and ranks imply.
        if (words != expected) revert DescriptorWordCount(h.kind, words, expected);
        h.outShape = new uint256[](rank);
        for (uint256 i; i < rank; ++i) {
            h.outShape[i] = _rangeU(d, 2 + i, 1, uint256(INT32_MAX));
        }
        h.refs = new int256[](ops);
        uint256 firstConstant = firstConstantSlot(h.kind);
        for (uint256 s; s < ops; ++s) {
            // INVARIANT: weight, bias, requant and table fields name constants (-1 - c).
            h.refs[s] = s >= firstConstant ? _range(d, 2 + rank + s, INT32_MIN, -1) : word(d, 2 + rank + s);
        }
        h.paramsAt = fixedWords;
    }

    function convParams(bytes memory d, OpHeader memory h) internal pure returns (ConvParams memory p) {
        uint256 at = h.paramsAt;
        p.inputZp = _zp(d, at);
        p.outputZp = _zp(d, at + 1);
        (p.actMin, p.actMax) = _act(d, at + 2);
        p.group = _rangeU(d, at + 4, 1, uint256(INT32_MAX));
        p.win = _window(d, at + 5);
    }

    function fcParams(bytes memory d, OpHeader memory h) internal pure returns (FcParams memory p) {
        uint256 at = h.paramsAt;
        p.inputZp = _zp(d, at);
        p.outputZp = _zp(d, at + 1);
        (p.actMin, p.actMax) = _act(d, at + 2);
    }

    /// @notice matmul and mul params (same layout).
    function binaryParams(bytes memory d, OpHeader memory h) internal pure returns (BinaryParams memory p) {
        uint256 at = h.paramsAt;
        p.aZp = _zp(d, at);
        p.bZp = _zp(d, at + 1);
        (p.multiplier, p.shift) = _requant(d, at + 2);
        p.outputZp = _zp(d, at + 4);
        (p.actMin, p.actMax) = _act(d, at + 5);
    }

    function addParams(bytes memory d, OpHeader memory h) internal pure returns (AddParams memory p) {
        uint256 at = h.paramsAt;
        p.subtract = _range(d, at, 0, 1) == 1;
        p.aZp = _zp(d, at + 1);
        p.bZp = _zp(d, at + 2);
        (p.aMultiplier, p.aShift) = _requant(d, at + 3);
        (p.bMultiplier, p.bShift) = _requant(d, at + 5);
        (p.outMultiplier, p.outShift) = _requant(d, at + 7);
        p.outputZp = _zp(d, at + 9);
        (p.actMin, p.actMax) = _act(d, at + 10);
    }

    function softmaxParams(bytes memory d, OpHeader memory h) internal pure returns (SoftmaxParams memory p) {
        uint256 at = h.paramsAt;
        p.outer = _rangeU(d, at, 1, uint256(INT32_MAX));
        // INVARIANT: n <= 32767 keeps the exp-table sum below 2^31.
        p.n = _rangeU(d, at + 1, 1, 32767);
        p.inner = _rangeU(d, at + 2, 1, uint256(INT32_MAX));
    }

    function maxPoolWindow(bytes memory d, OpHeader memory h) internal pure returns (Window memory) {
        return _window(d, h.paramsAt);
    }

    function avgPoolParams(bytes memory d, OpHeader memory h) internal pure returns (AvgPoolParams memory p) {
        uint256 at = h.paramsAt;
        p.inputZp = _zp(d, at);
        p.outputZp = _zp(d, at + 1);
        (p.multiplier, p.shift) = _requant(d, at + 2);
        p.countIncludePad = _range(d, at + 4, 0, 1) == 1;
        p.win = _window(d, at + 5);
    }

    /// @notice The transpose perm: a permutation of 0..rank-1 with rank = the output rank.
    function transposePerm(bytes memory d, OpHeader memory h) internal pure returns (uint256[] memory perm) {
        uint256 at = h.paramsAt;
        uint256 rank = uint256(word(d, at));
        // INVARIANT: the perm orders the output's axes.
        if (rank != h.outShape.length) revert DescriptorWordRange(at, int256(rank), int256(h.outShape.length), int256(h.outShape.length));
        perm = new uint256[](rank);
        uint256 seen;
        for (uint256 i; i < rank; ++i) {
            int256 w = word(d, at + 1 + i);
            // INVARIANT: each axis appears exactly once (rank <= 255, so a 256-bit set suffices).
            if (w < 0 || w >= int256(rank) || (seen >> uint256(w)) & 1 == 1) revert DescriptorBadPerm(at + 1 + i, w);
            seen |= uint256(1) << uint256(w);
            perm[i] = uint256(w);
        }
    }

    // ------------------------------------------------------------ helpers

    function _range(bytes memory d, uint256 pos, int256 lo, int256 hi) private pure returns (int256 w) {
        w = word(d, pos);
        // INVARIANT: the word lies in the range its field allows.
        if (w < lo || w > hi) revert DescriptorWordRange(pos, w, lo, hi);
    }

    function _rangeU(bytes memory d, uint256 pos, uint256 lo, uint256 hi) private pure returns (uint256) {
        return uint256(_range(d, pos, int256(lo), int256(hi)));
    }

    function _zp(bytes memory d, uint256 pos) private pure returns (int256) {
        return _range(d, pos, -128, 127);
    }

    function _act(bytes memory d, uint256 pos) private pure returns (int256 lo, int256 hi) {
        lo = _zp(d, pos);
        // INVARIANT: actMin <= actMax, both int8.
        hi = _range(d, pos + 1, lo, 127);
    }

    function _requant(bytes memory d, uint256 pos) private pure returns (int256 multiplier, int256 shift) {
        multiplier = _range(d, pos, 0, INT32_MAX);
        shift = _range(d, pos + 1, -31, 30);
    }

    function _window(bytes memory d, uint256 at) private pure returns (Window memory w) {
        w.kH = uint256(_range(d, at, 1, MAX_WINDOW));
        w.kW = uint256(_range(d, at + 1, 1, MAX_WINDOW));
        w.sH = _range(d, at + 2, 1, MAX_WINDOW);
        w.sW = _range(d, at + 3, 1, MAX_WINDOW);
        w.padTop = _range(d, at + 4, 0, MAX_WINDOW);
        w.padLeft = _range(d, at + 5, 0, MAX_WINDOW);
        w.padBottom = _range(d, at + 6, 0, MAX_WINDOW);
        w.padRight = _range(d, at + 7, 0, MAX_WINDOW);
        w.dH = _range(d, at + 8, 1, MAX_WINDOW);
        w.dW = _range(d, at + 9, 1, MAX_WINDOW);
        w.kD = uint256(_range(d, at + 10, 1, MAX_WINDOW));
        w.sD = _range(d, at + 11, 1, MAX_WINDOW);
        w.padFront = _range(d, at + 12, 0, MAX_WINDOW);
        w.padBack = _range(d, at + 13, 0, MAX_WINDOW);
        w.dD = _range(d, at + 14, 1, MAX_WINDOW);
    }
}
