/**
 * Declarative adapters: a source registered at runtime with a JSONata mapping from its raw record to the canonical
 * Report, and an optional JSON Schema of the raw record. No code deploy. The mapping can call the hub's normalisers
 * as JSONata functions ($residentId, $phones, $personName, $dateTime, …) so identifiers come out normalised.
 * @see https://docs.jsonata.org/overview
 */
import jsonata from 'jsonata';
import type { FieldError, MapContext, MapResult, SourceAdapter } from './adapter.js';
import { registerNormalisers } from './declarative-functions.js';

export interface DeclarativeDefinition {
  sourceId: string;
  displayName: string;
  idField: string;
  /** JSONata expression producing a canonical Report (identifiers in clear; the hub protects them). */
  mapping: string;
  sourceSchema?: Record<string, unknown>;
}

/** A mapping that does not compile: the expression's error code, message and character position. */
export class InvalidMappingError extends Error {
  constructor(
    readonly code: string,
    readonly position: number | undefined,
    readonly token: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface FieldRule {
  /** Top-level field of the report the rule produces. */
  field: string;
  /** The JSONata text of the rule. */
  expression: string;
  /** 1-based character position of the rule in the mapping. */
  position: number;
}

type Expression = ReturnType<typeof jsonata>;

interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  lhs?: Array<[AstNode, AstNode]>;
  expressions?: AstNode[];
}

/** Compiles a mapping or throws InvalidMappingError naming the position. */
export function compileMapping(mapping: string): { expression: Expression; rules: FieldRule[] } {
  let expression: Expression;
  try {
    expression = jsonata(mapping);
  } catch (error) {
    const e = error as { code?: string; position?: number; token?: string; message?: string };
    throw new InvalidMappingError(
      e.code ?? 'unknown',
      e.position,
      e.token,
      `the mapping does not compile at position ${e.position ?? '?'}${e.token ? ` near "${e.token}"` : ''}: ${e.message} (JSONata ${e.code})`,
    );
  }
  registerNormalisers(expression);
  const object = resultObjectOf(expression.ast() as AstNode);
  return { expression, rules: object?.lhs ? rulesOf(mapping, object.lhs) : [] };
}

/** The object constructor that produces the report: the mapping itself, or the last expression of a block. */
function resultObjectOf(ast: AstNode): AstNode | undefined {
  if (ast.type === 'unary' && ast.value === '{' && Array.isArray(ast.lhs)) return ast;
  if (ast.type === 'block' && Array.isArray(ast.expressions)) return resultObjectOf(ast.expressions.at(-1)!);
  return undefined;
}

/** The source text of each top-level `"field": expression` pair, for dry-run explanations. */
function rulesOf(mapping: string, pairs: Array<[AstNode, AstNode]>): FieldRule[] {
  const starts = pairs.map(([key]) => {
    const name = String(key.value);
    const end = key.position ?? 0;
    return Math.max(0, mapping.lastIndexOf(name, end) - 1);
  });
  return pairs.map(([key], i) => {
    const next = i + 1 < starts.length ? starts[i + 1]! : mapping.lastIndexOf('}');
    const text = mapping.slice(starts[i], next).trim().replace(/,$/, '').trim();
    return { field: String(key.value), expression: text, position: starts[i]! + 1 };
  });
}

export function createDeclarativeAdapter(
  definition: DeclarativeDefinition,
  version: string,
): SourceAdapter & { rules: FieldRule[] } {
  const { expression, rules } = compileMapping(definition.mapping);
  const idOf = (raw: unknown): string | undefined => {
    if (!raw || typeof raw !== 'object') return undefined;
    const value = (raw as Record<string, unknown>)[definition.idField];
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    const id = String(value).trim();
    return id ? id : undefined;
  };
  return {
    sourceId: definition.sourceId,
    version,
    kind: 'declarative',
    displayName: definition.displayName,
    idField: definition.idField,
    ...(definition.sourceSchema ? { sourceSchema: definition.sourceSchema } : {}),
    rules,
    recordIdOf: idOf,
    map: async (raw: unknown, context: MapContext): Promise<MapResult> => {
      const id = idOf(raw);
      try {
        const output = (await expression.evaluate(raw, { receivedAt: context.receivedAt })) as
          | Record<string, unknown>
          | undefined;
        if (!output || typeof output !== 'object') {
          return {
            ok: false,
            errors: [{ path: '(mapping)', message: 'the mapping produced nothing for this record' }],
            warnings: [],
          };
        }
        const report = withDefaults(stripUndefined(output), definition.sourceId, id);
        return { ok: true, report: report as never, warnings: [] };
      } catch (error) {
        const e = error as { message?: string; position?: number; code?: string };
        const rule = rules.findLast((r) => e.position !== undefined && r.position <= e.position);
        const errors: FieldError[] = [
          {
            path: rule?.field ?? '(mapping)',
            message: `mapping failed at position ${e.position ?? '?'}: ${e.message ?? String(error)}`,
            stage: 'map',
          },
        ];
        return { ok: false, errors, warnings: [] };
      }
    },
  };
}

/** Fields every report has that a mapping need not repeat. */
function withDefaults(output: Record<string, unknown>, sourceId: string, recordId: string | undefined) {
  return {
    steps: [],
    parties: [],
    links: [],
    ...output,
    sourceId,
    ...(recordId ? { sourceRecordId: recordId } : {}),
  };
}

/** JSONata yields undefined for missing paths; JSON has no undefined, and the schema must not see it. */
function stripUndefined(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
