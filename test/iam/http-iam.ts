/**
 * Trustbridge's IAM over real HTTP for client tests: a fresh SQLite store, an admin access key
 * kept in it (the SigV4 resolver reads it back), the API server on a free loopback port, and
 * the environment the aws CLI v1 / boto3 need (a config file with `cli_follow_urlparam = false`,
 * so parameters that look like URLs are not fetched).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invalidClientTokenId, type CredentialResolver } from '../../src/aws/sigv4/index.js';
import { createIamService } from '../../src/iam/service.js';
import { closeGracefully, createApiServer, listen } from '../../src/server/index.js';
import type { AccessKeyRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { freshStore, sqliteBackend } from '../store/backends.js';
import { ACCOUNT } from './harness.js';

export interface IamOverHttp {
  url: string;
  store: Store;
  admin: AccessKeyRecord;
  /** Environment for the aws CLI and boto3 subprocesses, signed as the admin key. */
  clientEnv(): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startIamOverHttp(): Promise<IamOverHttp> {
  const backend = sqliteBackend();
  const store = (await freshStore(backend)).store;
  const admin = await store.createAccessKey(ACCOUNT);
  const resolveCredential: CredentialResolver = async (accessKeyId, sessionToken) => {
    const key = sessionToken === undefined ? await store.findAccessKey(accessKeyId) : undefined;
    if (!key || key.status !== 'Active') throw invalidClientTokenId();
    return {
      secretAccessKey: key.secretAccessKey,
      caller: { kind: 'admin', accountId: key.accountId, accessKeyId, arn: `arn:aws:iam::${key.accountId}:root`, userId: key.accountId },
    };
  };
  const server = createApiServer({ services: [createIamService({ store })], resolveCredential, accountId: ACCOUNT, logger: { level: 'silent' } });
  const { url } = await listen(server, { port: 0 });
  const configDir = mkdtempSync(join(tmpdir(), 'tb-iam-http-'));
  writeFileSync(join(configDir, 'config'), '[default]\ncli_follow_urlparam = false\n');
  return {
    url,
    store,
    admin,
    clientEnv: () => ({
      PATH: process.env.PATH,
      HOME: configDir,
      AWS_CONFIG_FILE: join(configDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'none'),
      AWS_ACCESS_KEY_ID: admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
    }),
    async close() {
      await closeGracefully(server, 2_000);
      await store.close();
      await backend.cleanup();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
