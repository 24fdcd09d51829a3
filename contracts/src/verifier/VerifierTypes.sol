// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Op kind codes of the descriptor's first word (src/commit/opDescriptor.ts OP_KIND_CODE).
uint256 constant KIND_CONV = 1;
uint256 constant KIND_FC = 2;
uint256 constant KIND_MATMUL = 3;
uint256 constant KIND_ADD = 4;
uint256 constant KIND_MUL = 5;
uint256 constant KIND_LUT = 6;
uint256 constant KIND_SOFTMAX = 7;
uint256 constant KIND_MAXPOOL = 8;
uint256 constant KIND_AVGPOOL = 9;
uint256 constant KIND_RESHAPE = 10;
uint256 constant KIND_TRANSPOSE = 11;

/// @notice What the arithmetic knows of an operand: its dtype code (1 int8, 2 int32) and shape.
/// Operands are numbered in descriptor order: refs, then constants (conv: input 0, weights 1,
/// bias 2, multipliers 3, shifts 4). In a bound step, dtype and shape come from the opened
/// tensor header, which must hash to the committed tensor hash.
struct Operand {
    uint8 dtype;
    uint256[] shape;
}

/// @notice One data leaf (LEAF_SIZE bytes) of operand `operand`'s tensor tree and its Merkle path
/// (bottom-up). The arithmetic reads every element it needs from these leaves: element e of an
/// operand with element size z lies in leaf floor(e * z / LEAF_SIZE) at byte (e * z) mod LEAF_SIZE,
/// little-endian. In a bound step (LibStepBinding) each leaf is proven against its operand's root;
/// in OneStepVerifier.computeElement they are taken as given and `siblings` is ignored.
struct LeafProof {
    uint256 operand;
    uint256 leafIndex;
    bytes leaf;
    bytes32[] siblings;
}

/// @notice A decoded descriptor's common part: kind, output shape, operand ref words
/// (value index v >= 0 or constant c as -1 - c) and the word position where params start.
struct OpHeader {
    uint256 kind;
    uint256[] outShape;
    int256[] refs;
    uint256 paramsAt;
}

/// @notice Conv/pool window: the 2-D words (kernel, strides, pads top/left/bottom/right,
/// dilations), then the depth axis of 3-D ops (kernel, stride, padBegin, padEnd, dilation; the
/// identity 1, 1, 0, 0, 1 for 1-D and 2-D ops).
struct Window {
    uint256 kH;
    uint256 kW;
    int256 sH;
    int256 sW;
    int256 padTop;
    int256 padLeft;
    int256 padBottom;
    int256 padRight;
    int256 dH;
    int256 dW;
    uint256 kD;
    int256 sD;
    int256 padFront;
    int256 padBack;
    int256 dD;
}

struct ConvParams {
    int256 inputZp;
    int256 outputZp;
    int256 actMin;
    int256 actMax;
    uint256 group;
    Window win;
}

struct FcParams {
    int256 inputZp;
    int256 outputZp;
    int256 actMin;
    int256 actMax;
}

/// @notice matmul and mul share a layout: aZp, bZp, multiplier, shift, outputZp, actMin, actMax.
struct BinaryParams {
    int256 aZp;
    int256 bZp;
    int256 multiplier;
    int256 shift;
    int256 outputZp;
    int256 actMin;
    int256 actMax;
}

struct AddParams {
    bool subtract;
    int256 aZp;
    int256 bZp;
    int256 aMultiplier;
    int256 aShift;
    int256 bMultiplier;
    int256 bShift;
    int256 outMultiplier;
    int256 outShift;
    int256 outputZp;
    int256 actMin;
    int256 actMax;
}

struct SoftmaxParams {
    uint256 outer;
    uint256 n;
    uint256 inner;
}

struct AvgPoolParams {
    int256 inputZp;
    int256 outputZp;
    int256 multiplier;
    int256 shift;
    bool countIncludePad;
    Window win;
}
