/**
 * Generates TypeScript types from the JSON Schemas into schemas/generated/, so types and runtime validation come from
 * the same files. `--check` fails (exit 1) when the committed types are stale.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFromFile } from 'json-schema-to-typescript';
import { schemaCatalog } from './catalog.js';

const root = dirname(fileURLToPath(import.meta.url));
const outFile = join(root, 'generated', 'types.ts');

async function generate(): Promise<string> {
  const banner =
    '/* Generated from schemas/**.schema.json by `npm run schemas:generate`. Do not edit by hand. */';
  const parts: string[] = [banner];
  const seen = new Set<string>();
  for (const entry of schemaCatalog) {
    const file = join(root, entry.group, `${entry.name}.schema.json`);
    const ts = await compileFromFile(file, {
      bannerComment: '',
      cwd: dirname(file),
      declareExternallyReferenced: true,
      additionalProperties: false,
      unreachableDefinitions: true,
      ignoreMinAndMaxItems: true,
      format: true,
      style: { singleQuote: true, printWidth: 110 },
    });
    // Each file re-declares what it references; keep the first declaration of every exported name.
    for (const block of ts.split(/\n(?=(?:\/\*\*[\s\S]*?\*\/\n)?export )/)) {
      const name = /export (?:interface|type) (\w+)/.exec(block)?.[1];
      if (!name || seen.has(name)) continue;
      seen.add(name);
      parts.push(block.trim());
    }
  }
  return `${parts.join('\n\n')}\n`;
}

const generated = await generate();
if (process.argv.includes('--check')) {
  const current = await readFile(outFile, 'utf8').catch(() => '');
  if (current !== generated) {
    console.error(
      'schemas/generated/types.ts is stale: run `npm run schemas:generate` and commit the result.',
    );
    process.exit(1);
  }
} else {
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, generated);
  console.log(`wrote ${outFile}`);
}
