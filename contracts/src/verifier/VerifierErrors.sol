// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Custom errors of the one-step verifier (docs/one-step-verifier.md). Each carries the values
// that explain it; positions are word positions in a descriptor.

// ---------------------------------------------------------------- fixed point
/// @notice An SRDHM / shift operand lies outside int32 (no stored model produces one).
error FixedPointOperandRange(int256 value);
/// @notice A requantization (multiplier, shift) pair or a shift exponent lies outside the spec's range.
error FixedPointRequantRange(int256 multiplier, int256 shift);
/// @notice roundDiv needs a positive divisor.
error FixedPointZeroDivisor(int256 divisor);

// ---------------------------------------------------------------- descriptors
/// @notice A descriptor is a whole number of 32-byte words, at least kind and output rank.
error DescriptorByteLength(uint256 byteLength);
/// @notice The kind word is not one of the 11 op kinds.
error DescriptorUnknownKind(int256 kind);
/// @notice The descriptor of this kind must have exactly `expected` words.
error DescriptorWordCount(uint256 kind, uint256 words, uint256 expected);
/// @notice Word `position` must lie in [lo, hi].
error DescriptorWordRange(uint256 position, int256 word, int256 lo, int256 hi);
/// @notice A transpose perm is not a permutation of 0..rank-1 (word `position` repeats or is out of range).
error DescriptorBadPerm(uint256 position, int256 word);

// ---------------------------------------------------------------- operands and shapes
// (`operand` = type(uint256).max names the op's output shape: LibShape.OUTPUT.)
/// @notice A step of this kind takes exactly `expected` operands (refs, then constants, in descriptor order).
error OperandCount(uint256 kind, uint256 supplied, uint256 expected);
/// @notice Operand `operand` must have dtype `expected` (1 = int8, 2 = int32).
error OperandDtype(uint256 operand, uint8 dtype, uint8 expected);
/// @notice Operand `operand` has a rank the op cannot take.
error OperandRank(uint256 operand, uint256 rank);
/// @notice Operand shapes disagree with each other or with the output shape (what validateModel refuses).
error OperandShapeMismatch(uint256 operand, uint256 axis, uint256 dim, uint256 expected);
/// @notice The output index is not below the output's element count.
error OutputIndexOutOfRange(uint256 index, uint256 count);

// ---------------------------------------------------------------- reads
/// @notice The element the verifier's loop needs lies outside its operand of `count` elements.
error ReadIndexOutOfRange(uint256 operand, uint256 index, uint256 count);
/// @notice The verifier's loop needs an element of leaf `leafIndex` of `operand`, and no supplied leaf is that one.
error ReadLeafMissing(uint256 operand, uint256 leafIndex);
/// @notice Supplied leaf `leaf` names an operand the step does not have.
error ReadLeafOperand(uint256 leaf, uint256 operand);
/// @notice Supplied leaf `leaf` is not LEAF_SIZE bytes long.
error ReadLeafLength(uint256 leaf, uint256 length);
/// @notice Softmax's exp-table sum is not positive (an exp table with expTable[0] = 0).
error SoftmaxSumNotPositive(int256 sum);

// ---------------------------------------------------------------- binding reads to commitments
/// @notice There must be one committed tensor hash and one opening per operand.
error BindingOperandCount(uint256 tensorHashes, uint256 openings);
/// @notice The opened header (dtype, shape, root) of `operand` hashes to `computed`, not to the committed tensor hash.
error BindingTensorHashMismatch(uint256 operand, bytes32 expected, bytes32 computed);

// ---------------------------------------------------------------- the dispute game's step query
/// @notice The proof must carry one tensor hash and one Merkle path per descriptor operand.
error StepOperandProofCount(uint256 operands, uint256 tensorHashes, uint256 paths);
/// @notice Operand `operand` reads trace position `position`, which is not agreed (not below `limit`).
error StepOperandNotAgreed(uint256 operand, uint256 position, uint256 limit);
