/**
 * Where the CLI's IAM calls go and with which key: the AWS CLI's environment variables
 * (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
 * AWS_DEFAULT_REGION), or the `D/env` file that `up`/`serve` write. An explicit `--dir` means
 * "that stack", so its file wins; otherwise the environment wins and `.trustbridge/env` fills gaps.
 */
import { createQueryClient, type QueryClient } from '../aws/query-client.js';
import { DEFAULT_DATA_DIR } from './data-dir.js';
import { readEnvFile } from './env-file.js';
import { InvalidInputError } from '../errors.js';

export interface Connection {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
}

export function resolveConnection(env: NodeJS.ProcessEnv, dir: string | undefined): Connection {
  const file = readEnvFile(dir ?? DEFAULT_DATA_DIR);
  const [first, second] = dir === undefined ? [env, file] : [file, env];
  const pick = (name: string): string | undefined => nonEmpty(first[name]) ?? nonEmpty(second[name]);
  // The key, secret and token travel together: never a key from one source and a secret from another.
  const keySource = nonEmpty(first.AWS_ACCESS_KEY_ID) !== undefined ? first : second;
  const endpoint = pick('AWS_ENDPOINT_URL');
  const accessKeyId = nonEmpty(keySource.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(keySource.AWS_SECRET_ACCESS_KEY);
  if (endpoint === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    throw new InvalidInputError(
      `no IAM endpoint or credentials: set AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or point --dir at a directory whose env file \`trustbridge up\` wrote`,
    );
  }
  return {
    endpoint,
    region: pick('AWS_DEFAULT_REGION') ?? pick('AWS_REGION') ?? 'us-east-1',
    accessKeyId,
    secretAccessKey,
    sessionToken: nonEmpty(keySource.AWS_SESSION_TOKEN),
  };
}

export function clientFor(connection: Connection): QueryClient {
  const { endpoint, region, accessKeyId, secretAccessKey, sessionToken } = connection;
  return createQueryClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey, sessionToken } });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
