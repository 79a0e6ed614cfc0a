/**
 * `trustbridge provider set-keys|clear-keys`: give an OIDC provider a static JWKS, so STS
 * verifies tokens from an issuer it cannot reach (GitLab issue 391928: a self-managed GitLab
 * behind a firewall), or go back to fetching keys from the issuer. Calls Trustbridge's
 * admin-only IAM extension SetOpenIDConnectProviderStaticKeys with the signed Query client.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { QueryCallError } from '../aws/query-client.js';
import { clientFor, resolveConnection } from '../workspace/connection.js';

interface ConnectionOptions {
  dir?: string;
}

async function setStaticKeys(arn: string, jwks: string, opts: ConnectionOptions): Promise<void> {
  const client = clientFor(resolveConnection(process.env, opts.dir));
  try {
    await client.call('iam', 'SetOpenIDConnectProviderStaticKeys', { OpenIDConnectProviderArn: arn, Jwks: jwks });
  } catch (err) {
    if (!(err instanceof QueryCallError)) throw err;
    // The AWS CLI's own line, on stderr, with its non-zero status.
    process.stderr.write(`\n${err.message}\n`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  const provider = program
    .command('provider')
    .addHelpText('after', `
Example:
  trustbridge provider set-keys --arn "$PROVIDER_ARN" --jwks gitlab-jwks.json`);

  provider
    .command('set-keys')
    .description('Verify tokens of this provider with a fixed JWKS instead of fetching the issuer\'s keys.')
    .requiredOption('--arn <arn>', 'the OIDC provider ARN')
    .requiredOption('--jwks <file>', 'a JWKS document ({"keys":[…]}), e.g. the issuer\'s /oauth/discovery/keys')
    .option('--dir <dir>', 'use the endpoint and admin key from DIR/env (default: the AWS_* environment, then .trustbridge/env)')
    .addHelpText('after', `
Example (GitLab issue 391928: an issuer STS cannot reach):
  curl -s https://gitlab.internal.example/oauth/discovery/keys > gitlab-jwks.json
  trustbridge provider set-keys --arn arn:aws:iam::000000000000:oidc-provider/gitlab.internal.example --jwks gitlab-jwks.json

The keys are not refreshed: run it again after the issuer rotates its signing key.`)
    .action(async (opts: ConnectionOptions & { arn: string; jwks: string }) => {
      const jwks = readFileSync(opts.jwks, 'utf8').trim();
      await setStaticKeys(opts.arn, jwks, opts);
      if (process.exitCode === undefined) process.stdout.write(`Static keys set on ${opts.arn}\n`);
    });

  provider
    .command('clear-keys')
    .description('Remove a provider\'s static JWKS: STS fetches the issuer\'s keys again.')
    .requiredOption('--arn <arn>', 'the OIDC provider ARN')
    .option('--dir <dir>', 'use the endpoint and admin key from DIR/env (default: the AWS_* environment, then .trustbridge/env)')
    .addHelpText('after', `
Example:
  trustbridge provider clear-keys --arn arn:aws:iam::000000000000:oidc-provider/gitlab.internal.example`)
    .action(async (opts: ConnectionOptions & { arn: string }) => {
      // An empty Jwks clears the keys (SetOpenIDConnectProviderStaticKeys, src/iam/oidc-providers.ts).
      await setStaticKeys(opts.arn, '', opts);
      if (process.exitCode === undefined) process.stdout.write(`Static keys cleared on ${opts.arn}\n`);
    });
}
