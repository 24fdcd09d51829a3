// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {VerifierHarness} from "./VerifierHarness.sol";
import {LibFixedPoint} from "../../src/verifier/LibFixedPoint.sol";
import {
    FixedPointOperandRange, FixedPointRequantRange, FixedPointZeroDivisor
} from "../../src/verifier/VerifierErrors.sol";

/// @notice LibFixedPoint against hand-computed cases (docs/int8-semantics.md) and, under fuzzing,
/// against independent formulations (magnitudes and floor division, as src/runtime/fixed-point.ts
/// computes them).
contract LibFixedPointTest is Test {
    int256 internal constant MIN = -2147483648;
    int256 internal constant MAX = 2147483647;
    int256 internal constant TWO_30 = 1073741824;

    VerifierHarness internal h;

    function setUp() public {
        h = new VerifierHarness();
    }

    // ------------------------------------------------------------ Solidity facts the library relies on

    function test_solidity_signedShiftFloors_succeeds() public pure {
        int256 x = -5;
        assertEq(x >> 1, -3); // floor(-2.5), not trunc (-2)
        assertEq(x >> 2, -2); // floor(-1.25)
        x = -1;
        assertEq(x >> 31, -1);
        x = 5;
        assertEq(x >> 1, 2);
    }

    function test_solidity_signedDivisionTruncates_succeeds() public pure {
        int256 x = -5;
        assertEq(x / 2, -2);
        assertEq(x % 2, -1);
    }

    function test_solidity_signedAndTwosComplement_succeeds() public pure {
        int256 x = -5;
        assertEq(x & 3, 3); // ...11111011 & 011
        assertEq(x & 1, 1);
    }

    // ------------------------------------------------------------ SRDHM

    function test_srdhm_cases_succeeds() public view {
        assertEq(h.srdhm(MIN, MIN), MAX); // the one saturating case
        assertEq(h.srdhm(TWO_30, TWO_30), 536870912); // 2^60 / 2^31 = 2^29 (+0.5 nudge truncated)
        assertEq(h.srdhm(1, TWO_30), 1); // 0.5 rounds up
        assertEq(h.srdhm(1, TWO_30 - 1), 0); // just below 0.5
        assertEq(h.srdhm(-1, TWO_30), 0); // -0.5: the negative nudge 1 - 2^30 truncates to 0
        assertEq(h.srdhm(-3, TWO_30), -1); // -1.5 -> -1 (gemmlowp's nudge; TS gives the same)
        assertEq(h.srdhm(-3, TWO_30 + 1), -2); // just beyond -1.5
        assertEq(h.srdhm(MAX, MAX), 2147483646);
        assertEq(h.srdhm(MIN, MAX), -2147483647);
        assertEq(h.srdhm(0, MIN), 0);
        assertEq(h.srdhm(100, TWO_30), 50);
    }

    function test_srdhm_outsideInt32_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPointOperandRange.selector, MAX + 1));
        h.srdhm(MAX + 1, 1);
        vm.expectRevert(abi.encodeWithSelector(FixedPointOperandRange.selector, MIN - 1));
        h.srdhm(1, MIN - 1);
    }

    /// Reference: sign * floor((|a|*|b| + c) / 2^31), c = 2^30 for a non-negative product, 2^30 - 1 otherwise.
    function testFuzz_srdhm_matchesMagnitudeForm(int32 a, int32 b) public view {
        int256 x = a;
        int256 y = b;
        int256 expected;
        if (x == MIN && y == MIN) {
            expected = MAX;
        } else {
            bool negative = (x < 0) != (y < 0) && x != 0 && y != 0;
            uint256 p = uint256(x < 0 ? -x : x) * uint256(y < 0 ? -y : y);
            uint256 m = (p + (negative ? uint256(TWO_30) - 1 : uint256(TWO_30))) >> 31;
            expected = negative ? -int256(m) : int256(m);
        }
        assertEq(h.srdhm(x, y), expected);
    }

    // ------------------------------------------------------------ RoundingDivideByPOT

    function test_roundingDivideByPOT_cases_succeeds() public view {
        assertEq(h.roundingDivideByPOT(5, 1), 3); // 2.5 -> 3
        assertEq(h.roundingDivideByPOT(-5, 1), -3); // -2.5 -> -3 (away from zero)
        assertEq(h.roundingDivideByPOT(-4, 1), -2);
        assertEq(h.roundingDivideByPOT(3, 2), 1); // 0.75
        assertEq(h.roundingDivideByPOT(-6, 2), -2); // -1.5 -> -2
        assertEq(h.roundingDivideByPOT(-5, 2), -1); // -1.25
        assertEq(h.roundingDivideByPOT(7, 0), 7);
        assertEq(h.roundingDivideByPOT(MIN, 31), -1);
        assertEq(h.roundingDivideByPOT(TWO_30, 31), 1); // 0.5 -> 1
        assertEq(h.roundingDivideByPOT(-TWO_30, 31), -1); // -0.5 -> -1
        assertEq(h.roundingDivideByPOT(MAX, 31), 1);
    }

    function test_roundingDivideByPOT_badExponent_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPointRequantRange.selector, int256(0), int256(32)));
        h.roundingDivideByPOT(1, 32);
        vm.expectRevert(abi.encodeWithSelector(FixedPointRequantRange.selector, int256(0), int256(-1)));
        h.roundingDivideByPOT(1, -1);
    }

    /// RDBPOT is x / 2^e rounded half away from zero, i.e. roundDiv(x, 2^e).
    function testFuzz_roundingDivideByPOT_isRoundDiv(int32 x, uint8 e) public view {
        int256 exp = int256(uint256(e % 32));
        assertEq(h.roundingDivideByPOT(x, exp), h.roundDiv(x, int256(1) << uint256(exp)));
    }

    // ------------------------------------------------------------ MultiplyByQuantizedMultiplier

    function test_mbqm_cases_succeeds() public view {
        assertEq(h.mbqm(100, TWO_30, 0), 50); // x * 0.5
        assertEq(h.mbqm(100, TWO_30, -1), 25);
        assertEq(h.mbqm(100, TWO_30, 1), 100); // (x * 2) * 0.5
        assertEq(h.mbqm(-100, TWO_30, -3), -6); // -6.25
        assertEq(h.mbqm(-100, TWO_30, -4), -3); // -3.125
        assertEq(h.mbqm(-12, TWO_30, -3), -1); // srdhm -6, then -0.75 -> -1
        assertEq(h.mbqm(TWO_30, MAX, 2), 2147483646); // 2^32 saturates to INT32_MAX first
        assertEq(h.mbqm(-TWO_30, MAX, 2), -2147483647); // saturates to INT32_MIN
        assertEq(h.mbqm(123456, 0, 0), 0); // multipliers below 2^-32 are (0, 0)
        assertEq(h.mbqm(MAX, MAX, -31), 1);
    }

    function test_mbqm_requantOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPointRequantRange.selector, MAX + 1, int256(0)));
        h.mbqm(1, MAX + 1, 0);
        vm.expectRevert(abi.encodeWithSelector(FixedPointRequantRange.selector, int256(-1), int256(0)));
        h.mbqm(1, -1, 0);
        vm.expectRevert(abi.encodeWithSelector(FixedPointRequantRange.selector, TWO_30, int256(31)));
        h.mbqm(1, TWO_30, 31);
        vm.expectRevert(abi.encodeWithSelector(FixedPointRequantRange.selector, TWO_30, int256(-32)));
        h.mbqm(1, TWO_30, -32);
    }

    /// With shift <= 0 there is no saturation: MBQM = RDBPOT(SRDHM(x, m), -shift); with shift > 0 the
    /// left shift saturates exactly at the int32 bounds.
    function testFuzz_mbqm_composition(int32 x, uint32 mult, int8 shiftSeed) public view {
        int256 m = int256(uint256(mult) % uint256(MAX + 1));
        int256 shift = int256(shiftSeed) % 31; // [-30, 30]
        int256 left = shift > 0 ? shift : int256(0);
        int256 y = int256(x) * int256(uint256(1) << uint256(left));
        if (y > MAX) y = MAX;
        if (y < MIN) y = MIN;
        int256 expected = h.roundingDivideByPOT(h.srdhm(y, m), shift > 0 ? int256(0) : -shift);
        assertEq(h.mbqm(x, m, shift), expected);
    }

    // ------------------------------------------------------------ roundDiv, clamp

    function test_roundDiv_cases_succeeds() public view {
        assertEq(h.roundDiv(5, 2), 3);
        assertEq(h.roundDiv(-5, 2), -3);
        assertEq(h.roundDiv(7, 3), 2);
        assertEq(h.roundDiv(-7, 3), -2);
        assertEq(h.roundDiv(8, 3), 3);
        assertEq(h.roundDiv(-8, 3), -3);
        assertEq(h.roundDiv(0, 3), 0);
        assertEq(h.roundDiv(1, 2), 1);
        assertEq(h.roundDiv(-1, 2), -1);
        assertEq(h.roundDiv(65536 * 256, 65536 * 3), 85); // softmax: 256/3 = 85.33
    }

    function test_roundDiv_nonPositiveDivisor_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPointZeroDivisor.selector, int256(0)));
        h.roundDiv(1, 0);
        vm.expectRevert(abi.encodeWithSelector(FixedPointZeroDivisor.selector, int256(-2)));
        h.roundDiv(1, -2);
    }

    /// |n/d - roundDiv(n, d)| <= 1/2, ties away from zero, and roundDiv(-n, d) = -roundDiv(n, d).
    function testFuzz_roundDiv_nearestHalfAway(int64 n, uint32 dSeed) public view {
        int256 d = int256(uint256(dSeed)) + 1;
        int256 q = h.roundDiv(n, d);
        int256 err2 = 2 * (int256(n) - q * d); // 2 * (n - q*d), |.| <= d
        assertTrue(err2 <= d && err2 >= -d, "not nearest");
        if (err2 == d) assertTrue(n < 0, "positive tie must round up");
        if (err2 == -d) assertTrue(n > 0, "negative tie must round down");
        assertEq(h.roundDiv(-int256(n), d), -q);
    }

    function test_clamp_cases_succeeds() public pure {
        assertEq(LibFixedPoint.clamp(-200, -128, 127), -128);
        assertEq(LibFixedPoint.clamp(200, -128, 127), 127);
        assertEq(LibFixedPoint.clamp(5, -128, 127), 5);
        assertEq(LibFixedPoint.clamp(-128, -5, 9), -5);
    }
}
