// The Vouch int8 kernels module: pure functions over raw pointers into the exported memory,
// which the TypeScript side lays out and grows (src/runtime/wasm/). No allocator, no runtime.
export { packPaired, packPlain, im2colPlain, im2colPanel, gatherRows } from './pack';
export { convPairs, convDepthwise, convDepthwiseS2, prepareLanes } from './conv';
export { fcRows } from './fc';
export { mbqm } from './requant';

/** First byte the host may use: everything below belongs to the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
export { padInt8, maxPool } from './pool';
export { packRows, packColumns, matmulRows } from './matmul';
export { addInt8, mulInt8 } from './elementwise';
