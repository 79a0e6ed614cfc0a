/**
 * `trustbridge run`: runs one job of a .gitlab-ci.yml locally with its `id_tokens` minted by
 * the issuer in the data directory; exits with the job's exit code.
 */
import type { Command } from 'commander';
import { CiConfigError } from '../issuer/ci/config-file.js';
import { runJob } from '../issuer/ci/run-job.js';
import { normaliseIssuerUrl, recordedIssuerUrl } from '../issuer/issuer-settings.js';
import { addJobOptions, jobInputFromOptions, type JobOptionValues } from '../issuer/job-options.js';
import { KeyRing } from '../issuer/keyring.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { InvalidInputError } from '../errors.js';
import { NoIssuerUrlError } from '../issuer/errors.js';

interface RunOptions extends JobOptionValues {
  job: string;
  dir: string;
  url?: string;
  var?: Record<string, string>;
}

function variable(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidInputError(`expected NAME=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function register(program: Command): void {
  const command = program
    .command('run [file]')
    .requiredOption('--job <name>', 'the job to run')
    .option('--dir <dir>', 'data directory of the issuer that signs the tokens', DEFAULT_DATA_DIR)
    .option('--url <url>', 'iss of the tokens (default: the URL of the issuer serving --dir)')
    .option('--var <name=value>', 'a CI/CD variable that outranks the file (repeatable); the caller\'s environment passes through too', variable);
  addJobOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ source .trustbridge/env     # ROLE_ARN, AWS_ENDPOINT_URL, … pass through to the job
  $ trustbridge run .gitlab-ci.yml --job "assume role"
  $ trustbridge run --job deploy --ref v1.0.0 --ref-type tag --var DEPLOY_ENV=prod`,
    )
    .action(async (file: string | undefined, options: RunOptions) => {
      const recorded = recordedIssuerUrl(options.dir);
      const iss = options.url !== undefined ? normaliseIssuerUrl(options.url) : recorded;
      if (iss === undefined) throw new NoIssuerUrlError(`no issuer has run in ${options.dir}: start one (trustbridge up / issuer) or pass --url`);
      try {
        process.exitCode = await runJob({
          file: file ?? '.gitlab-ci.yml',
          jobName: options.job,
          keyring: KeyRing.open(options.dir),
          issuerUrl: iss,
          job: jobInputFromOptions(options, iss),
          overrides: options.var ?? {},
          baseEnv: process.env,
          stdout: process.stdout,
          stderr: process.stderr,
          color: process.stdout.isTTY === true,
        });
      } catch (err) {
        if (!(err instanceof CiConfigError)) throw err;
        // GitLab reports an invalid file before any job runs; so do we, with its wording.
        process.stderr.write(`ERROR: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
}
