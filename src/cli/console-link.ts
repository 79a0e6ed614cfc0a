/**
 * `trustbridge console-link`: a fresh one-time sign-in link to the web console of the stack in
 * --dir (the one `up` or `serve` runs there). The link is minted here, under the stack's master
 * key, so the server need not be asked; it works once and expires after 10 minutes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { mintSignInToken, signInLink } from '../console/sign-in-link.js';
import { MasterKey } from '../store/master-key.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { readEnvFile } from '../workspace/env-file.js';

interface ConsoleLinkOptions {
  dir: string;
  endpoint?: string;
}

export function register(program: Command): void {
  program
    .command('console-link')
    .option('--dir <dir>', 'data directory of the stack (its master key and env file)', DEFAULT_DATA_DIR)
    .option('--endpoint <url>', 'the API URL the browser should open (default: AWS_ENDPOINT_URL in --dir\'s env file)')
    .addHelpText('after', `
Example:
  trustbridge console-link                 # the stack of trustbridge up in .trustbridge
  trustbridge console-link --dir /srv/tb --endpoint https://trustbridge.example.com`)
    .action((opts: ConsoleLinkOptions) => {
      const endpoint = opts.endpoint ?? readEnvFile(opts.dir)['AWS_ENDPOINT_URL'];
      if (endpoint === undefined) throw new Error(`no stack has run in ${opts.dir}: start one with \`trustbridge up --dir ${opts.dir}\`, or pass --dir or --endpoint`);
      if (!existsSync(join(opts.dir, 'master.key'))) throw new Error(`${opts.dir} has no master key: pass the --dir the server uses`);
      process.stdout.write(`${signInLink(endpoint, mintSignInToken(MasterKey.loadOrCreate(opts.dir), new Date()))}\n`);
    });
}
