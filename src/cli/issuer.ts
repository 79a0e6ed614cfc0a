/**
 * `trustbridge issuer`: the GitLab-compatible issuer alone. `serve` (the default) runs it over
 * HTTPS; `rotate` moves the key ring one step; `export DIR` writes discovery and JWKS as static
 * files for a public host (GitLab issue 391928).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseDuration } from '../issuer/duration.js';
import { exportStaticIssuer } from '../issuer/export.js';
import { normaliseIssuerUrl, recordedIssuerUrl } from '../issuer/issuer-settings.js';
import { KeyRing } from '../issuer/keyring.js';
import { startIssuer } from '../issuer/server.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { InvalidInputError } from '../errors.js';
import { NoIssuerUrlError } from '../issuer/errors.js';

export const DEFAULT_ISSUER_PORT = 8443;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidInputError(`invalid port "${value}"`);
  return n;
}

function describeRing(keyring: KeyRing): string {
  return keyring
    .summary()
    .map((k) => `  ${k.state.padEnd(8)} ${k.kid}${k.maxExp !== null ? `  (tokens until ${new Date(k.maxExp * 1000).toISOString()})` : ''}`)
    .join('\n');
}

export function register(program: Command): void {
  const issuer = program
    .command('issuer')
    .addHelpText(
      'after',
      `
Examples:
  $ trustbridge issuer --dir .trustbridge            # serve on https://localhost:8443
  $ trustbridge issuer rotate --dir .trustbridge
  $ trustbridge issuer export ./public --url https://issuer.example.com`,
    );

  issuer
    .command('serve', { isDefault: true })
    .description('Serve discovery and JWKS over HTTPS (the default subcommand)')
    .option('--dir <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--port <port>', 'HTTPS port (0 picks a free one)', port, DEFAULT_ISSUER_PORT)
    .option('--host <address>', 'listen address', 'localhost')
    .option('--url <url>', "issuer URL for iss and discovery (GitLab's ci_id_tokens_issuer_url); default https://localhost:PORT")
    .option('--rotate-every <duration>', 'rotate the signing key on this schedule (e.g. 30d)', parseDuration)
    .option('--log', 'log requests')
    .addHelpText(
      'after',
      `
Examples:
  $ trustbridge issuer --dir .trustbridge --port 8443
  $ trustbridge issuer --url https://issuer.example.com --rotate-every 30d`,
    )
    .action(async (options: { dir: string; port: number; host: string; url?: string; rotateEvery?: number; log?: boolean }) => {
      const running = await startIssuer({
        dir: options.dir,
        port: options.port,
        host: options.host,
        url: options.url,
        rotateEverySeconds: options.rotateEvery,
        onRotate: (kid) => process.stderr.write(`rotated: ${kid} now signs\n`),
        logger: options.log ?? false,
      });
      process.stdout.write(
        `issuer ${running.url} (listening on ${options.host}:${running.port})\n` +
          `  discovery  ${running.url}/.well-known/openid-configuration\n` +
          `  CA         ${resolve(running.caFile)}\n` +
          `keys:\n${describeRing(running.keyring)}\n`,
      );
      const stop = (): void => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  issuer
    .command('rotate')
    .description('Promote the published next key to signing, retire the current one, publish a new next key')
    .option('--dir <dir>', 'data directory', DEFAULT_DATA_DIR)
    .addHelpText(
      'after',
      `
The promoted key was published in the JWKS when it was created. Relying parties may cache
the JWKS for up to 24 h (GitLab sends max-age=86400); most refetch on an unknown kid, but to be
safe with all of them rotate at most once a day. Retired keys stay in the JWKS until every
token they signed has expired.

Example:
  $ trustbridge issuer rotate --dir .trustbridge`,
    )
    .action((options: { dir: string }) => {
      const keyring = KeyRing.open(options.dir);
      keyring.rotate();
      process.stdout.write(`${describeRing(keyring)}\n`);
    });

  issuer
    .command('export <out-dir>')
    .description('Write discovery and JWKS as static files for a public host (GitLab issue 391928)')
    .option('--dir <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--url <url>', 'the public URL the files will be served from (default: the recorded issuer URL)')
    .addHelpText(
      'after',
      `
Upload <out-dir> so that <url>/.well-known/openid-configuration and
<url>/oauth/discovery/keys serve the files, then mint with the same URL as iss
(trustbridge issuer --url <url>, or trustbridge token --url <url>). Re-export after each rotation.

Example:
  $ trustbridge issuer export ./public --url https://my-bucket.s3.eu-west-1.amazonaws.com`,
    )
    .action((outDir: string, options: { dir: string; url?: string }) => {
      const url = options.url !== undefined ? normaliseIssuerUrl(options.url) : recordedIssuerUrl(options.dir);
      if (url === undefined) throw new NoIssuerUrlError('pass --url: no issuer URL is recorded in the data directory');
      for (const file of exportStaticIssuer(KeyRing.open(options.dir), url, outDir)) process.stdout.write(`${file}\n`);
    });
}
