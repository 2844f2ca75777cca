/**
 * The stack's secret keys (`pulumi config set --secret`), in a module of their own so that the
 * deploy wrapper can name them without loading the Pulumi SDK.
 */

/** Keys that hold credentials: read only with `getSecret`, kept as secret Outputs end to end. */
export const SECRET_KEYS = ['groqApiKey', 'databaseUrl', 'jwtSecret', 'registryPassword', 'postgresPassword'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/**
 * The secrets a stack must hold that nobody has to choose: `npm run deploy` generates each one a
 * stack lacks (infra/deploy/stack-secrets.ts). `postgresPassword` only without `databaseUrl`.
 */
export const GENERATED_SECRETS = ['jwtSecret', 'postgresPassword'] as const satisfies readonly SecretKey[];
export type GeneratedSecret = (typeof GENERATED_SECRETS)[number];
