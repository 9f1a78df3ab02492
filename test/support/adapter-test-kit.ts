/** What every built-in adapter's behaviour tests need: map to a report (or fail loudly), warning paths, and the
 * report as protection leaves it (clear resident-ID and phone values removed), for schema checks. */
import type { BuiltinAdapter, ClearReport, MapContext } from '../../adapters/engine/adapter.js';

export function adapterTestKit(adapter: BuiltinAdapter, context: MapContext) {
  return {
    mapToReport(raw: unknown): ClearReport {
      const result = adapter.map(raw, context);
      if (!result.ok) throw new Error(`expected a report, got errors: ${JSON.stringify(result.errors)}`);
      return result.report;
    },
    warningPathsOf(raw: unknown): string[] {
      return adapter.map(raw, context).warnings.map((w) => w.path);
    },
    protectedView(report: ClearReport): unknown {
      return {
        ...report,
        parties: report.parties.map(({ residentId, phones, ...party }) => {
          const { value: _id, ...maskedId } = residentId ?? {};
          return {
            ...party,
            ...(residentId ? { residentId: maskedId } : {}),
            ...(phones ? { phones: phones.map(({ value: _phone, ...masked }) => masked) } : {}),
          };
        }),
      };
    },
  };
}
