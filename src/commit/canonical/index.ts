// Entry point of the canonicalisations a quorum compares (docs/quorum-canonical.md).
export { CANONICAL_KIND_IDS, CANONICAL_KIND_NAMES, RESULT_DOMAIN, MAX_ROUND_DECIMALS, ONNX_DTYPE_CODE } from './constants.ts';
export type { CanonicalKind, CanonicalSpec, CanonicalResult, CanonicalTensor } from './constants.ts';
export { CanonicalSpecError, CanonicalInputError } from './errors.ts';
export { parseCanonicalSpec, formatCanonicalSpec, roundSpec } from './parseCanonicalSpec.ts';
export { canonicalCode, canonicalSpecBytes, canonicalSpecFromCode } from './canonicalCode.ts';
export { exactBytes, EXACT_FORM } from './exactBytes.ts';
export { top1Bytes } from './top1Bytes.ts';
export { roundBytes, roundHalfAwayFromZero } from './roundBytes.ts';
export { textBytes, normalizeText } from './textBytes.ts';
export { canonicalBytes, resultHash, canonicalize, type Canonicalized } from './canonicalize.ts';
