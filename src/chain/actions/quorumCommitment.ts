import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem';

export type QuorumCommitmentParameters = { resultHash: Hex; salt: Hex; member: Address };

/**
 * The commitment a committee member sends before revealing: keccak256(abi.encode(resultHash,
 * salt, member)), as QuorumTasks.commitmentFor. The member's address is in the preimage, so a
 * copied commitment can never be revealed by the copier. Keep `salt` secret (32 random bytes)
 * until the reveal.
 */
export function quorumCommitment(parameters: QuorumCommitmentParameters): Hex {
  const { resultHash, salt, member } = parameters;
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }], [resultHash, salt, member]));
}
