/**
 * The session token: an AES-256-GCM sealed SessionGrant, base64 like AWS's own tokens.
 *
 * Layout before base64: version (1) | key-id length (1) | key id | IV (12) | ciphertext | tag (16).
 * The version and key id are authenticated as associated data, so neither can be swapped.
 * `openSessionToken` returns undefined for anything that is not a token we sealed, whatever the
 * reason, so callers cannot leak which check failed.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pooledRandomBytes } from '../../aws/pooled-random.js';
import { decodeGrant, encodeGrant } from './grant-codec.js';
import type { SessionKeyRing, SessionKeys } from './key-ring.js';
import type { SessionGrant } from './session-grant.js';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Tokens are sent in a header on every call; anything larger than this is not ours. */
const MAX_TOKEN_CHARS = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface SealedToken {
  /** What the client holds: base64 text. */
  text: string;
  /** The decoded bytes, which the access key id and the secret are derived from. */
  bytes: Buffer;
}

/** The header of tokens sealed under each key id: the same bytes for every token, made once. */
const headers = new Map<string, Buffer>();

function headerFor(keyId: string): Buffer {
  let header = headers.get(keyId);
  if (header === undefined) {
    const id = Buffer.from(keyId, 'ascii');
    header = Buffer.concat([Buffer.of(FORMAT_VERSION, id.length), id]);
    // Key ids are the ring's few configured ones (key-ring.ts), never a caller's.
    headers.set(keyId, header);
  }
  return header;
}

export function sealSessionToken(grant: SessionGrant, ring: SessionKeyRing): SealedToken {
  const keys = ring.keys.get(ring.currentKeyId) as SessionKeys;
  const header = headerFor(ring.currentKeyId);
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.sealing, iv);
  cipher.setAAD(header);
  const body = cipher.update(encodeGrant(grant));
  const bytes = Buffer.concat([header, iv, body, cipher.final(), cipher.getAuthTag()]);
  return { text: bytes.toString('base64'), bytes };
}

export interface OpenedToken {
  grant: SessionGrant;
  bytes: Buffer;
  keys: SessionKeys;
}

export function openSessionToken(text: string, ring: SessionKeyRing): OpenedToken | undefined {
  const bytes = decodeStrictBase64(text);
  if (bytes === undefined || bytes[0] !== FORMAT_VERSION) return undefined;
  const keyIdLength = bytes[1] ?? 0;
  const headerLength = 2 + keyIdLength;
  if (bytes.length < headerLength + IV_BYTES + 1 + TAG_BYTES) return undefined;
  const keys = ring.keys.get(bytes.subarray(2, headerLength).toString('ascii'));
  if (keys === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.sealing, bytes.subarray(headerLength, headerLength + IV_BYTES));
    decipher.setAAD(bytes.subarray(0, headerLength));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(headerLength + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    return { grant: decodeGrant(plaintext), bytes, keys };
  } catch {
    return undefined;
  }
}

/**
 * Node's base64 decoder skips characters it does not know and accepts both alphabets, so two
 * different strings could decode to the same token. Only the canonical spelling is accepted.
 */
function decodeStrictBase64(text: string): Buffer | undefined {
  if (text.length > MAX_TOKEN_CHARS || text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
