// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Operand, Read} from "../../src/verifier/VerifierTypes.sol";

/// @notice One step of the differential fixtures (test/contracts/verifier/stepInstance.ts encodeStep).
struct FixtureStep {
    uint256 tag;
    bytes descriptor;
    uint256 index;
    int256 expected;
    Operand[] operands;
    Read[] reads;
}

/// @dev Decodes the compact big-endian case encoding written by TypeScript; descriptor words
/// (int32 there) are widened to the 32-byte two's complement words of descriptorBytes.
library VerifierFixtureCodec {
    function decode(bytes memory b) internal pure returns (FixtureStep memory s) {
        uint256 at;
        (s.tag, at) = _u(b, at, 4);
        uint256 words;
        (words, at) = _u(b, at, 2);
        int256[] memory w = new int256[](words);
        for (uint256 i; i < words; ++i) {
            (w[i], at) = _i32(b, at);
        }
        s.descriptor = abi.encodePacked(w);
        (s.index, at) = _u(b, at, 4);
        (s.expected, at) = _i32(b, at);
        uint256 n;
        (n, at) = _u(b, at, 1);
        s.operands = new Operand[](n);
        for (uint256 i; i < n; ++i) {
            uint256 dtype;
            uint256 rank;
            (dtype, at) = _u(b, at, 1);
            (rank, at) = _u(b, at, 1);
            uint256[] memory shape = new uint256[](rank);
            for (uint256 k; k < rank; ++k) {
                (shape[k], at) = _u(b, at, 4);
            }
            s.operands[i] = Operand({dtype: uint8(dtype), shape: shape});
        }
        (n, at) = _u(b, at, 4);
        s.reads = new Read[](n);
        for (uint256 i; i < n; ++i) {
            Read memory r = s.reads[i];
            (r.operand, at) = _u(b, at, 1);
            (r.index, at) = _u(b, at, 4);
            (r.value, at) = _i32(b, at);
        }
        require(at == b.length, "fixture case has trailing bytes");
    }

    function _u(bytes memory b, uint256 at, uint256 size) private pure returns (uint256 v, uint256 next) {
        require(at + size <= b.length, "fixture case truncated");
        assembly ("memory-safe") {
            v := shr(sub(256, mul(size, 8)), mload(add(add(b, 0x20), at)))
        }
        next = at + size;
    }

    function _i32(bytes memory b, uint256 at) private pure returns (int256 v, uint256 next) {
        uint256 u;
        (u, next) = _u(b, at, 4);
        v = int256(int32(uint32(u)));
    }
}
