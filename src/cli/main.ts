#!/usr/bin/env node
/**
 * The `trustbridge` command. Each subcommand lives in its own file and registers itself
 * through `commands.ts`, so adding a command touches one line here and nothing else.
 */
import { Command } from 'commander';
import { registerCommands } from './commands.js';
import { restrictCreatedFiles } from './data-dir.js';

// Keys, the store and the decision log are nobody else's business (issue 10, finding 8).
restrictCreatedFiles();

const program = new Command('trustbridge')
  .description('Keyless CI credentials, self-hosted: a GitLab-compatible ID-token issuer and an AWS-compatible IAM + STS.')
  .showHelpAfterError('(run with --help for usage and examples)');

registerCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`trustbridge: ${message}\n`);
  process.exit(2);
});
