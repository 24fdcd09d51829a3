import type { ModelView } from '../../api/types.ts';
import type { IndexDb } from '../openIndexDb.ts';
import { canonicalName, compact, modelHints } from './rows.ts';

/** Registered models (int8 commitments and float ONNX files), oldest first, with how many tasks named each. */
export function listModels(index: IndexDb): ModelView[] {
  const hints = modelHints(index);
  const rows = index.db
    .prepare('SELECT m.*, (SELECT COUNT(*) FROM tasks t WHERE t.model_id = m.model_id) AS tasks FROM models m ORDER BY m.registered_at, m.model_id')
    .all() as {
    model_id: `0x${string}`; registrant: `0x${string}`; registered_at: number; op_count: number; input_count: number; tasks: number;
    format: 'int8' | 'onnx-float'; canon_code: number | null; size: number | null;
  }[];
  return rows.map((r) => {
    const hint = hints[r.model_id.toLowerCase()];
    return compact({
      modelId: r.model_id,
      name: hint?.name,
      format: r.format,
      ops: r.op_count,
      inputs: r.input_count,
      // A float claim's trace is its inputs and one result hash (docs/quorum.md).
      traceLength: r.format === 'onnx-float' ? r.input_count + 1 : r.op_count + r.input_count,
      canonicalisation: r.canon_code === null ? undefined : canonicalName(r.canon_code),
      size: r.size ?? undefined,
      inputShape: hint?.inputShape,
      registeredBy: r.registrant,
      registeredAt: r.registered_at,
      tasks: r.tasks,
    }) as ModelView;
  });
}
