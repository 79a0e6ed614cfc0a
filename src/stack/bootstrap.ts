/**
 * The tutorial's setup, made on `up`'s first start: an OIDC provider for the local issuer
 * (client ID = issuer URL, as the tutorial's "Audience" step says) and a role `gitlab-deploy`
 * trusting `project_path:mygroup/myproject:ref_type:branch:ref:main`. It goes through the IAM
 * handlers, so it is validated exactly like a user's own calls.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AwsError } from '../aws/error.js';
import { QueryParams } from '../aws/query-params.js';
import type { CallContext, QueryService } from '../aws/service.js';
import type { AccessKeyRecord } from '../store/records.js';

export const BOOTSTRAP_ROLE = 'gitlab-deploy';
export const BOOTSTRAP_SUBJECT = 'project_path:mygroup/myproject:ref_type:branch:ref:main';

/** `https://gitlab.example.com` → `gitlab.example.com`: the provider's name in ARNs and condition keys. */
export function providerName(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '');
}

export function tutorialTrustPolicy(accountId: string, issuerUrl: string): string {
  const name = providerName(issuerUrl);
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${name}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${name}:sub`]: BOOTSTRAP_SUBJECT } },
        },
      ],
    },
    null,
    2,
  );
}

/** AWS keeps the SHA-1 of the top CA of the issuer's chain; for the local issuer that is our CA. */
export function caThumbprint(caFile: string): string {
  const der = new X509Certificate(readFileSync(caFile)).raw;
  return createHash('sha1').update(der).digest('hex');
}

async function call(iam: QueryService, action: string, params: Array<[string, string]>, ctx: CallContext): Promise<void> {
  const handler = iam.actions.get(action);
  if (handler === undefined) throw new Error(`IAM has no ${action}`);
  await handler(QueryParams.from(params), ctx);
}

/** Creates what is missing; leaves anything the user changed alone. Returns the role ARN. */
export async function bootstrapTutorial(options: {
  iam: QueryService;
  accountId: string;
  adminKey: AccessKeyRecord;
  issuerUrl: string;
  caFile: string;
}): Promise<string> {
  const { iam, accountId, issuerUrl } = options;
  const ctx: CallContext = {
    requestId: randomUUID(),
    caller: {
      kind: 'admin',
      accountId,
      accessKeyId: options.adminKey.accessKeyId,
      arn: `arn:aws:iam::${accountId}:root`,
      userId: accountId,
    },
    accountId,
    now: new Date(),
    sourceIp: '127.0.0.1',
    responseHeaders: {},
  };
  await ignoreExisting(
    call(iam, 'CreateOpenIDConnectProvider', [
      ['Url', issuerUrl],
      ['ClientIDList.member.1', issuerUrl],
      ['ThumbprintList.member.1', caThumbprint(options.caFile)],
    ], ctx),
  );
  await ignoreExisting(
    call(iam, 'CreateRole', [
      ['RoleName', BOOTSTRAP_ROLE],
      ['AssumeRolePolicyDocument', tutorialTrustPolicy(accountId, issuerUrl)],
      ['Description', 'The role of GitLab\'s "Configure OpenID Connect in AWS" tutorial, made by trustbridge up'],
    ], ctx),
  );
  return `arn:aws:iam::${accountId}:role/${BOOTSTRAP_ROLE}`;
}

async function ignoreExisting(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (err) {
    if (!(err instanceof AwsError && err.code === 'EntityAlreadyExists')) throw err;
  }
}
