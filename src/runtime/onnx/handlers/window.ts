import type { Window2d } from '../float-ops.ts';
import type { Attributes } from '../attributes.ts';
import type { RawNode } from '../parse.ts';
import { fail } from './handler.ts';

/** Spatial window attributes shared by Conv and the pools; 1-D ops become 2-D with height 1, 3-D ops add a depth axis. */
export function window(node: RawNode, attrs: Attributes, inShape: number[], kernel: number[]): { win: Window2d; outSpatial: number[] } {
  const spatial = inShape.slice(2);
  if (spatial.length < 1 || spatial.length > 3) fail(node, `only 1-D, 2-D and 3-D spatial inputs are supported, got shape [${inShape}]`);
  const r = spatial.length;
  if (kernel.length !== r) fail(node, `kernel_shape [${kernel}] does not match ${r} spatial dims`);
  const strides = attrs.ints('strides', Array(r).fill(1));
  const dilations = attrs.ints('dilations', Array(r).fill(1));
  const autoPad = attrs.string('auto_pad', 'NOTSET');
  const ceilMode = attrs.int('ceil_mode', 0);
  let pads = attrs.ints('pads', Array(2 * r).fill(0));
  if (strides.length !== r || dilations.length !== r || pads.length !== 2 * r) fail(node, 'strides, dilations or pads have the wrong length');
  if ([...strides, ...dilations, ...kernel].some((v) => v < 1) || pads.some((p) => p < 0)) fail(node, 'strides, dilations and kernel must be >= 1 and pads >= 0');
  const outSpatial: number[] = [];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = Array(2 * r).fill(0);
    for (let i = 0; i < r; i++) {
      const out = Math.ceil(spatial[i] / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - spatial[i]);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + r] = total - pads[i];
      outSpatial.push(out);
    }
  } else if (autoPad === 'VALID' || autoPad === 'NOTSET') {
    if (autoPad === 'VALID') pads = Array(2 * r).fill(0);
    for (let i = 0; i < r; i++) {
      const span = spatial[i] + pads[i] + pads[i + r] - dilations[i] * (kernel[i] - 1) - 1;
      if (span < 0) fail(node, `kernel larger than padded input along spatial dim ${i}`);
      let out = (ceilMode ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
      // With ceil_mode a last window that starts inside the end padding is dropped (as ONNX and PyTorch do).
      if (ceilMode && (out - 1) * strides[i] >= spatial[i] + pads[i]) out--;
      outSpatial.push(out);
    }
  } else {
    fail(node, `auto_pad '${autoPad}' is not supported`);
  }
  // Align to [depth, height, width]: missing leading axes are the identity window.
  const three = (v: number[], fill: number) => [...Array(3 - r).fill(fill), ...v] as [number, number, number];
  const [kd, kh, kw] = three(kernel, 1);
  const [sd, sh, sw] = three(strides, 1);
  const [dd, dh, dw] = three(dilations, 1);
  const [pd, pt, pl] = three(pads.slice(0, r), 0);
  const [pde, pb, pr] = three(pads.slice(r), 0);
  return {
    win: {
      kernel: [kh, kw], strides: [sh, sw], dilations: [dh, dw], pads: [pt, pl, pb, pr],
      depth: { kernel: kd, stride: sd, dilation: dd, padBegin: pd, padEnd: pde },
    },
    outSpatial,
  };
}
