import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

function offenders(dirs: string[], importPrefix: string, allowed: (file: string) => boolean): string[] {
  return dirs
    .flatMap(sourceFiles)
    .filter((file) => !allowed(relative(root, join(root, file))))
    .filter((file) => importsOf(file).some((i) => i.startsWith(importPrefix)));
}

describe('module boundaries', () => {
  it('keeps the AWS SDK inside the store and the runtimes', () => {
    const allowed = (f: string) => f.startsWith('functions/store/') || f.startsWith('functions/runtime/');
    expect(offenders(['functions', 'adapters', 'schemas'], '@aws-sdk/', allowed)).toEqual([]);
  });

  it('keeps hono inside the HTTP layer and the api entry', () => {
    const allowed = (f: string) => f.startsWith('functions/http/') || f === 'functions/handlers/api.ts';
    expect(offenders(['functions', 'adapters'], 'hono', allowed)).toEqual([]);
  });

  it('keeps CDK inside infra', () => {
    expect(offenders(['functions', 'adapters', 'schemas'], 'aws-cdk-lib', () => false)).toEqual([]);
  });

  it('keeps handlers thin', () => {
    for (const file of sourceFiles('functions/handlers')) {
      const lines = readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim()).length;
      expect(lines, file).toBeLessThanOrEqual(20);
    }
  });
});
