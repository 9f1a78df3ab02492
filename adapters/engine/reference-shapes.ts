/**
 * Which source a referenced record number belongs to, told from its shape when the shape is unambiguous: the
 * contracts' 110 `JJDBH` (19 digits), petition `xfjbh` (`330681-2024-000123`) and grid `serialNumber` (`WG…`).
 */
import type { SourceLink } from '../../schemas/generated/types.js';

export interface ReferencedSource {
  kind: SourceLink['kind'];
  targetSourceId: string;
  /** The number in the form the target source uses (a grid number upper-cased). */
  value: string;
}

const SHAPES: ReadonlyArray<{ pattern: RegExp; kind: SourceLink['kind']; targetSourceId: string }> = [
  { pattern: /^\d{19}$/, kind: 'police-call', targetSourceId: 'police-110' },
  { pattern: /^\d{6}-\d{4}-\d{6}$/, kind: 'petition', targetSourceId: 'petition' },
  { pattern: /^WG\d+$/i, kind: 'grid-event', targetSourceId: 'grid' },
];

/** The source a compact reference number (no whitespace, half-width) belongs to, or undefined when unsure. */
export function sourceOfReference(value: string): ReferencedSource | undefined {
  const shape = SHAPES.find((s) => s.pattern.test(value));
  if (shape === undefined) return undefined;
  return {
    kind: shape.kind,
    targetSourceId: shape.targetSourceId,
    value: shape.kind === 'grid-event' ? value.toUpperCase() : value,
  };
}
