/**
 * Dry run: what the hub would make of sample records, record by record, storing nothing: the canonical output (with
 * identifiers protected as they would be stored), every error and warning with its path, and which mapping rule
 * produced each field.
 */
import type { FieldError, SourceAdapter } from '../../adapters/engine/adapter.js';
import type { FieldRule } from '../../adapters/engine/declarative-adapter.js';
import { protectReport, withoutBlindIndexes } from '../privacy/protect-report.js';
import type { HubDeps } from '../runtime/deps.js';
import { validateAgainst } from './validate.js';

export interface DryRunResult {
  index: number;
  sourceRecordId?: string;
  ok: boolean;
  report?: unknown;
  errors: FieldError[];
  warnings: FieldError[];
  /** Output field → the rule that produced it. */
  producedBy: Record<string, string>;
}

export async function dryRun(
  deps: Pick<HubDeps, 'adapters' | 'blindIndexer' | 'clock'>,
  adapter: SourceAdapter & { rules?: FieldRule[] },
  records: unknown[],
): Promise<DryRunResult[]> {
  const receivedAt = deps.clock.now().toISOString();
  const results: DryRunResult[] = [];
  for (const [index, raw] of records.entries()) {
    const sourceRecordId = adapter.recordIdOf(raw);
    const errors: FieldError[] = sourceRecordId
      ? deps.adapters.validateSource(adapter, raw)
      : [
          {
            path: adapter.idField,
            message: `the record id field "${adapter.idField}" is missing or empty`,
            stage: 'accept',
          },
        ];
    const mapped = await adapter.map(raw, { receivedAt });
    if (!mapped.ok) errors.push(...mapped.errors.map((e) => ({ ...e, stage: e.stage ?? ('map' as const) })));
    const report = mapped.ok ? protectReport(mapped.report, deps.blindIndexer) : undefined;
    if (report) errors.push(...validateAgainst('report', report));
    results.push({
      index,
      ...(sourceRecordId ? { sourceRecordId } : {}),
      ok: errors.length === 0,
      ...(report ? { report: withoutBlindIndexes(report) } : {}),
      errors,
      warnings: mapped.warnings,
      producedBy: producedBy(adapter, report),
    });
  }
  return results;
}

function producedBy(
  adapter: SourceAdapter & { rules?: FieldRule[] },
  report: object | undefined,
): Record<string, string> {
  if (!report) return {};
  const out: Record<string, string> = {};
  for (const field of Object.keys(report)) {
    const rule = adapter.rules?.find((r) => r.field === field);
    out[field] = rule
      ? `mapping v${adapter.version} at ${rule.position}: ${rule.expression}`
      : adapter.kind === 'builtin'
        ? `built-in adapter ${adapter.sourceId} v${adapter.version}`
        : `default of every report`;
  }
  return out;
}
