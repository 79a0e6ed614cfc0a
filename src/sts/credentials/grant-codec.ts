/**
 * Serialises a SessionGrant into the plaintext that gets sealed, and back. Positional JSON keeps
 * the token short (SDKs send it in a header on every call); raw DEFLATE is applied when it helps,
 * which it does for session policies. The first byte says which, so either form can be read.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SessionGrant } from './session-grant.js';

const PLAIN = 0;
const DEFLATED = 1;
/** Below this, DEFLATE's framing costs more than it saves. */
const COMPRESS_FROM_BYTES = 200;
/** A sealed grant can never legitimately inflate past this; it bounds work on a hostile token. */
const MAX_PLAINTEXT_BYTES = 256 * 1024;

type Packed = [
  accessKeyId: string,
  account: string,
  roleName: string,
  roleArn: string,
  roleId: string,
  sessionName: string,
  policies: string[],
  sourceIdentity: string | null,
  tags: Array<[string, string]>,
  transitiveTagKeys: string[],
  issuedAt: number,
  expiresAt: number,
];

export function encodeGrant(grant: SessionGrant): Buffer {
  const packed: Packed = [
    grant.accessKeyId,
    grant.accountId,
    grant.roleName,
    grant.roleArn,
    grant.roleId,
    grant.sessionName,
    grant.sessionPolicies,
    grant.sourceIdentity,
    grant.tags.map((t) => [t.key, t.value]),
    grant.transitiveTagKeys,
    Math.floor(grant.issuedAt.getTime() / 1000),
    Math.floor(grant.expiresAt.getTime() / 1000),
  ];
  const json = Buffer.from(JSON.stringify(packed), 'utf8');
  if (json.length >= COMPRESS_FROM_BYTES) {
    const deflated = deflateRawSync(json);
    if (deflated.length < json.length) return Buffer.concat([Buffer.of(DEFLATED), deflated]);
  }
  return Buffer.concat([Buffer.of(PLAIN), json]);
}

/**
 * Only ever called on plaintext that passed AES-GCM authentication, so a malformed body means a
 * bug or a key compromise, not an attacker; it still fails closed with an Error.
 */
export function decodeGrant(plaintext: Buffer): SessionGrant {
  const body = plaintext.subarray(1);
  const json =
    plaintext[0] === DEFLATED
      ? inflateRawSync(body, { maxOutputLength: MAX_PLAINTEXT_BYTES })
      : plaintext[0] === PLAIN
        ? body
        : undefined;
  if (json === undefined) throw new Error('unknown session grant encoding');
  const p = JSON.parse(json.toString('utf8')) as Packed;
  if (!Array.isArray(p) || p.length !== 12) throw new Error('malformed session grant');
  return {
    accessKeyId: p[0],
    accountId: p[1],
    roleName: p[2],
    roleArn: p[3],
    roleId: p[4],
    sessionName: p[5],
    sessionPolicies: p[6],
    sourceIdentity: p[7],
    tags: p[8].map(([key, value]) => ({ key, value })),
    transitiveTagKeys: p[9],
    issuedAt: new Date(p[10] * 1000),
    expiresAt: new Date(p[11] * 1000),
  };
}
