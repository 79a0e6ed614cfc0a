/**
 * `trustbridge up`: the whole loop on one machine. The issuer (HTTPS, local CA) and the IAM/STS
 * API in one process; on first start, the tutorial's provider and role; `D/env` for the AWS CLI.
 */
import type { Command } from 'commander';
import { startIssuer } from '../issuer/server.js';
import { DEFAULT_ACCOUNT, startApi } from '../stack/api.js';
import { bootstrapTutorial } from '../stack/bootstrap.js';
import { warnIfShared } from './data-dir.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { writeEnvFile } from '../workspace/env-file.js';
import { givenAdminKeyOption } from './admin-key-options.js';
import { parsePort, untilSignal } from './process.js';
import { apiEnv } from './serve.js';
import { InvalidInputError } from '../errors.js';
import { MASTER_KEY_FILE_OPTION } from './master-key-option.js';
import { RATE_LIMIT_HELP, rateLimitOptions, unverifiedCallLimit, type RateLimitFlags } from './rate-limit-options.js';
import { addLogOptions, logApiOptions, type LogFlags } from './log-options.js';

interface UpOptions extends RateLimitFlags, LogFlags {
  dir: string;
  apiPort: number;
  issuerPort: number;
  account: string;
  issuerUrl?: string;
  masterKeyFile?: string;
  adminAccessKeyId?: string;
  adminSecretAccessKey?: string;
}

export function register(program: Command): void {
  const command = addLogOptions(program.command('up'))
    .option('--dir <dir>', 'data directory: keys, local CA, store, env file', DEFAULT_DATA_DIR)
    .option('--api-port <port>', 'IAM/STS API port (HTTP, loopback)', parsePort, 8400)
    .option('--issuer-port <port>', 'issuer port (HTTPS, loopback)', parsePort, 8443)
    .option('--account <id>', 'the 12-digit account id', DEFAULT_ACCOUNT)
    .option('--issuer-url <url>', 'the issuer URL put in tokens (default https://localhost:<issuer-port>)')
    .option('--admin-access-key-id <id>', 'use this admin access key ID instead of a generated one (env TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID)')
    .option('--admin-secret-access-key <secret>', 'its secret (env TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY); test set-ups only when short')
    .option(...MASTER_KEY_FILE_OPTION);
  rateLimitOptions(command)
    .addHelpText(
      'after',
      `
Example:
  trustbridge up
  source .trustbridge/env
  eval "$(trustbridge assume --role-arn "$ROLE_ARN" --token "$(trustbridge token --project mygroup/myproject --ref main)")"
  aws sts get-caller-identity
${RATE_LIMIT_HELP}`,
    )
    .action(async (opts: UpOptions) => {
      if (!/^\d{12}$/.test(opts.account)) throw new InvalidInputError('--account must be 12 digits');
      warnIfShared(opts.dir);
      const adminKeyOption = givenAdminKeyOption(opts, true);
      const issuer = await startIssuer({
        dir: opts.dir,
        port: opts.issuerPort,
        ...(opts.issuerUrl !== undefined ? { url: opts.issuerUrl } : {}),
        ...(opts.masterKeyFile !== undefined ? { masterKeyFile: opts.masterKeyFile } : {}),
      });
      const api = await startApi({
        dir: opts.dir,
        port: opts.apiPort,
        accountId: opts.account,
        ...adminKeyOption,
        caFiles: [issuer.caFile],
        ...logApiOptions(opts),
        // The local issuer lives on loopback, which the SSRF guard refuses otherwise: exactly its
        // origin is allowed, not the other ports of the same host.
        allowPrivateOrigins: [new URL(issuer.url).origin],
        ...(opts.masterKeyFile !== undefined ? { masterKeyFile: opts.masterKeyFile } : {}),
        unverifiedCallLimit: unverifiedCallLimit(opts),
      }).catch(async (err: unknown) => {
        await issuer.close();
        throw err;
      });
      const roleArn = await bootstrapTutorial({
        iam: api.iam,
        accountId: api.accountId,
        adminKey: api.adminKey,
        issuerUrl: issuer.url,
        caFile: issuer.caFile,
      });
      const envPath = writeEnvFile(opts.dir, {
        ...apiEnv(api),
        ROLE_ARN: roleArn,
        TRUSTBRIDGE_ISSUER_URL: issuer.url,
        TRUSTBRIDGE_CA_FILE: issuer.caFile,
      });
      process.stdout.write(
        [
          `Issuer      ${issuer.url}  (CA: ${issuer.caFile})`,
          `IAM/STS     ${api.url}`,
          `Console     ${api.consoleLink()}`,
          `Role        ${roleArn}  trusts project_path:mygroup/myproject:ref_type:branch:ref:main`,
          '',
          'Next, in another terminal:',
          `  source ${envPath}`,
          '  eval "$(npx trustbridge assume --role-arn "$ROLE_ARN" --token "$(npx trustbridge token --project mygroup/myproject --ref main)")"',
          '  aws sts get-caller-identity',
          '',
          'Then try --ref feature: STS denies it, and `npx trustbridge explain --decision <id>` says why.',
          'Ctrl-C stops both servers.',
          '',
        ].join('\n'),
      );
      await untilSignal();
      await api.close();
      await issuer.close();
    });
}
