/**
 * The master key: 32 random bytes. Where it comes from, first match wins (every command that
 * needs it resolves it here, so a cluster's nodes and the CLI beside them agree):
 *   1. `--master-key-file F`: a file holding the key as base64 (44 characters; surrounding
 *      whitespace ignored), e.g. made with `openssl rand -base64 32 > F`;
 *   2. the environment variable TRUSTBRIDGE_MASTER_KEY, in the same base64 form;
 *   3. `<dataDir>/master.key` (mode 0600), the same format, created on first start.
 * Only the third is ever created: a key given by file or environment that is missing or malformed
 * stops the command. Everything secret that is kept at rest (admin secret keys, the issuer's private keys, the
 * session-token sealing keys) is encrypted under it with AES-256-GCM, so a copied database
 * alone reveals nothing.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, TrustbridgeError } from '../errors.js';

const KEY_FILE = 'master.key';
/** The environment variable that carries the key (base64 of 32 bytes) for a whole cluster. */
export const MASTER_KEY_ENV = 'TRUSTBRIDGE_MASTER_KEY';

/** Where a command was told to find the master key, besides its data directory. */
export interface MasterKeySource {
  /** `--master-key-file`: wins over the environment. */
  file?: string | undefined;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}
const VERSION = 'v1';

/** A stored secret is not in the sealed format this master key writes. */
export class SealedSecretError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_SEALED_SECRET';
  override readonly code = SealedSecretError.code;
}

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  /** Resolves the key (see the file's comment), creating `<dir>/master.key` when nothing else names one. */
  static loadOrCreate(dir: string, source: MasterKeySource = {}): MasterKey {
    return MasterKey.given(source) ?? MasterKey.fromDataDir(dir, true)!;
  }

  /** Resolves the key like loadOrCreate but never creates one: undefined when there is none. */
  static load(dir: string, source: MasterKeySource = {}): MasterKey | undefined {
    return MasterKey.given(source) ?? MasterKey.fromDataDir(dir, false);
  }

  private static given(source: MasterKeySource): MasterKey | undefined {
    if (source.file !== undefined) {
      let text: string;
      try {
        text = readFileSync(source.file, 'utf8');
      } catch (err) {
        throw new InvalidInputError(`cannot read the master key file ${source.file}: ${(err as Error).message}`);
      }
      return MasterKey.parse(text, `--master-key-file ${source.file}`);
    }
    const fromEnv = (source.env ?? process.env)[MASTER_KEY_ENV];
    if (fromEnv !== undefined && fromEnv.trim() !== '') return MasterKey.parse(fromEnv, MASTER_KEY_ENV);
    return undefined;
  }

  private static fromDataDir(dir: string, create: boolean): MasterKey | undefined {
    const path = join(dir, KEY_FILE);
    if (!existsSync(path)) {
      if (!create) return undefined;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // 'wx' fails if another process created it meanwhile; then we read theirs.
      try {
        writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    chmodSync(path, 0o600);
    return MasterKey.parse(readFileSync(path, 'utf8'), path);
  }

  private static parse(text: string, where: string): MasterKey {
    const trimmed = text.trim();
    const key = Buffer.from(trimmed, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
      throw new InvalidInputError(`${where} does not hold a master key: expected 32 bytes in base64 (make one with: openssl rand -base64 32)`);
    }
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
