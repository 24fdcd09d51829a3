import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type MnistSplit, MNIST_PIXELS, mnistSplit, mnistSplitCounts, mnistSplitIndices } from '../../src/data/mnist.ts';

const SPLITS: MnistSplit[] = ['train', 'calibration', 'test'];

function fingerprint(split: MnistSplit): string {
  const hash = createHash('sha256');
  for (const { image, label } of mnistSplit(split)) {
    hash.update(new Uint8Array([label]));
    hash.update(new Uint8Array(image.buffer, image.byteOffset, image.byteLength));
  }
  return hash.digest('hex');
}

test('splits have the documented per-class sizes', () => {
  assert.deepEqual(mnistSplitCounts('train'), Array(10).fill(700));
  assert.deepEqual(mnistSplitCounts('calibration'), Array(10).fill(100));
  assert.deepEqual(mnistSplitCounts('test'), [201, 327, 191, 232, 180, 63, 214, 270, 144, 178]);
  for (const split of SPLITS) {
    const samples = mnistSplit(split);
    assert.equal(samples.length, mnistSplitCounts(split).reduce((a, b) => a + b));
    assert.ok(samples.every((s) => s.image.length === MNIST_PIXELS && s.image.every((v) => v >= 0 && v <= 1)));
  }
});

test('splits are disjoint by package index and by image content', () => {
  const owner = new Map<string, MnistSplit>();
  const imageOwner = new Map<string, MnistSplit>();
  for (const split of SPLITS) {
    for (const [digit, index] of mnistSplitIndices(split)) {
      const key = `${digit}:${index}`;
      assert.equal(owner.get(key), undefined, `${key} is in ${owner.get(key)} and ${split}`);
      owner.set(key, split);
    }
    for (const { image } of mnistSplit(split)) {
      const key = createHash('sha256').update(image).digest('hex');
      assert.equal(imageOwner.get(key), undefined, `an image of ${split} also appears in ${imageOwner.get(key)}`);
      imageOwner.set(key, split);
    }
  }
  assert.equal(owner.size, 10_000);
});

test('splits are deterministic: fixed order and content (no Math.random shuffle)', () => {
  // Pinned so any change of order or data shows up; reference accuracies depend on them.
  assert.equal(fingerprint('train'), 'd19ec860168be7fea88f4e3fd8c86a7b90ca583cded9b39a67d45264fafade96');
  assert.equal(fingerprint('calibration'), 'c20d0638bd4d42c2dadc518bfd9e01c58307075cf9c1fa905e862b5f9e4546fa');
  assert.equal(fingerprint('test'), '06a7ac70291047a1c24e3bb89e99addf43485700c48dfc8a82de049ae9054af3');
  assert.deepEqual(mnistSplitIndices('test'), mnistSplitIndices('test'));
});

test('a prefix of a split is balanced: classes are interleaved', () => {
  const labels = mnistSplit('test').slice(0, 30).map((s) => s.label);
  assert.deepEqual(labels, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
