/**
 * `trustbridge token`: one CI/CD ID token on stdout, as GitLab would give a job with these
 * facts, signed by the issuer's current key in the data directory.
 */
import type { Command } from 'commander';
import { parseDuration } from '../issuer/duration.js';
import { normaliseIssuerUrl, recordedIssuerUrl } from '../issuer/issuer-settings.js';
import { addJobOptions, jobInputFromOptions, type JobOptionValues } from '../issuer/job-options.js';
import { buildJobContext } from '../issuer/job-input.js';
import { KeyRing } from '../issuer/keyring.js';
import { mintToken } from '../issuer/mint.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { InvalidInputError } from '../errors.js';
import { NoIssuerUrlError } from '../issuer/errors.js';

interface TokenOptions extends JobOptionValues {
  dir: string;
  url?: string;
  aud?: string[];
  claim?: Record<string, unknown>;
  ttl?: number;
  jobName: string;
}

/** `k=v` sets a string claim; `k:=JSON` sets any JSON value (e.g. `runner_id:=42`, `groups_direct:=["a"]`). */
function claim(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const json = /^([^=:]+):=(.*)$/s.exec(value);
  const text = /^([^=]+)=(.*)$/s.exec(value);
  const [name, parsed] = json ? [json[1], JSON.parse(json[2] ?? '') as unknown] : text ? [text[1], text[2]] : [undefined, undefined];
  if (name === undefined) throw new InvalidInputError(`expected NAME=VALUE or NAME:=JSON, got "${value}"`);
  return { ...previous, [name]: parsed };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  const command = program
    .command('token')
    .option('--dir <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--url <url>', "the token's iss (default: the URL of the issuer serving --dir)")
    .option('--aud <audience>', 'aud; repeat for an array (default: the issuer URL)', collect)
    .option('--claim <name=value>', 'add or replace a claim; NAME:=JSON for non-strings (repeatable)', claim)
    .option('--ttl <duration>', 'lifetime (default: the job timeout, 3600 s)', parseDuration)
    .option('--job-name <name>', 'CI_JOB_NAME (not a claim; for symmetry with run)', 'job');
  addJobOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ trustbridge token --project mygroup/myproject --ref main
  $ trustbridge token --ref v1.2.0 --ref-type tag --aud sts.amazonaws.com --ttl 15m
  $ trustbridge token --ref feature --mr-iid 7 --environment review/feature
  $ export GITLAB_OIDC_TOKEN=$(trustbridge token --dir .trustbridge)`,
    )
    .action((options: TokenOptions) => {
      const recorded = recordedIssuerUrl(options.dir);
      const iss = options.url !== undefined ? normaliseIssuerUrl(options.url) : recorded;
      if (iss === undefined) throw new NoIssuerUrlError(`no issuer has run in ${options.dir}: start one (trustbridge up / issuer) or pass --url`);
      const job = buildJobContext({ ...jobInputFromOptions(options, iss), jobName: options.jobName });
      const aud = options.aud === undefined ? iss : options.aud.length === 1 ? (options.aud[0] ?? iss) : options.aud;
      const token = mintToken(KeyRing.open(options.dir), job, { iss, aud, ttl: options.ttl, claims: options.claim });
      process.stdout.write(`${token}\n`);
    });
}
