import { readFileSync } from 'node:fs';
import { privateKeyToAccount } from 'viem/accounts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { buildAgentCard } from '../../src/protocol/buildAgentCard.ts';
import type { EnvelopeDomain, ServedModel } from '../../src/protocol/types.ts';

// anvil's first two default keys: well known, test only.
export const requester = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
export const stranger = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');

export const domain: EnvelopeDomain = { chainId: 31337, verifyingContract: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9' };
export const agentId = 1n;
export const registry = 'eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3';

/** The committed MNIST model's id, read from the file so a re-import cannot leave it stale. */
const mnistModelId = `0x${Buffer.from(decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url))).modelId).toString('hex')}` as const;

export const mnistModel: ServedModel = {
  modelId: mnistModelId,
  name: 'mnist-cnn',
  modes: ['optimistic', 'quorum', 'sampled'],
};

export function testCard(url = 'http://127.0.0.1:8545/a2a', models: ServedModel[] = [mnistModel]) {
  return buildAgentCard({
    name: 'vouch-worker-mnist',
    description: 'Vouch worker serving int8 MNIST inference',
    url,
    agentId,
    registry,
    registration: 'https://worker.vouch.example/registration.json',
    domain,
    models,
  });
}
