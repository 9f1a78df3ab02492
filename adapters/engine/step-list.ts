/**
 * Mapping a source's list of steps: each item mapped by the source's own rule, unusable ones kept verbatim in
 * sourceAttributes.unplacedSteps, unknown step fields in sourceAttributes.stepExtraFields, the rest sorted by time.
 */
import type { Step } from '../../schemas/generated/types.js';
import type { Findings } from './findings.js';
import { describeType, isRecord, unknownFieldsOf } from './raw-values.js';

export interface TimedStep {
  step: Step;
  instant: number;
}

export function mapStepList(
  value: unknown,
  findings: Findings,
  options: {
    field: string;
    knownFields: ReadonlySet<string>;
    mapStep: (item: unknown, path: string, findings: Findings) => TimedStep | undefined;
  },
): Step[] {
  const { field } = options;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    findings.warn(
      field,
      `${field} should be an array, got ${describeType(value)}; kept in sourceAttributes.${field}`,
    );
    findings.keep(field, value);
    return [];
  }
  const unplaced: unknown[] = [];
  const extras: Record<string, Record<string, unknown>> = {};
  const mapped: TimedStep[] = [];
  value.forEach((item, index) => {
    const path = `${field}[${index}]`;
    const step = options.mapStep(item, path, findings);
    if (step === undefined) unplaced.push(item);
    else mapped.push(step);
    const extra = isRecord(item) ? unknownFieldsOf(item, options.knownFields) : undefined;
    if (extra) extras[path] = extra;
  });
  if (unplaced.length > 0) findings.keep('unplacedSteps', unplaced);
  if (Object.keys(extras).length > 0) findings.keep('stepExtraFields', extras);
  return mapped.sort((a, b) => a.instant - b.instant).map((m) => m.step);
}
