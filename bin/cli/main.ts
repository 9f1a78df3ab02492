/** The `qiao` command line: register sources, dry-run samples, ingest files. Talks to a hub over HTTP. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { HubClient, HubError } from './hub-client.js';
import { ingestFile } from './ingest-file.js';
import { formatOf, readRecords } from './record-files.js';

const program = new Command()
  .name('qiao')
  .description('Qiao hub command line for integration engineers')
  .option('--url <url>', 'hub URL (env QIAO_URL)', process.env.QIAO_URL ?? 'http://127.0.0.1:3000')
  .option('--key <key>', 'API key (env QIAO_KEY)', process.env.QIAO_KEY);

function client(): HubClient {
  const { url, key } = program.opts<{ url: string; key?: string }>();
  if (!key) throw new HubError(0, 'no API key: pass --key or set QIAO_KEY');
  return new HubClient(url.replace(/\/$/, ''), key);
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/** A registration file: JSON with `mapping` inline or `mappingFile` (and `sourceSchemaFile`) relative to it. */
function readDefinition(path: string): Record<string, unknown> {
  const definition = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const base = dirname(resolve(path));
  const { mappingFile, sourceSchemaFile, ...rest } = definition;
  return {
    ...rest,
    ...(typeof mappingFile === 'string' ? { mapping: readFileSync(resolve(base, mappingFile), 'utf8') } : {}),
    ...(typeof sourceSchemaFile === 'string'
      ? { sourceSchema: JSON.parse(readFileSync(resolve(base, sourceSchemaFile), 'utf8')) }
      : {}),
  };
}

const sources = program.command('sources').description('list and register sources');
sources.command('list').action(async () => print(await client().request('GET', '/v1/sources')));
sources
  .command('show <sourceId>')
  .action(async (sourceId: string) => print(await client().request('GET', `/v1/sources/${sourceId}`)));
sources
  .command('register <file>')
  .description('register a source from a JSON definition (id, displayName, idField, mapping or mappingFile)')
  .action(async (file: string) =>
    print(await client().request('POST', '/v1/sources', { json: readDefinition(file) })),
  );
sources
  .command('version <sourceId> <mappingFile>')
  .description('add a new mapping version (activated unless --no-activate)')
  .option('--no-activate', 'keep the current version active')
  .option('--note <text>', 'what changed')
  .action(async (sourceId: string, mappingFile: string, opts: { activate: boolean; note?: string }) =>
    print(
      await client().request('POST', `/v1/sources/${sourceId}/versions`, {
        json: {
          mapping: readFileSync(mappingFile, 'utf8'),
          activate: opts.activate,
          ...(opts.note ? { note: opts.note } : {}),
        },
      }),
    ),
  );
sources
  .command('activate <sourceId> <version>')
  .description('make a version active again (rollback)')
  .action(async (sourceId: string, version: string) =>
    print(
      await client().request('POST', `/v1/sources/${sourceId}/activate`, {
        json: { version: Number(version) },
      }),
    ),
  );

program
  .command('dry-run <sourceId> <file>')
  .description('show what the hub makes of the first records of a file, storing nothing')
  .option('--limit <n>', 'records to try', '20')
  .option('--format <format>', 'json, ndjson or csv (default: from the file name)')
  .option('--charset <charset>', 'CSV charset (default: detected)')
  .option('--version <n>', 'try this mapping version instead of the active one')
  .action(
    async (
      sourceId: string,
      file: string,
      opts: { limit: string; format?: string; charset?: string; version?: string },
    ) => {
      const records: unknown[] = [];
      for await (const r of readRecords(
        file,
        formatOf(file, opts.format),
        opts.charset ? { charset: opts.charset } : {},
      )) {
        records.push(r);
        if (records.length >= Number(opts.limit)) break;
      }
      print(
        await client().request('POST', `/v1/sources/${sourceId}/dry-run`, {
          json: { records, ...(opts.version ? { version: Number(opts.version) } : {}) },
        }),
      );
    },
  );

program
  .command('ingest <sourceId> <file>')
  .description('send every record of a file (resumable); rejected ones are listed in a file beside it')
  .option('--format <format>', 'json, ndjson or csv (default: from the file name)')
  .option('--charset <charset>', 'CSV charset (default: detected, UTF-8 or GB18030)')
  .option('--batch <n>', 'records per request', '500')
  .option('--rejected <file>', 'where to list rejected records (default: <file>.rejected.ndjson)')
  .option('--quiet', 'no progress bar')
  .action(
    async (
      sourceId: string,
      file: string,
      opts: { format?: string; charset?: string; batch: string; rejected?: string; quiet?: boolean },
    ) => {
      await ingestFile(client(), {
        sourceId,
        file,
        format: formatOf(file, opts.format),
        ...(opts.charset ? { charset: opts.charset } : {}),
        batchSize: Math.max(1, Math.min(5000, Number(opts.batch))),
        rejectedFile: opts.rejected ?? `${file}.rejected.ndjson`,
        quiet: Boolean(opts.quiet),
      });
    },
  );

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof HubError || error instanceof Error ? error.message : error);
  process.exit(1);
});
