// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {LeafProof, Operand} from "../../src/verifier/VerifierTypes.sol";

/// @notice One element the TypeScript element function read: operand slot, index, value.
struct FixtureRead {
    uint256 operand;
    uint256 index;
    int256 value;
}

/// @notice One step of the differential fixtures (test/contracts/verifier/stepInstance.ts encodeStep).
struct FixtureStep {
    uint256 tag;
    bytes descriptor;
    uint256 index;
    int256 expected;
    Operand[] operands;
    FixtureRead[] reads;
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
        s.reads = new FixtureRead[](n);
        for (uint256 i; i < n; ++i) {
            FixtureRead memory r = s.reads[i];
            (r.operand, at) = _u(b, at, 1);
            (r.index, at) = _u(b, at, 4);
            (r.value, at) = _i32(b, at);
        }
        require(at == b.length, "fixture case has trailing bytes");
    }

    /// @notice The leaves the TypeScript reads lie in (first-use order), holding the values read
    /// and a poison pattern everywhere else: the verifier computes the expected value from them
    /// only if every element it reads is one the TypeScript element function read (any other
    /// element of a supplied leaf is garbage, an element of another leaf is missing).
    function leavesOf(FixtureStep memory s) internal pure returns (LeafProof[] memory leaves) {
        uint256 reads = s.reads.length;
        LeafProof[] memory all = new LeafProof[](reads);
        uint256 distinct;
        for (uint256 r; r < reads; ++r) {
            FixtureRead memory rd = s.reads[r];
            uint256 size = s.operands[rd.operand].dtype == 2 ? 4 : 1;
            uint256 byteOffset = rd.index * size;
            uint256 leafIndex = byteOffset / LEAF_SIZE;
            uint256 k;
            while (k < distinct && (all[k].operand != rd.operand || all[k].leafIndex != leafIndex)) ++k;
            if (k == distinct) {
                bytes memory leaf = new bytes(LEAF_SIZE);
                for (uint256 o; o < LEAF_SIZE; ++o) {
                    leaf[o] = bytes1(uint8(o * 167 + leafIndex * 89 + rd.operand * 53 + 0x5b));
                }
                all[k] = LeafProof({operand: rd.operand, leafIndex: leafIndex, leaf: leaf, siblings: new bytes32[](0)});
                ++distinct;
            }
            bytes memory data = all[k].leaf;
            uint256 at = byteOffset % LEAF_SIZE;
            uint256 u = uint256(uint32(int32(rd.value)));
            for (uint256 b; b < size; ++b) {
                data[at + b] = bytes1(uint8(u >> (8 * b)));
            }
        }
        leaves = new LeafProof[](distinct);
        for (uint256 k; k < distinct; ++k) leaves[k] = all[k];
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
