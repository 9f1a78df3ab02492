/** Canonical validation: every schema compiled once by ajv (JSON Schema 2020-12), errors turned into field paths. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../../adapters/engine/adapter.js';
import { schemaCatalog, schemaIds } from '../../schemas/catalog.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

const ajv = createAjv();
for (const entry of schemaCatalog) ajv.addSchema(entry.schema);

const validators = new Map<string, ValidateFunction>();
function validatorFor(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    const id = schemaIds[name];
    if (!id) throw new Error(`unknown schema "${name}"; known: ${Object.keys(schemaIds).join(', ')}`);
    validate = ajv.getSchema(id);
    if (!validate) throw new Error(`schema "${name}" did not compile`);
    validators.set(name, validate);
  }
  return validate;
}

/** `/parties/0/name` → `parties[0].name`, the form error messages use everywhere. */
export function toFieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

export function describeAjvErrors(
  errors: ErrorObject[] | null | undefined,
  stage: FieldError['stage'],
): FieldError[] {
  return (errors ?? []).map((e) => {
    const base = toFieldPath(e.instancePath);
    const missing =
      e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : undefined;
    const extra =
      e.keyword === 'additionalProperties'
        ? (e.params as { additionalProperty: string }).additionalProperty
        : undefined;
    const path = missing
      ? base
        ? `${base}.${missing}`
        : missing
      : extra
        ? base
          ? `${base}.${extra}`
          : extra
        : base;
    const allowed =
      e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
    return { path: path || '(record)', message: `${e.message ?? 'is invalid'}${allowed}`, stage };
  });
}

/** Validates a value against one of the published schemas by short name (`report`, `dispute`, …). */
export function validateAgainst(name: string, value: unknown): FieldError[] {
  const validate = validatorFor(name);
  return validate(value) ? [] : describeAjvErrors(validate.errors, 'validate');
}
