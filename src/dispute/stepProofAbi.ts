import type { Hex } from 'viem';

/**
 * The ABI of the `proof` bytes ModelStepVerifier.computeElement decodes:
 * `abi.encode(ModelStepProof)` (contracts/src/verifier/ModelStepVerifier.sol, LibStepBinding.sol).
 */
export const modelStepProofAbiParameters = [
  {
    name: 'proof',
    type: 'tuple',
    components: [
      { name: 'descriptor', type: 'bytes' },
      { name: 'descriptorSiblings', type: 'bytes32[]' },
      { name: 'tensorHashes', type: 'bytes32[]' },
      { name: 'tensorSiblings', type: 'bytes32[][]' },
      {
        name: 'step',
        type: 'tuple',
        components: [
          {
            name: 'openings',
            type: 'tuple[]',
            components: [
              { name: 'dtype', type: 'uint8' },
              { name: 'shape', type: 'uint256[]' },
              { name: 'root', type: 'bytes32' },
            ],
          },
          {
            name: 'leaves',
            type: 'tuple[]',
            components: [
              { name: 'operand', type: 'uint256' },
              { name: 'leafIndex', type: 'uint256' },
              { name: 'leaf', type: 'bytes' },
              { name: 'siblings', type: 'bytes32[]' },
            ],
          },
        ],
      },
    ],
  },
] as const;

/** An operand's opened tensor hash: H(0x02 || dtype || rank || dims || root). */
export type OperandOpening = { dtype: number; shape: readonly bigint[]; root: Hex };
/** One data leaf of an operand's tensor tree (256 bytes) and its siblings bottom-up. */
export type LeafProof = { operand: bigint; leafIndex: bigint; leaf: Hex; siblings: readonly Hex[] };

/** The decoded `proof` of DisputeGame.step / ModelStepVerifier.computeElement. */
export type ModelStepProof = {
  /** The op's descriptor bytes (32-byte words). */
  descriptor: Hex;
  /** Path of H(0x04 || descriptor) in opsRoot. */
  descriptorSiblings: readonly Hex[];
  /** One tensor hash per operand slot (refs, then constant fields). */
  tensorHashes: readonly Hex[];
  /** Per operand: its path in the agreed trace (value ref) or in constantsRoot (constant ref). */
  tensorSiblings: readonly (readonly Hex[])[];
  step: {
    openings: readonly OperandOpening[];
    /** Every leaf holding an element the verifier's loops read (it takes the values from them). */
    leaves: readonly LeafProof[];
  };
};
