/**
 * `trustbridge serve`: the IAM/STS API alone. Many nodes can share one PostgreSQL store; session
 * credentials are stateless, so any node verifies any session.
 */
import type { Command } from 'commander';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, startApi, type ApiOptions, type RunningApi } from '../stack/api.js';
import { warnIfShared } from './data-dir.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { writeEnvFile } from '../workspace/env-file.js';
import { givenAdminKeyOption } from './admin-key-options.js';
import { parsePort, untilSignal } from './process.js';
import { isServeWorker, keysOfPrimary, reportReady, runPrimary } from './serve-workers.js';
import { InvalidInputError } from '../errors.js';
import { MASTER_KEY_FILE_OPTION } from './master-key-option.js';
import { RATE_LIMIT_HELP, rateLimitOptions, unverifiedCallLimit, type RateLimitFlags } from './rate-limit-options.js';
import { addLogOptions, logApiOptions, type LogFlags } from './log-options.js';

export interface ServeOptions extends RateLimitFlags, LogFlags {
  dir: string;
  port: number;
  host: string;
  store?: string;
  account: string;
  ca: string[];
  allowPrivateIssuers?: boolean;
  workers?: number;
  masterKeyFile?: string;
  adminAccessKeyId?: string;
  adminSecretAccessKey?: string;
}

export function apiEnv(api: RunningApi): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: api.url,
    AWS_ACCESS_KEY_ID: api.adminKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: api.adminKey.secretAccessKey,
    AWS_DEFAULT_REGION: DEFAULT_REGION,
  };
}

export function register(program: Command): void {
  const command = addLogOptions(program.command('serve'))
    .option('--dir <dir>', 'data directory: master key, SQLite store, env file', DEFAULT_DATA_DIR)
    .option('--port <port>', 'port to listen on', parsePort, 8400)
    .option('--host <host>', 'address to bind (loopback unless you choose otherwise)', '127.0.0.1')
    .option('--store <url>', 'sqlite:PATH or postgres://… (default: sqlite in --dir)')
    .option('--account <id>', 'the 12-digit account id', DEFAULT_ACCOUNT)
    .option('--ca <file>', 'extra CA certificate trusted for issuers (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--allow-private-issuers', 'let STS fetch keys from loopback/private addresses (off: SSRF guard)')
    .option('--workers <n>', 'processes sharing the port, e.g. one per core (default 1)', (v) => Number.parseInt(v, 10))
    .option('--admin-access-key-id <id>', 'use this admin access key ID instead of a generated one (env TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID)')
    .option('--admin-secret-access-key <secret>', 'its secret (env TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY); test set-ups only when short')
    .option(...MASTER_KEY_FILE_OPTION);
  rateLimitOptions(command)
    .addHelpText(
      'after',
      `
Example:
  trustbridge serve --port 8400 --store postgres://postgres@127.0.0.1:5432/test --workers 2
  source .trustbridge/env && aws iam list-roles

  # A cluster node: every node gets the same master key
  TRUSTBRIDGE_MASTER_KEY="$(cat /run/secrets/trustbridge-master-key)" trustbridge serve --store postgres://db/trustbridge

A compose file or CI job with fixed keys, as with LocalStack:
  TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID=test TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY=test trustbridge serve --host 0.0.0.0
${RATE_LIMIT_HELP}`,
    )
    .action(async (opts: ServeOptions) => {
      if (!/^\d{12}$/.test(opts.account)) throw new InvalidInputError('--account must be 12 digits');
      warnIfShared(opts.dir);
      const workers = opts.workers ?? 1;
      if (!Number.isInteger(workers) || workers < 1) throw new InvalidInputError('--workers must be a whole number of at least 1');
      const options: ApiOptions = {
        dir: opts.dir,
        port: opts.port,
        host: opts.host,
        accountId: opts.account,
        caFiles: opts.ca,
        allowPrivateIssuers: opts.allowPrivateIssuers ?? false,
        ...logApiOptions(opts),
        logLevel: isServeWorker() ? 'warn' : 'info',
        ...givenAdminKeyOption(opts, !isServeWorker()),
        ...(opts.store !== undefined ? { storeUrl: opts.store } : {}),
        ...(opts.masterKeyFile !== undefined ? { masterKeyFile: opts.masterKeyFile } : {}),
        unverifiedCallLimit: unverifiedCallLimit(opts),
        // Workers copy their primary's JWKS sets rather than each fetching them.
        ...(isServeWorker() ? { tokenKeys: keysOfPrimary() } : {}),
      };
      if (workers > 1 && !isServeWorker()) {
        await runPrimary({ ...options, workers });
        return;
      }
      const api = await startApi(options);
      if (isServeWorker()) {
        reportReady(api.url);
      } else {
        const envPath = writeEnvFile(opts.dir, apiEnv(api));
        process.stdout.write(`IAM/STS API listening on ${api.url}\nCredentials for the AWS CLI: source ${envPath}\n`);
      }
      await untilSignal();
      await api.close();
      // A cluster worker's IPC channel to the primary keeps its event loop alive: leave explicitly.
      if (isServeWorker()) process.exit(0);
    });
}
