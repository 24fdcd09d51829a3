// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The dtype code is neither int8 (1) nor int32 (2).
error CommitUnknownDtype(uint8 dtype);
/// @notice A tensor has rank above 255.
error CommitRankTooLarge(uint256 rank);
/// @notice A dimension does not fit the u32 field of the tensor hash.
error CommitDimTooLarge(uint256 axis, uint256 dim);
/// @notice The element index is not below the tensor's element count.
error CommitElementOutOfRange(uint256 elementIndex, uint256 elementCount);
/// @notice The leaf index is not a data leaf (padding leaves are proven as nodes).
error CommitLeafOutOfRange(uint256 leafIndex, uint256 dataLeafCount);
/// @notice A leaf must have exactly `expected` bytes.
error CommitLeafLength(uint256 length, uint256 expected);
/// @notice The leaf size is not a power of two >= 32.
error CommitBadLeafSize(uint256 leafSize);
/// @notice A proof must have exactly one sibling per level of the tree (`depth`).
error CommitProofLength(uint256 siblings, uint256 depth);
/// @notice The node index does not exist at the proof's level (index >= 2^level).
error CommitIndexOutOfRange(uint256 index, uint256 level);
/// @notice Bytes of the last data leaf past the tensor's end must be zero.
error CommitLeafPaddingNotZero(uint256 leafIndex, uint256 firstPaddingByte);
/// @notice The proof leads to `computed`, not to the committed `expected` root.
error CommitRootMismatch(bytes32 expected, bytes32 computed);
/// @notice The trace position is not below the model's trace length.
error CommitPositionOutOfRange(uint256 position, uint256 traceLength);
