/**
 * `trustbridge assume`: the tutorial's `aws sts assume-role-with-web-identity` step as one
 * command. It speaks plain awsQuery (unsigned, as AWS defines the action) with
 * `Accept: application/json`, which both Trustbridge and real STS answer, so it works against
 * either.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { readEnvFile } from '../workspace/env-file.js';
import { TrustbridgeError } from '../errors.js';
import { InvalidInputError } from '../errors.js';

interface AssumedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO-8601, normalised from STS's JSON epoch seconds. */
  Expiration: string;
}

interface AssumeResult {
  Credentials: AssumedCredentials;
  AssumedRoleUser?: { Arn: string; AssumedRoleId: string };
  SubjectFromWebIdentityToken?: string;
  Provider?: string;
  Audience?: string;
}

export class StsCallError extends TrustbridgeError {
  constructor(
    /** AWS's error code, from STS's answer. */
    override readonly code: string,
    readonly awsMessage: string,
    readonly decisionId: string | undefined,
  ) {
    // The same line the AWS CLI prints, so people can search for it.
    super(`An error occurred (${code}) when calling the AssumeRoleWithWebIdentity operation: ${awsMessage}`);
  }
}

/** STS could not be reached, or answered with something that is not STS's JSON. */
export class StsEndpointError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_STS_ENDPOINT';
  override readonly code = StsEndpointError.code;
}

export interface AssumeRequest {
  endpoint: string;
  roleArn: string;
  token: string;
  sessionName: string;
  durationSeconds?: number;
}

export async function assumeRoleWithWebIdentity(request: AssumeRequest): Promise<AssumeResult> {
  const form = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: request.roleArn,
    RoleSessionName: request.sessionName,
    WebIdentityToken: request.token,
  });
  if (request.durationSeconds !== undefined) form.set('DurationSeconds', String(request.durationSeconds));
  let response: Response;
  try {
    response = await fetch(request.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new StsEndpointError(`could not reach STS at ${request.endpoint} (${cause}). Is \`trustbridge up\` running? Otherwise set --endpoint or AWS_ENDPOINT_URL.`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new StsEndpointError(`${request.endpoint} answered HTTP ${response.status} with a body that is not JSON; is it an STS endpoint?`);
  }
  const decisionId = response.headers.get('x-trustbridge-decision-id') ?? undefined;
  if (!response.ok) {
    const error = (body as { Error?: { Code?: string; Message?: string } }).Error;
    throw new StsCallError(error?.Code ?? `HTTP${response.status}`, error?.Message ?? text, decisionId);
  }
  const result = (body as { AssumeRoleWithWebIdentityResponse?: { AssumeRoleWithWebIdentityResult?: AssumeResult } })
    .AssumeRoleWithWebIdentityResponse?.AssumeRoleWithWebIdentityResult;
  if (!result?.Credentials) throw new StsEndpointError(`${request.endpoint} answered without credentials`);
  const expiration = result.Credentials.Expiration as unknown;
  const expiresAt = typeof expiration === 'number' ? new Date(expiration * 1000) : new Date(String(expiration));
  return { ...result, Credentials: { ...result.Credentials, Expiration: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') } };
}

export type OutputFormat = 'env' | 'json' | 'credential-process' | 'text';

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

export function formatCredentials(result: AssumeResult, format: OutputFormat): string {
  const c = result.Credentials;
  switch (format) {
    case 'env':
      return [
        `export AWS_ACCESS_KEY_ID=${shellQuote(c.AccessKeyId)}`,
        `export AWS_SECRET_ACCESS_KEY=${shellQuote(c.SecretAccessKey)}`,
        `export AWS_SESSION_TOKEN=${shellQuote(c.SessionToken)}`,
      ].join('\n');
    case 'json':
      return JSON.stringify(result, null, 2);
    case 'credential-process':
      // The shape the AWS SDKs expect from a `credential_process` program.
      return JSON.stringify({ Version: 1, ...c });
    case 'text':
      // What the tutorial's `--query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text` prints.
      return [c.AccessKeyId, c.SecretAccessKey, c.SessionToken].join('\t');
  }
}

function resolveEndpoint(flag: string | undefined, dir: string): string {
  const fromEnv = process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL ?? readEnvFile(dir).AWS_ENDPOINT_URL;
  return flag ?? fromEnv ?? 'https://sts.amazonaws.com';
}

export function register(program: Command): void {
  program
    .command('assume')
    .requiredOption('--role-arn <arn>', 'the role to assume')
    .option('--token <jwt>', 'the ID token')
    .option('--token-file <file>', 'read the ID token from a file (as AWS_WEB_IDENTITY_TOKEN_FILE)')
    .option('--endpoint <url>', 'STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, D/env, then AWS)')
    .option('--dir <dir>', 'Trustbridge data directory, for its endpoint', DEFAULT_DATA_DIR)
    .option('--session-name <name>', 'role session name', 'trustbridge')
    .option('--duration <seconds>', 'session duration in seconds (900-43200)', (v) => Number.parseInt(v, 10))
    .option('--format <format>', 'env | json | credential-process | text', 'env')
    .addHelpText(
      'after',
      `
Example:
  eval "$(trustbridge assume --role-arn "$ROLE_ARN" --token "$(trustbridge token --project mygroup/myproject --ref main)")"
  aws sts get-caller-identity

When STS says no, the decision id it returns can be explained:
  trustbridge explain --decision <id>`,
    )
    .action(async (opts: { roleArn: string; token?: string; tokenFile?: string; endpoint?: string; dir: string; sessionName: string; duration?: number; format: string }) => {
      const formats: OutputFormat[] = ['env', 'json', 'credential-process', 'text'];
      if (!formats.includes(opts.format as OutputFormat)) throw new InvalidInputError(`--format must be one of ${formats.join(', ')}`);
      // A file written by `echo "$TOKEN" > file` (GitLab's recipe) ends in a newline that is not part of the token.
      const token = (opts.token ?? (opts.tokenFile !== undefined ? readFileSync(opts.tokenFile, 'utf8') : undefined))?.trim();
      if (token === undefined || token === '') throw new InvalidInputError('give the ID token with --token or --token-file');
      try {
        const result = await assumeRoleWithWebIdentity({
          endpoint: resolveEndpoint(opts.endpoint, opts.dir),
          roleArn: opts.roleArn,
          token,
          sessionName: opts.sessionName,
          ...(opts.duration !== undefined ? { durationSeconds: opts.duration } : {}),
        });
        process.stdout.write(formatCredentials(result, opts.format as OutputFormat) + '\n');
      } catch (err) {
        if (!(err instanceof StsCallError)) throw err;
        process.stderr.write(`${err.message}\n`);
        if (err.decisionId !== undefined) {
          process.stderr.write(`To see why: trustbridge explain --decision ${err.decisionId}\n`);
        }
        process.exitCode = 1;
      }
    });
}
