/** Shifts a square image by (dx, dy) pixels, filling uncovered pixels with 0 (background). */
export function shiftImage(image: Float32Array, size: number, dx: number, dy: number, out: Float32Array): Float32Array {
  out.fill(0);
  for (let y = 0; y < size; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= size) continue;
    for (let x = 0; x < size; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < size) out[y * size + x] = image[sy * size + sx];
    }
  }
  return out;
}
