#!/usr/bin/env node
/**
 * The `trustbridge` command. Each subcommand lives in its own file, listed in `commands.ts`, and
 * is imported only when it is the one being run: `trustbridge --help` imports none of them.
 */
import { Command } from 'commander';
import { COMMANDS, type CommandEntry } from './commands.js';

const program = new Command('trustbridge')
  .description('Keyless CI credentials, self-hosted: a GitLab-compatible ID-token issuer and an AWS-compatible IAM + STS.')
  .showHelpAfterError('(run with --help for usage and examples)');

/** The command named on the command line (`trustbridge help X` names X), if it is one of ours. */
function requestedCommand(args: string[]): CommandEntry | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}

async function main(): Promise<void> {
  const requested = requestedCommand(process.argv.slice(2));
  if (requested === undefined) {
    // Help, or an unknown command: every command is listed (and suggested), none is loaded.
    for (const entry of COMMANDS) program.command(entry.name).description(entry.summary);
  } else {
    (await requested.load()).register(program);
    program.commands.find((command) => command.name() === requested.name)?.description(requested.summary);
  }
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`trustbridge: ${message}\n`);
  process.exit(2);
});
