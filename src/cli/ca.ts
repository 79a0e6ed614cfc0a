/**
 * `trustbridge ca`: the path of the local CA certificate the issuer's HTTPS certificate chains
 * to, created on first use, for AWS_CA_BUNDLE / NODE_EXTRA_CA_CERTS / `serve --ca`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ensureLocalTls } from '../issuer/tls/local-ca.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';

export function register(program: Command): void {
  program
    .command('ca')
    .option('--dir <dir>', 'data directory', DEFAULT_DATA_DIR)
    .addHelpText(
      'after',
      `
Examples:
  $ trustbridge ca --dir .trustbridge
  $ export AWS_CA_BUNDLE=$(trustbridge ca) NODE_EXTRA_CA_CERTS=$(trustbridge ca)`,
    )
    .action((options: { dir: string }) => {
      process.stdout.write(`${resolve(ensureLocalTls(options.dir).caFile)}\n`);
    });
}
