/**
 * The master key: 32 random bytes in `<dataDir>/master.key` (mode 0600), created on first start.
 * Everything secret that is kept at rest (admin secret keys, the issuer's private keys, the
 * session-token sealing keys) is encrypted under it with AES-256-GCM, so a copied database
 * alone reveals nothing.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, TrustbridgeError } from '../errors.js';

const KEY_FILE = 'master.key';
const VERSION = 'v1';

/** A stored secret is not in the sealed format this master key writes. */
export class SealedSecretError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_SEALED_SECRET';
  override readonly code = SealedSecretError.code;
}

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  /** Reads `<dir>/master.key`, creating the directory and the key on first use. */
  static loadOrCreate(dir: string): MasterKey {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, KEY_FILE);
    if (!existsSync(path)) {
      // 'wx' fails if another process created it meanwhile; then we read theirs.
      try {
        writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    chmodSync(path, 0o600);
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new InvalidInputError(`${path} does not hold a 32-byte base64 key`);
    return new MasterKey(key);
  }

  /** For tests: a key that lives only in memory. */
  static ephemeral(): MasterKey {
    return new MasterKey(randomBytes(32));
  }

  /**
   * Encrypts `plaintext`, binding it to `purpose` (e.g. "access-key:AKIA…") so a ciphertext
   * cannot be moved to another record. Output: "v1.<iv>.<tag>.<ciphertext>" in base64url.
   */
  encrypt(plaintext: string | Buffer, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(sealed: string, purpose: string): Buffer {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new SealedSecretError('unrecognised sealed secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }

  /** Derives a purpose-specific 32-byte key (HKDF-like, via HMAC) without exposing the master key. */
  derive(purpose: string): Buffer {
    return createHmac('sha256', this.key).update(`trustbridge:${purpose}`).digest();
  }
}
