/**
 * Compact JWS serialisation with RS256, as GitLab's `JWT.encode(payload, key, 'RS256', {kid, typ})`
 * emits it: the header members in the order kid, typ, alg (gitlab-org/gitlab lib/json_web_token/rsa_token.rb).
 */
import { sign, type KeyObject } from 'node:crypto';

export interface JwtHeader {
  kid: string;
  typ: 'JWT';
  alg: 'RS256';
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function signRs256(kid: string, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const header: JwtHeader = { kid, typ: 'JWT', alg: 'RS256' };
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput, 'ascii'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
