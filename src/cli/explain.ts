/**
 * `trustbridge explain`: why a token may or may not assume a role — every STS step and every
 * trust-policy condition, with expected and actual values and hints. Three sources:
 *
 *   against a stack's store:  --role-arn ARN --token T [--dir D]
 *   against a remote node:    --role-arn ARN --token T --endpoint URL (admin API only)
 *   offline:                  --trust-policy FILE [--provider URL [--client-id ID]…] --token T
 *   a past decision:          --decision ID [--dir D | --endpoint URL]
 *
 * Exit 0 allowed, 1 denied, 2 usage error. --json prints the report on stdout.
 */
import type { Command } from 'commander';
import {
  EXIT_NEGATIVE,
  EXIT_OK,
  UsageError,
  collect,
  exitTwoOnUsageError,
  openStackStore,
  parseTime,
  printJson,
  readInput,
  readToken,
  withUsageErrors,
} from '../diagnostics/cli-support.js';
import { explainAssume, offlineStack, renderExplanation, styleFor, withStaticJwks, type ExplainDirectory } from '../diagnostics/index.js';
import { JwksCache, parseToken, readCaFiles } from '../oidc/index.js';
import { validatePolicyDocument } from '../policy/index.js';
import { isAwsError } from '../aws/error.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';
import { readEnvFile } from '../workspace/env-file.js';
import { connectTarget, openDecisionSource, remoteDirectory, type StackTarget } from '../diagnostics/remote/index.js';

interface ExplainOptions {
  roleArn?: string;
  token?: string;
  tokenFile?: string;
  dir: string;
  store?: string;
  endpoint?: string;
  decision?: string;
  trustPolicy?: string;
  provider: string[];
  clientId: string[];
  jwks?: string;
  skipSignature?: boolean;
  ca: string[];
  allowPrivateIssuers?: boolean;
  sessionName?: string;
  now?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('explain')
    .option('--role-arn <arn>', 'the role (required against a stack; offline it defaults to a role in the policy\'s account)')
    .option('--token <jwt>', 'the ID token')
    .option('--token-file <file>', 'read the ID token from a file ("-" for stdin)')
    .option('--dir <dir>', 'Trustbridge data directory of the stack', DEFAULT_DATA_DIR)
    .option('--store <url>', 'store URL when not the one in --dir (sqlite:PATH or postgres://…)')
    .option('--endpoint <url>', 'a remote node\'s API instead of a store (admin key from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --dir\'s env)')
    .option('--decision <id>', 'explain a past decision from the decision log (the x-trustbridge-decision-id STS returned)')
    .option('--trust-policy <file>', 'offline: judge against this trust policy instead of a stack\'s role')
    .option('--provider <url>', 'offline: a registered OIDC provider URL (repeatable; default: the token\'s iss)', collect, [])
    .option('--client-id <id>', 'offline: a client ID (audience) of the providers (repeatable; default: the provider URL)', collect, [])
    .option('--jwks <file>', 'verify with the keys in this JWKS file instead of fetching the issuer\'s')
    .option('--skip-signature', 'do not verify the signature (the explanation then trusts forged claims)')
    .option('--ca <file>', 'extra trusted CA (PEM) for fetching the issuer\'s keys; repeatable', collect, [])
    .option('--allow-private-issuers', 'fetch keys from loopback/private issuers (allowed for an `up` stack\'s own issuer)')
    .option('--session-name <name>', 'sts:RoleSessionName to evaluate with', 'trustbridge-explain')
    .option('--now <time>', 'evaluate at this ISO-8601 time instead of now')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `
Examples:
  # Against the running stack in .trustbridge:
  trustbridge explain --role-arn "$ROLE_ARN" --token "$(trustbridge token --project mygroup/myproject --ref feature-x)"

  # Offline, from a token and a trust policy file:
  trustbridge explain --trust-policy trust.json --provider https://gitlab.example.com --token-file id_token.jwt --skip-signature

  # A denial STS logged (assume prints the id):
  trustbridge explain --decision 5f0c…

  # A remote node, through its admin API only (admin key in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY):
  trustbridge explain --endpoint https://trustbridge.example.com --role-arn "$ROLE_ARN" --token-file id_token.jwt [--ca issuer-ca.pem]
  trustbridge explain --endpoint https://trustbridge.example.com --decision 5f0c…

Exit status: 0 allowed, 1 denied, 2 usage error.`)
    .action(withUsageErrors((opts: ExplainOptions, cmd: Command) => runExplain(opts, { ...opts, dirGiven: cmd.getOptionValueSource('dir') === 'cli', env: process.env })));
  exitTwoOnUsageError(command);
}

