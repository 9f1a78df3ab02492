/** The hub's configuration: the only module that reads process.env, validated once with zod. */
import { z } from 'zod';
import { parseAllowlist } from './events/ssrf-guard.js';

/** Comma-separated host names, IPs and CIDRs webhooks may reach although private (checked by ssrf-guard.ts). */
const webhookAllowlist = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    try {
      parseAllowlist(entries);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
    return entries;
  });

/** Requests per minute per API key (0: no limit) and how many may come at once (see http/middleware/rate-limit.ts). */
const rateLimitEnv = {
  QIAO_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  QIAO_RATE_LIMIT_BURST: z.coerce.number().int().positive().optional(),
};

const localSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  QIAO_DATA_DIR: z.string().min(1).default('.data'),
  QIAO_ADMIN_KEY: z.string().min(20, 'QIAO_ADMIN_KEY must be at least 20 characters').optional(),
  QIAO_BLIND_INDEX_KEY: z.string().min(32, 'QIAO_BLIND_INDEX_KEY must be at least 32 characters').optional(),
  QIAO_DYNAMODB_ENDPOINT: z.string().url().optional(),
  QIAO_TABLE_NAME: z.string().min(1).default('qiao-hub'),
  QIAO_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  QIAO_PUBLIC_URL: z.string().url().optional(),
  QIAO_WEBHOOK_ALLOWLIST: webhookAllowlist,
  ...rateLimitEnv,
});

const awsSchema = z.object({
  QIAO_TABLE_NAME: z.string().min(1),
  // Each function is given only what its grants allow (see infra/); the deps fail loudly if one is used without it.
  QIAO_INGEST_QUEUE_URL: z.string().min(1).optional(),
  QIAO_EVENT_BUS_NAME: z.string().min(1).optional(),
  QIAO_BLIND_INDEX_SECRET_ARN: z.string().min(1).optional(),
  QIAO_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(6 * 1024 * 1024),
  QIAO_PUBLIC_URL: z.string().url().optional(),
  QIAO_WEBHOOK_ALLOWLIST: webhookAllowlist,
  // Subscriptions (see infra/constructs/delivery.ts): the api function manages rules, the deliver function delivers.
  QIAO_SUBSCRIPTION_BUS_NAME: z.string().min(1).optional(),
  QIAO_SUBSCRIPTION_RULE_PREFIX: z.string().min(1).optional(),
  QIAO_DELIVERY_QUEUE_ARN: z.string().min(1).optional(),
  QIAO_DELIVERY_QUEUE_URL: z.string().min(1).optional(),
  ...rateLimitEnv,
});

export type LocalConfig = z.infer<typeof localSchema>;
export type AwsConfig = z.infer<typeof awsSchema>;

export class ConfigError extends Error {}

/** The HTTP rate limit a configuration asks for; undefined when QIAO_RATE_LIMIT=0 turns it off. */
export function rateLimitOf(config: Pick<LocalConfig, 'QIAO_RATE_LIMIT' | 'QIAO_RATE_LIMIT_BURST'>) {
  if (config.QIAO_RATE_LIMIT === 0) return undefined;
  return {
    perMinute: config.QIAO_RATE_LIMIT,
    ...(config.QIAO_RATE_LIMIT_BURST ? { burst: config.QIAO_RATE_LIMIT_BURST } : {}),
  };
}

function parse<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return parse(localSchema, env);
}

export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  return parse(awsSchema, env);
}
