import { UnsupportedOnnxError } from '../errors.ts';
import type { FloatTensor } from './float-tensor.ts';
import type { AttributeValue, RawNode } from './parse.ts';

/**
 * Typed access to a node's attributes. Every handler declares the attributes it understands;
 * `rejectUnknown` then refuses any other one, so nothing is silently ignored.
 */
export class Attributes {
  private readonly used = new Set<string>();
  constructor(private readonly node: RawNode) {}

  has(name: string): boolean {
    return this.node.attributes.has(name);
  }

  int(name: string, fallback: number): number {
    return this.typed(name, 'number', fallback) as number;
  }

  float(name: string, fallback: number): number {
    return this.typed(name, 'number', fallback) as number;
  }

  ints(name: string, fallback: number[]): number[] {
    const v = this.get(name);
    if (v === undefined) return fallback;
    if (typeof v === 'number') return [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw this.bad(name, 'a list of numbers');
    return v as number[];
  }

  floats(name: string, fallback: number[]): number[] {
    return this.ints(name, fallback);
  }

  string(name: string, fallback: string): string {
    return this.typed(name, 'string', fallback) as string;
  }

  tensor(name: string): FloatTensor | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.bad(name, 'a tensor');
    return v;
  }

  /** Marks attributes that are valid ONNX but do not affect inference (e.g. BatchNorm momentum). */
  ignore(...names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  rejectUnknown(): void {
    for (const name of this.node.attributes.keys()) {
      if (!this.used.has(name)) throw new UnsupportedOnnxError(this.node, `attribute '${name}' is not supported`);
    }
  }

  private get(name: string): AttributeValue | undefined {
    this.used.add(name);
    return this.node.attributes.get(name);
  }

  private typed(name: string, type: 'number' | 'string', fallback: number | string): number | string {
    const v = this.get(name);
    if (v === undefined) return fallback;
    if (typeof v !== type) throw this.bad(name, type === 'number' ? 'a number' : 'a string');
    return v as number | string;
  }

  private bad(name: string, expected: string): UnsupportedOnnxError {
    return new UnsupportedOnnxError(this.node, `attribute '${name}' must be ${expected}`);
  }
}
