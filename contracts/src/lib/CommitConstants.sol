// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Commitment format constants; byte-identical to src/commit/constants.ts and
// docs/commitment-format.md. Changing any of them changes every root.

/// @dev Bytes of packed element data per Merkle leaf (chosen by measurement, see docs).
uint256 constant LEAF_SIZE = 256;

/// @dev Leaf hash preimage: 0x00 || leaf (LEAF_SIZE bytes).
bytes1 constant LEAF_DOMAIN = 0x00;
/// @dev Tensor-tree inner node preimage: 0x01 || left || right.
bytes1 constant NODE_DOMAIN = 0x01;
/// @dev Tensor hash preimage: 0x02 || dtype u8 || rank u8 || dims u32 big-endian || root.
bytes1 constant TENSOR_DOMAIN = 0x02;
/// @dev Trace-tree inner node preimage: 0x03 || left || right.
bytes1 constant TRACE_NODE_DOMAIN = 0x03;

/// @dev dtype codes in the tensor hash preimage.
uint8 constant DTYPE_INT8 = 1;
uint8 constant DTYPE_INT32 = 2;

/// @dev Padding leaves are this word (not the hash of anything, so never a real leaf hash).
bytes32 constant PADDING_LEAF = bytes32(0);
