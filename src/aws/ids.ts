import { randomInt } from 'node:crypto';
import { pooledRandomBytes } from './pooled-random.js';
import { BASE32_ALPHABET, base32Decode, base32Encode } from './base32.js';

/**
 * AWS-shaped identifiers that carry the account id, as real AWS ids do (the scheme of moto's
 * moto/iam/utils.py `generate_access_key_id_from_account_id`):
 * `PREFIX` + 16 base32 characters whose first 6 decoded bytes, big-endian, give the account as
 * `(n & 0x7fffffffff80) >> 7`. Access keys are 20 characters; unique ids (roles, policies, users)
 * are 21, one more random character.
 *
 * Encoding: bit 47 set (real ids start with a base32 letter ≥ Q after the prefix), the account in
 * bits 7..46, random bits below and in the remaining 4 bytes.
 */
export type AccessKeyPrefix = 'AKIA' | 'ASIA';
export type UniqueIdPrefix = 'AROA' | 'ANPA' | 'AIDA' | 'AIPA';

const ACCOUNT_ID = /^[0-9]{12}$/;

export function newAccessKeyId(accountId: string, prefix: AccessKeyPrefix): string {
  return prefix + accountCarrier(accountId);
}

/** Role ids (`AROA…`, 21 characters). */
export function newRoleId(accountId: string): string {
  return newUniqueId(accountId, 'AROA');
}

/** Managed policy ids (`ANPA…`, 21 characters). */
export function newPolicyId(accountId: string): string {
  return newUniqueId(accountId, 'ANPA');
}

export function newUniqueId(accountId: string, prefix: UniqueIdPrefix): string {
  return prefix + accountCarrier(accountId) + BASE32_ALPHABET[randomInt(32)];
}

/** The account an AKIA/ASIA/AROA/ANPA/AIDA… id was issued for, or undefined if it carries none. */
export function accountFromKeyId(id: string): string | undefined {
  if (!/^[A-Z]{4}[A-Z2-7]{16}/.test(id)) return undefined;
  const bytes = base32Decode(id.slice(4, 20));
  if (bytes === undefined) return undefined;
  let value = 0n;
  for (const byte of bytes.subarray(0, 6)) value = (value << 8n) | BigInt(byte);
  const account = (value & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

function accountCarrier(accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw new RangeError(`not a 12-digit account id: ${accountId}`);
  const random = pooledRandomBytes(5);
  // 48 bits, exact in a double (below 2^53): plain arithmetic, not BigInt, since every
  // AssumeRole* call mints an access key id and the BigInts showed among its allocations.
  const head = 2 ** 47 + Number(accountId) * 128 + (random[0]! & 0x7f);
  const bytes = Buffer.allocUnsafe(10);
  bytes.writeUIntBE(head, 0, 6);
  bytes.set(random.subarray(1), 6);
  return base32Encode(bytes);
}
