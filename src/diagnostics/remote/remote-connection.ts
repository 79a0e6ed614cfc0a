/**
 * `--endpoint URL`: the diagnostics commands against a remote `serve` node, through its admin
 * API only (no store, no master key). Credentials come the way `apply` finds them — the AWS
 * CLI's environment variables, or a `D/env` file — and the flag names the endpoint.
 */
import type { QueryClient } from '../../aws/query-client.js';
import { clientFor, resolveConnection } from '../../workspace/connection.js';
import { DEFAULT_DATA_DIR } from '../../workspace/data-dir.js';
import { readEnvFile } from '../../workspace/env-file.js';
import { UsageError } from '../cli-support.js';

export interface RemoteStack {
  client: QueryClient;
  endpoint: string;
  /** The stack's issuer CA file, when the environment or D/env names one (an `up` stack's). */
  caFile: string | undefined;
  /** True when the environment names the stack's own issuer, which may live on a private host. */
  ownIssuer: boolean;
}

/** Which stack a diagnostics command reads: a remote node's API, or a data directory's store. */
export interface StackTarget {
  endpoint?: string;
  dir: string;
  /** True when --dir was typed (then D/env wins over the environment for credentials). */
  dirGiven: boolean;
  store?: string;
  env: NodeJS.ProcessEnv;
}

/** A target with --endpoint: --store makes no sense there; a typed --dir supplies credentials. */
export function connectTarget(target: StackTarget & { endpoint: string }): RemoteStack {
  if (target.store !== undefined) throw new UsageError('--endpoint and --store exclude each other: the API is the way to a remote node');
  return connectRemote(target.endpoint, target.env, target.dirGiven ? target.dir : undefined);
}

/**
 * @param dir the --dir the user typed, or undefined when they did not (then the environment wins
 *   over `.trustbridge/env`, as in resolveConnection).
 */
export function connectRemote(endpoint: string, env: NodeJS.ProcessEnv, dir: string | undefined): RemoteStack {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as https://trustbridge.example.com, got ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--endpoint must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  let connection;
  try {
    // The flag is the endpoint; only the credentials and region are looked up.
    connection = { ...resolveConnection({ ...env, AWS_ENDPOINT_URL: endpoint }, dir), endpoint };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  // The same precedence as the credentials: a typed --dir wins, else the environment; '' is unset.
  const file = readEnvFile(dir ?? DEFAULT_DATA_DIR);
  const [first, second] = dir === undefined ? [env, file] : [file, env];
  const setting = (name: string): string | undefined => first[name] || second[name] || undefined;
  return {
    client: clientFor(connection),
    endpoint,
    caFile: setting('TRUSTBRIDGE_CA_FILE'),
    ownIssuer: setting('TRUSTBRIDGE_ISSUER_URL') !== undefined,
  };
}
