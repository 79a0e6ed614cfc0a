/**
 * `trustbridge decisions`: the AssumeRoleWithWebIdentity decision log of a stack — time,
 * decision, role, subject, error code, reason — newest first; `--id ID` shows one in full.
 * The same data is served to admin keys by the IAM extension actions ListTrustbridgeDecisions /
 * GetTrustbridgeDecision, which `--endpoint URL` reads for a remote node.
 */
import type { Command } from 'commander';
import {
  EXIT_OK,
  UsageError,
  exitTwoOnUsageError,
  printJson,
  withUsageErrors,
} from '../diagnostics/cli-support.js';
import { parseSince, renderDecisionTable, renderExplanation, styleFor } from '../diagnostics/index.js';
import { openDecisionSource } from '../diagnostics/remote/index.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';

interface DecisionsOptions {
  dir: string;
  store?: string;
  endpoint?: string;
  denied?: boolean;
  role?: string;
  since?: string;
  limit?: string;
  id?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('decisions')
    .option('--dir <dir>', 'Trustbridge data directory of the stack', DEFAULT_DATA_DIR)
    .option('--store <url>', 'store URL when not the one in --dir (sqlite:PATH or postgres://…)')
    .option('--endpoint <url>', 'a remote node\'s API instead of a store (admin key from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --dir\'s env)')
    .option('--denied', 'only denied decisions')
    .option('--role <role>', 'only this role (ARN, or a role name)')
    .option('--since <time>', 'only decisions since this ISO-8601 time or duration ago (15m, 2h, 7d)')
    .option('--limit <n>', 'at most this many, newest first', '100')
    .option('--id <id>', 'show one decision in full (steps, claims, trust-policy trace)')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', `
Examples:
  trustbridge decisions --denied --since 1h
  trustbridge decisions --role gitlab-deploy --limit 5 --json
  trustbridge decisions --id 5f0c…          (same as: trustbridge explain --decision 5f0c…)

  # A remote node, through its admin API (no store access; at most 1000 per call):
  AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… trustbridge decisions --endpoint https://trustbridge.example.com --denied

Exit status: 0, or 2 on a usage error.`)
    .action(withUsageErrors((opts: DecisionsOptions, cmd: Command) => runDecisions(opts, cmd.getOptionValueSource('dir') === 'cli')));
  exitTwoOnUsageError(command);
}

async function runDecisions(opts: DecisionsOptions, dirGiven: boolean): Promise<number> {
  const limit = Number(opts.limit ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, got ${opts.limit}`);
  const since = opts.since === undefined ? undefined : parseSince(opts.since, new Date());
  if (opts.since !== undefined && since === undefined) throw new UsageError(`--since must be an ISO-8601 time or a duration such as 15m, 2h, 7d; got ${JSON.stringify(opts.since)}`);
  const source = await openDecisionSource({ ...opts, dirGiven, env: process.env });
  try {
    const style = styleFor(process.stdout);
    if (opts.id !== undefined) {
      const view = await source.get(opts.id);
      if (view === undefined) throw new UsageError(`no decision ${opts.id} in the log`);
      if (opts.json === true) printJson(view);
      else process.stdout.write(renderExplanation(view, style));
      return EXIT_OK;
    }
    const rows = await source.list({ deniedOnly: opts.denied === true, role: opts.role, since, limit });
    if (opts.json === true) printJson({ decisions: rows });
    else process.stdout.write(renderDecisionTable(rows, style));
    return EXIT_OK;
  } finally {
    await source.close();
  }
}
