import { createHash, createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { AwsError } from '../../src/aws/error.js';
import type { ActionHandler, Caller, QueryService } from '../../src/aws/service.js';
import { expiredToken, invalidClientTokenId, type CredentialResolver } from '../../src/aws/sigv4/index.js';
import { encodePolicyDocument } from '../../src/aws/policy-document.js';
import { closeGracefully, createApiServer, listen, type ApiServerOptions } from '../../src/server/index.js';
import { ACCOUNT } from '../support/accounts.js';

/** A fake STS and IAM, a resolver with known keys, a captured log: enough to drive the wire with real clients. */
export { ACCOUNT };
export const ADMIN = { accessKeyId: 'AKIAQEAAAAAAAAAAAAAB', secretAccessKey: 'adminSecretKey0000000000000000000000000000' };
export const SESSION = {
  accessKeyId: 'ASIAQEAAAAAAAAAAAAAC',
  secretAccessKey: 'sessionSecretKey000000000000000000000000',
  sessionToken: 'FwoGZXIvYXdzSESSIONTOKENabcdef+/==',
};
export const EXPIRED_SESSION = { ...SESSION, sessionToken: 'FwoGZXIvYXdzEXPIREDTOKEN' };
export const WEB_IDENTITY_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwcm9qZWN0In0.SECRETSIGNATUREPART';
export const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';

const adminCaller: Caller = { kind: 'admin', accountId: ACCOUNT, accessKeyId: ADMIN.accessKeyId, arn: `arn:aws:iam::${ACCOUNT}:user/admin`, userId: 'AIDAQEAAAAAAAAAAAAAAA' };
const sessionCaller: Caller = {
  kind: 'assumed-role',
  accountId: ACCOUNT,
  accessKeyId: SESSION.accessKeyId,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/job-1`,
  userId: 'AROAQEAAAAAAAAAAAAAAA:job-1',
  roleName: 'ci',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/ci`,
  sessionName: 'job-1',
  sessionPolicies: [],
  expiresAt: new Date('2999-01-01T00:00:00Z'),
};

export const resolveCredential: CredentialResolver = async (accessKeyId, sessionToken) => {
  if (accessKeyId === ADMIN.accessKeyId && sessionToken === undefined) return { secretAccessKey: ADMIN.secretAccessKey, caller: adminCaller };
  if (accessKeyId === SESSION.accessKeyId && sessionToken === SESSION.sessionToken) return { secretAccessKey: SESSION.secretAccessKey, caller: sessionCaller };
  if (accessKeyId === SESSION.accessKeyId && sessionToken === EXPIRED_SESSION.sessionToken) throw expiredToken();
  throw invalidClientTokenId();
};

const getCallerIdentity: ActionHandler = async (_params, ctx) => {
  const caller = ctx.caller;
  if (caller.kind === 'anonymous') throw new Error('signed action reached without a caller');
  ctx.responseHeaders['x-trustbridge-decision-id'] = 'd-1';
  return { Arn: caller.arn, UserId: caller.userId, Account: caller.accountId };
};

const assumeRoleWithWebIdentity: ActionHandler = async (params, ctx) => ({
  Credentials: {
    AccessKeyId: SESSION.accessKeyId,
    SecretAccessKey: SESSION.secretAccessKey,
    SessionToken: SESSION.sessionToken,
    Expiration: new Date(ctx.now.getTime() + 3600_000),
  },
  SubjectFromWebIdentityToken: 'project_path:g/p',
  AssumedRoleUser: { AssumedRoleId: `AROAQEAAAAAAAAAAAAAAA:${params.string('RoleSessionName') ?? ''}`, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/${params.string('RoleSessionName') ?? ''}` },
  Provider: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`,
  Audience: 'sts.amazonaws.com',
});

export const sts: QueryService = {
  name: 'sts',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  actions: new Map<string, ActionHandler>([
    ['GetCallerIdentity', getCallerIdentity],
    ['AssumeRoleWithWebIdentity', assumeRoleWithWebIdentity],
    ['GetSessionToken', async () => { throw new Error('database exploded at /srv/secret/path'); }],
    ['DecodeAuthorizationMessage', async () => { throw new AwsError('AccessDenied', 'User: x is not authorized to perform: sts:DecodeAuthorizationMessage', 403); }],
  ]),
  unsignedActions: new Set(['AssumeRoleWithWebIdentity']),
};

export const iam: QueryService = {
  name: 'iam',
  version: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  actions: new Map<string, ActionHandler>([
    ['DeleteRole', async () => undefined],
    [
      'GetRolePolicy',
      async (params) => ({ RoleName: params.string('RoleName'), PolicyName: params.string('PolicyName'), PolicyDocument: encodePolicyDocument(POLICY) }),
    ],
  ]),
  unsignedActions: new Set(),
};

export interface RunningServer {
  url: string;
  logs: string[];
  /** Milliseconds added to the server's clock. */
  skew: { ms: number };
  close(): Promise<void>;
}

export async function startServer(overrides: Partial<ApiServerOptions> = {}): Promise<RunningServer> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const skew = { ms: 0 };
  const server = createApiServer({
    services: [sts, iam],
    resolveCredential,
    accountId: ACCOUNT,
    logger: { level: 'info', stream },
    now: () => new Date(Date.now() + skew.ms),
    ...overrides,
  });
  const { url } = await listen(server, { port: 0 });
  return { url, logs, skew, close: () => closeGracefully(server, 2_000) };
}

/** The Checksum constructor @smithy/signature-v4 needs, on node:crypto. */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key =
      secret === undefined || typeof secret === 'string'
        ? secret
        : secret instanceof ArrayBuffer
          ? Buffer.from(secret)
          : Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}
