/**
 * A self-contained STS world for tests and benchmarks: an in-memory StsDirectory, a GitLab-like
 * issuer whose tokens are signed with jose (independent of the verifier under test), and the
 * verifier fed through the provider's static JWKS.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWTPayload } from 'jose';
import { QueryParams } from '../../src/aws/query-params.js';
import type { CallContext } from '../../src/aws/service.js';
import { newRoleId } from '../../src/aws/ids.js';
import { JwksCache } from '../../src/oidc/index.js';
import type { DecisionRecord, OidcProviderRecord, RoleRecord } from '../../src/store/records.js';
import type { StsDirectory } from '../../src/sts/ports.js';
import type { SessionKeyRing } from '../../src/sts/credentials/key-ring.js';
import { ACCOUNT, ISSUER, NOW, PROVIDER_ARN, ROLE_ARN, ROLE_NAME, MAIN_SUB, testKeyRing } from './fixtures.js';
import { trustPolicy, webIdentityStatement } from '../support/trust-policy.js';
import { createStsService } from '../../src/sts/service.js';

export { ACCOUNT, ISSUER, PROVIDER_ARN, ROLE_NAME, ROLE_ARN, MAIN_SUB, NOW, testKeyRing } from './fixtures.js';
export { gitlabClaims } from '../support/gitlab.js';
export { trustPolicy, webIdentityStatement } from '../support/trust-policy.js';

export class FakeDirectory implements StsDirectory {
  readonly providers: OidcProviderRecord[] = [];
  readonly roles: RoleRecord[] = [];
  readonly managedPolicies = new Map<string, string>();
  readonly decisions: DecisionRecord[] = [];

  async findOidcProviderByUrl(accountId: string, url: string) {
    return this.providers.find((p) => p.accountId === accountId && p.url === url);
  }
  async getRoleByArn(arn: string) {
    return this.roles.find((r) => r.arn === arn);
  }
  async getManagedPolicyDocument(arn: string) {
    return this.managedPolicies.get(arn);
  }
  async recordDecision(record: DecisionRecord) {
    this.decisions.push(record);
  }
}

export interface Issuer {
  privateKey: KeyObject;
  kid: string;
  jwks: string;
}

export async function newIssuer(kind: 'RSA' | 'EC' = 'RSA'): Promise<Issuer> {
  const { privateKey, publicKey } =
    kind === 'RSA' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const alg = kind === 'RSA' ? 'RS256' : 'ES256';
  return { privateKey, kid, jwks: JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', alg }] }) };
}

/**
 * Signs with GitLab's exact header: `{"kid":…,"typ":"JWT","alg":"RS256"}` (gitlab-org/gitlab
 * lib/json_web_token/rsa_token.rb).
 */
export async function signToken(issuer: Issuer, claims: JWTPayload, alg = 'RS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ kid: issuer.kid, typ: 'JWT', alg }).sign(issuer.privateKey);
}


export interface World {
  directory: FakeDirectory;
  issuer: Issuer;
  ring: SessionKeyRing;
  service: ReturnType<typeof createStsService>;
  role: RoleRecord;
}

export async function newWorld(trust: string = trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } })])): Promise<World> {
  const directory = new FakeDirectory();
  const issuer = await newIssuer();
  directory.providers.push({
    accountId: ACCOUNT,
    arn: PROVIDER_ARN,
    url: ISSUER,
    clientIds: [ISSUER],
    thumbprints: [],
    tags: [],
    createdAt: NOW,
    staticJwks: issuer.jwks,
  });
  const role: RoleRecord = {
    accountId: ACCOUNT,
    roleId: newRoleId(ACCOUNT),
    roleName: ROLE_NAME,
    path: '/',
    arn: ROLE_ARN,
    assumeRolePolicyDocument: trust,
    description: null,
    maxSessionDuration: 3600,
    permissionsBoundaryArn: null,
    tags: [],
    createdAt: NOW,
  };
  directory.roles.push(role);
  const ring = testKeyRing();
  const service = createStsService({ directory, sessionKeys: ring, tokenKeys: new JwksCache({ clock: () => NOW.getTime() }) });
  return { directory, issuer, ring, service, role };
}

export function context(now = NOW): CallContext {
  return { requestId: randomUUID(), caller: { kind: 'anonymous' }, accountId: ACCOUNT, now, sourceIp: '127.0.0.1', responseHeaders: {} };
}

export function params(values: Record<string, string>): QueryParams {
  return QueryParams.from(Object.entries(values));
}

/** Calls one STS action the way the server would. */
export async function call(world: World, action: string, values: Record<string, string>, ctx = context()) {
  const handler = world.service.actions.get(action);
  if (handler === undefined) throw new Error(`no action ${action}`);
  return handler(params(values), ctx);
}

export function assumeParams(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { RoleArn: ROLE_ARN, RoleSessionName: 'ci-job', WebIdentityToken: token, ...extra };
}