async function runExplain(opts: ExplainOptions, target: StackTarget): Promise<number> {
  if (opts.decision !== undefined) return explainLoggedDecision(opts, target, opts.decision);
  const token = readToken(opts);
  if (opts.jwks !== undefined && opts.skipSignature === true) throw new UsageError('--jwks and --skip-signature exclude each other');
  const now = opts.now === undefined ? new Date() : parseTime(opts.now, '--now');
  const jwks = opts.jwks === undefined ? undefined : readInput(opts.jwks, 'JWKS file');

  if (opts.trustPolicy !== undefined) {
    if (opts.endpoint !== undefined) throw new UsageError('--trust-policy is offline: drop --endpoint, or drop --trust-policy to use the node\'s role');
    const trustPolicy = readInput(opts.trustPolicy, 'trust policy');
    try {
      validatePolicyDocument(trustPolicy, 'trust');
    } catch (err) {
      if (isAwsError(err)) throw new UsageError(`${opts.trustPolicy} is not a valid trust policy: ${err.code}: ${err.message}`);
      throw err;
    }
    const warnings: string[] = [];
    const providers = opts.provider.length > 0 ? opts.provider : [issuerOf(token, warnings)];
    const stack = offlineStack({ trustPolicy, providers: providers.map((url) => ({ url, clientIds: opts.clientId })), roleArn: opts.roleArn });
    return explainWith(opts, token, now, stack.roleArn, stack.directory, jwks, opts.allowPrivateIssuers === true, warnings);
  }

  if (opts.roleArn === undefined) throw new UsageError('give --role-arn (against a stack), --trust-policy (offline) or --decision');
  if (opts.endpoint !== undefined) {
    const remote = connectTarget({ ...target, endpoint: opts.endpoint });
    if (remote.caFile !== undefined) opts.ca.push(remote.caFile);
    // Filled while explain looks the provider up; explainWith adds it to the report afterwards.
    const warnings: string[] = [];
    const directory = remoteDirectory(remote.client, warnings);
    return explainWith(opts, token, now, opts.roleArn, directory, jwks, opts.allowPrivateIssuers === true || remote.ownIssuer, warnings);
  }
  const store = await openStackStore(opts.dir, opts.store);
  try {
    // An `up` stack's server fetches keys from its own loopback issuer; explain does the same.
    const env = readEnvFile(opts.dir);
    if (env['TRUSTBRIDGE_CA_FILE'] !== undefined) opts.ca.push(env['TRUSTBRIDGE_CA_FILE']);
    const allowPrivate = opts.allowPrivateIssuers === true || env['TRUSTBRIDGE_ISSUER_URL'] !== undefined;
    return await explainWith(opts, token, now, opts.roleArn, store, jwks, allowPrivate, []);
  } finally {
    await store.close();
  }
}

async function explainWith(
  opts: ExplainOptions,
  token: string,
  now: Date,
  roleArn: string,
  directory: ExplainDirectory,
  jwks: string | undefined,
  allowPrivateIssuers: boolean,
  warnings: string[],
): Promise<number> {
  const cache = new JwksCache({ http: { extraCaPems: readCaFiles(opts.ca), allowPrivateIssuers } });
  try {
    const report = await explainAssume({
      token,
      roleArn,
      directory: jwks === undefined ? directory : withStaticJwks(directory, jwks),
      keys: opts.skipSignature === true ? undefined : cache,
      now,
      sessionName: opts.sessionName,
    });
    report.warnings.push(...warnings);
    if (opts.skipSignature === true) process.stderr.write('trustbridge: WARNING: --skip-signature: the token\'s signature is NOT verified.\n');
    if (opts.json === true) printJson(report);
    else process.stdout.write(renderExplanation(report, styleFor(process.stdout)));
    return report.decision === 'allowed' ? EXIT_OK : EXIT_NEGATIVE;
  } finally {
    await cache.close();
  }
}

async function explainLoggedDecision(opts: ExplainOptions, target: StackTarget, id: string): Promise<number> {
  const source = await openDecisionSource(target);
  try {
    const view = await source.get(id);
    if (view === undefined) throw new UsageError(`no decision ${id} in the log of ${source.where}`);
    if (opts.json === true) printJson(view);
    else process.stdout.write(renderExplanation(view, styleFor(process.stdout)));
    return view.decision === 'allowed' ? EXIT_OK : EXIT_NEGATIVE;
  } finally {
    await source.close();
  }
}

/** Offline without --provider: assume the token's own issuer is the registered provider, and say so. */
function issuerOf(token: string, warnings: string[]): string {
  let iss: unknown;
  try {
    iss = parseToken(token).claims['iss'];
  } catch {
    throw new UsageError('the token cannot be decoded; pass --provider URL to name the registered provider');
  }
  if (typeof iss !== 'string') throw new UsageError('the token has no iss; pass --provider URL');
  warnings.push(`no --provider given: assumed a provider registered for the token's own issuer ${iss}`);
  return iss;
}
