/**
 * The keys that seal session tokens and derive their secrets. Each key id owns one 32-byte root;
 * the cipher key and the MAC key are separated from it by label, so a weakness in one use
 * cannot leak another. Rotation: seal with `current`, open with any id still in `keys`; dropping
 * an id revokes every session sealed under it.
 */
import { createHmac } from 'node:crypto';
import { InvalidInputError } from '../../errors.js';

export interface SessionKeys {
  /** AES-256-GCM key for the token body. */
  sealing: Buffer;
  /** HMAC key from which a token's SecretAccessKey is derived. */
  secret: Buffer;
}

export interface SessionKeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, SessionKeys>;
}

/** The part of MasterKey (src/store/master-key.ts) this needs. */
export interface KeyDeriver {
  derive(purpose: string): Buffer;
}

/** Key ids travel inside the token as a length-prefixed ASCII field. */
const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;

export function sessionKeysFromRoot(root: Buffer): SessionKeys {
  const sub = (label: string) => createHmac('sha256', root).update(label).digest();
  return { sealing: sub('seal'), secret: sub('secret-access-key') };
}

/**
 * Builds the ring from the master key: `derive('session-token:' + id)` for each id. The first id
 * (or `current`) seals new tokens.
 */
export function sessionKeyRingFromMasterKey(master: KeyDeriver, keyIds: readonly string[], current = keyIds[0]): SessionKeyRing {
  const roots = new Map(keyIds.map((id) => [id, master.derive(`session-token:${id}`)] as const));
  return sessionKeyRing(roots, current);
}

/** Builds the ring from explicit 32-byte roots (e.g. supplied by configuration or tests). */
export function sessionKeyRing(roots: ReadonlyMap<string, Buffer>, current: string | undefined): SessionKeyRing {
  const keys = new Map<string, SessionKeys>();
  for (const [id, root] of roots) {
    if (!KEY_ID.test(id)) throw new InvalidInputError(`session key id ${JSON.stringify(id)} must match ${KEY_ID}`);
    if (root.length < 32) throw new InvalidInputError(`session key ${id} must be at least 32 bytes`);
    keys.set(id, sessionKeysFromRoot(root));
  }
  if (current === undefined || !keys.has(current)) throw new InvalidInputError('the current session key id must be in the ring');
  return { currentKeyId: current, keys };
}
