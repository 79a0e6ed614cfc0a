/**
 * Discovery the way STS does it (https://repost.aws/knowledge-center/iam-sts-invalididentitytoken;
 * GitLab serves it from app/controllers/jwks_controller.rb):
 * `<issuer>/.well-known/openid-configuration`, whose `issuer` must equal the issuer URL exactly,
 * then its `jwks_uri` (https only). Both fetches share ONE deadline: AWS's 5 seconds cover the
 * whole retrieval, not each request.
 */
import { IssuerFetchError, type FetchedJson, type IssuerHttpClient } from './https-client.js';
import { parseJwks, JwksFormatError, type KeySet } from './jwks.js';
import { TrustbridgeError } from '../errors.js';

export const FETCH_DEADLINE_MS = 5_000;
export const MAX_DISCOVERY_BYTES = 64 * 1024;
export const MAX_JWKS_BYTES = 256 * 1024;

/** OIDC Discovery §4: a terminating "/" of the issuer is removed before appending the well-known path. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

export type DiscoveryProblemKind = 'issuer-mismatch' | 'no-jwks-uri' | 'jwks-uri-not-https' | 'bad-jwks';

export class DiscoveryProblem extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_DISCOVERY';
  override readonly code = DiscoveryProblem.code;
  override readonly name = 'DiscoveryProblem';
  constructor(readonly kind: DiscoveryProblemKind, message: string) {
    super(message);
  }
}

/** The `jwks_uri` of a discovery document, after checking that it describes this issuer. */
export function readDiscovery(issuer: string, document: unknown): string {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  if (doc.issuer !== issuer) {
    throw new DiscoveryProblem('issuer-mismatch', `the discovery document's issuer ${JSON.stringify(doc.issuer)} is not ${JSON.stringify(issuer)}`);
  }
  if (typeof doc.jwks_uri !== 'string') throw new DiscoveryProblem('no-jwks-uri', 'the discovery document has no jwks_uri string');
  if (!doc.jwks_uri.startsWith('https://')) throw new DiscoveryProblem('jwks-uri-not-https', `jwks_uri ${doc.jwks_uri} is not https`);
  return doc.jwks_uri;
}

export interface IssuerKeys {
  discovery: FetchedJson;
  jwks: FetchedJson;
  keySet: KeySet;
}

/** Discovery, then JWKS, within one deadline. Throws IssuerFetchError or DiscoveryProblem. */
export async function fetchIssuerKeys(client: IssuerHttpClient, issuer: string, deadlineMs = FETCH_DEADLINE_MS): Promise<IssuerKeys> {
  const signal = AbortSignal.timeout(deadlineMs);
  const discovery = await client.getJson(discoveryUrl(issuer), { maxBytes: MAX_DISCOVERY_BYTES, signal });
  const jwksUri = readDiscovery(issuer, discovery.body);
  const jwks = await client.getJson(jwksUri, { maxBytes: MAX_JWKS_BYTES, signal });
  try {
    return { discovery, jwks, keySet: parseJwks(jwks.body) };
  } catch (err) {
    if (err instanceof JwksFormatError) throw new DiscoveryProblem('bad-jwks', err.message);
    throw err;
  }
}

/** A one-line account of any failure fetchIssuerKeys can raise, for logs and explanations. */
export function describeFetchFailure(err: unknown): string {
  if (err instanceof IssuerFetchError || err instanceof DiscoveryProblem) return err.message;
  return err instanceof Error ? err.message : String(err);
}
