// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointOperandRange, FixedPointRequantRange, FixedPointZeroDivisor} from "./VerifierErrors.sol";

/// @title LibFixedPoint
/// @notice The fixed-point primitives of docs/int8-semantics.md, bit for bit (the TypeScript
/// reference is src/runtime/fixed-point.ts). One rounding mode: round half away from zero.
/// @dev Everything is int256, so the exact products of the spec (|a*b| <= 2^62) never wrap.
/// Solidity facts relied on (checked in LibFixedPoint.t.sol):
///   - `/` on signed integers truncates toward zero (as C and the spec's `trunc`);
///   - `>>` on signed integers is arithmetic: it rounds toward negative infinity
///     (`-5 >> 1 == -3`), i.e. floor(x / 2^e), which is what RDBPOT's `x >> e` means;
///   - `&` on signed integers works on the two's complement bits (`-5 & 3 == 3`).
library LibFixedPoint {
    int256 internal constant INT32_MIN = -2147483648;
    int256 internal constant INT32_MAX = 2147483647;
    int256 internal constant TWO_30 = 1073741824;
    int256 internal constant TWO_31 = 2147483648;

    /// @notice SaturatingRoundingDoublingHighMul: trunc((a*b + nudge) / 2^31), nudge = 2^30 for
    /// a*b >= 0 else 1 - 2^30; the one overflow case a = b = INT32_MIN gives INT32_MAX.
    function srdhm(int256 a, int256 b) internal pure returns (int256) {
        // INVARIANT: both operands are int32 (the spec's domain; every model keeps them so).
        if (a < INT32_MIN || a > INT32_MAX) revert FixedPointOperandRange(a);
        if (b < INT32_MIN || b > INT32_MAX) revert FixedPointOperandRange(b);
        if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
        // |a*b| <= 2^62 and the nudge is below 2^30 in magnitude: far inside int256.
        unchecked {
            int256 ab = a * b;
            int256 nudge = ab >= 0 ? TWO_30 : 1 - TWO_30;
            return (ab + nudge) / TWO_31;
        }
    }

    /// @notice RoundingDivideByPOT: x / 2^e rounded half away from zero, 0 <= e <= 31.
    function roundingDivideByPOT(int256 x, int256 e) internal pure returns (int256) {
        // INVARIANT: the exponent is a right shift of an int32 (spec: 0 <= e <= 31).
        if (e < 0 || e > 31) revert FixedPointRequantRange(0, e);
        // x is an int32 here (an SRDHM result), mask < 2^31: nothing can wrap.
        unchecked {
            int256 mask = int256((uint256(1) << uint256(e)) - 1);
            int256 remainder = x & mask;
            int256 threshold = (mask >> 1) + (x < 0 ? int256(1) : int256(0));
            return (x >> uint256(e)) + (remainder > threshold ? int256(1) : int256(0));
        }
    }

    /// @notice x * 2^left saturated to int32 (left >= 0).
    function saturatingShiftLeft(int256 x, int256 left) internal pure returns (int256) {
        if (left == 0) return x;
        // INVARIANT: x is an int32, so x * 2^30 (the largest left shift) fits int256.
        if (x < INT32_MIN || x > INT32_MAX) revert FixedPointOperandRange(x);
        int256 v = x * int256(uint256(1) << uint256(left));
        return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
    }

    /// @notice MultiplyByQuantizedMultiplier: approximately x * multiplier * 2^(shift - 31).
    /// multiplier in [0, 2^31) and shift in [-31, 30] (what validateModel accepts).
    function multiplyByQuantizedMultiplier(int256 x, int256 multiplier, int256 shift) internal pure returns (int256) {
        // INVARIANT: the requantization pair is in the range a stored model may hold.
        if (multiplier < 0 || multiplier > INT32_MAX || shift < -31 || shift > 30) {
            revert FixedPointRequantRange(multiplier, shift);
        }
        int256 left = shift > 0 ? shift : int256(0);
        int256 right = shift > 0 ? int256(0) : -shift;
        return roundingDivideByPOT(srdhm(saturatingShiftLeft(x, left), multiplier), right);
    }

    /// @notice n / d rounded half away from zero, d > 0.
    function roundDiv(int256 n, int256 d) internal pure returns (int256) {
        // INVARIANT: the divisor is positive (counts and softmax sums).
        if (d <= 0) revert FixedPointZeroDivisor(d);
        // Non-negative numerators, so `/` is floor here.
        return n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d));
    }

    /// @notice min(max(v, lo), hi).
    function clamp(int256 v, int256 lo, int256 hi) internal pure returns (int256) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
