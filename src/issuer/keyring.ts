/**
 * The issuer's signing keys. Each key moves one way through three states:
 *
 *   next     published in the JWKS, not yet signing — relying parties that cache the JWKS
 *            (GitLab sends max-age=86400) learn it before the first token it signs;
 *   current  signs every new token (exactly one);
 *   retired  no longer signs, stays published until every token it signed has expired
 *            (we track the largest `exp` each key signed), then is dropped.
 *
 * The ring lives in `<dir>/issuer-keys.json`, private keys sealed under the master key. Several
 * processes share it, so every change is read-modify-write under a file lock, and readers
 * reload when the file changes.
 */
import { createPrivateKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKey } from '../store/master-key.js';
import { withFileLock, writeFileAtomic } from './atomic-file.js';
import { jwkThumbprint, publishedJwk, rsaPublicJwk, type PublishedJwk, type RsaPublicJwk } from './jwk.js';
import { KeyRingError } from './errors.js';

export const KEYRING_FILE = 'issuer-keys.json';
/**
 * Relying parties may accept a token a little after `exp` (clock-skew leeway); a retired key
 * stays published this much longer so such a token still finds its key.
 */
export const RETIRED_KEY_GRACE_SECONDS = 300;

export type KeyState = 'next' | 'current' | 'retired';

export interface StoredKey {
  kid: string;
  state: KeyState;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
  /** Largest `exp` (epoch seconds) of any token this key signed; null if it signed none. */
  maxExp: number | null;
  publicJwk: RsaPublicJwk;
  sealedPrivateKey: string;
}

interface KeyRingDocument {
  version: 1;
  keys: StoredKey[];
}

export interface Signer {
  kid: string;
  privateKey: KeyObject;
}

export interface KeySummary {
  kid: string;
  state: KeyState;
  activatedAt: string | null;
  maxExp: number | null;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** GitLab signs ID tokens with RS256 under 2048-bit RSA keys. */
const RSA_KEY = { modulusLength: 2048, publicExponent: 0x10001 } as const;

interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

function newRsaKeyPair(): Promise<KeyPair> {
  return promisify(generateKeyPair)('rsa', RSA_KEY);
}

export class KeyRing {
  private keys: StoredKey[] = [];
  private fileStamp = '';
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly path: string;

  private constructor(
    private readonly master: MasterKey,
    /** The data directory the ring lives in (other issuer state sits beside it). */
    readonly dir: string,
  ) {
    this.path = join(dir, KEYRING_FILE);
  }

  /** Opens the ring in `dir`, creating a current and a next key on first use. */
  static open(dir: string, master: MasterKey = MasterKey.loadOrCreate(dir)): KeyRing {
    const ring = new KeyRing(master, dir);
    ring.update((keys) => (keys.length === 0 ? [ring.generate('current'), ring.generate('next')] : keys));
    return ring;
  }

  /**
   * As open, for a server starting up: a fresh ring's two RSA keys are generated at once on
   * libuv's thread pool, while the event loop goes on starting the rest (two 2048-bit key
   * generations took a third of `up`'s start on a fresh directory, one after the other).
   */
  static async openForServer(dir: string, master: MasterKey): Promise<KeyRing> {
    const ring = new KeyRing(master, dir);
    ring.reloadIfChanged();
    if (ring.keys.length > 0) return ring;
    const [current, next] = await Promise.all([newRsaKeyPair(), newRsaKeyPair()]);
    // Another process may have created the ring meanwhile: its keys win, these are dropped.
    ring.update((keys) => (keys.length === 0 ? [ring.generate('current', null, current), ring.generate('next', null, next)] : keys));
    return ring;
  }

  /** Keys in JWKS order: current, next, then retired keys that may still verify a live token. */
  publishedKeys(now = nowSeconds()): PublishedJwk[] {
    this.reloadIfChanged();
    return sortForPublication(this.keys.filter((k) => isPublished(k, now))).map((k) => publishedJwk(k.publicJwk, k.kid));
  }

  summary(): KeySummary[] {
    this.reloadIfChanged();
    return sortForPublication(this.keys).map(({ kid, state, activatedAt, maxExp }) => ({ kid, state, activatedAt, maxExp }));
  }

  /**
   * The current key, after recording that it will sign a token expiring at `exp` — recorded
   * first, so a crash between the two can only keep a key published too long, never too short.
   */
  signerFor(exp: number): Signer {
    let kid = '';
    this.update((keys) =>
      keys.map((k) => {
        if (k.state !== 'current') return k;
        kid = k.kid;
        return { ...k, maxExp: Math.max(k.maxExp ?? exp, exp) };
      }),
    );
    const key = this.keys.find((k) => k.kid === kid);
    if (key === undefined) throw new KeyRingError(`${this.path} has no current signing key`);
    return { kid, privateKey: this.privateKey(key) };
  }

  /**
   * next → current, current → retired, and a fresh next key; retired keys whose tokens have
   * all expired are dropped. Returns the kid that now signs. With `onlyIfCurrent`, nothing
   * happens unless that kid still signs: two schedulers due at once rotate only once.
   */
  rotate(now = nowSeconds(), onlyIfCurrent?: string): string {
    const at = new Date(now * 1000).toISOString();
    this.update((keys) => {
      if (onlyIfCurrent !== undefined && !keys.some((k) => k.state === 'current' && k.kid === onlyIfCurrent)) return keys;
      const rotated = keys.map((k): StoredKey => {
        if (k.state === 'current') return { ...k, state: 'retired', retiredAt: at };
        if (k.state === 'next') return { ...k, state: 'current', activatedAt: at };
        return k;
      });
      // A ring edited by hand may lack a next key; the rotation still must leave one signer.
      if (!rotated.some((k) => k.state === 'current')) rotated.push(this.generate('current', at));
      return [...rotated.filter((k) => isPublished(k, now)), this.generate('next')];
    });
    return this.current().kid;
  }

  current(): KeySummary {
    const current = this.summary().find((k) => k.state === 'current');
    if (current === undefined) throw new KeyRingError(`${this.path} has no current signing key`);
    return current;
  }

  private generate(state: KeyState, activatedAt: string | null = null, pair: KeyPair = generateKeyPairSync('rsa', RSA_KEY)): StoredKey {
    const { publicKey, privateKey } = pair;
    const jwk = rsaPublicJwk(publicKey);
    const kid = jwkThumbprint(jwk);
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    this.privateKeys.set(kid, privateKey);
    const createdAt = new Date().toISOString();
    return {
      kid,
      state,
      createdAt,
      activatedAt: state === 'current' ? (activatedAt ?? createdAt) : null,
      retiredAt: null,
      maxExp: null,
      publicJwk: jwk,
      sealedPrivateKey: this.master.encrypt(pem, `issuer-key:${kid}`),
    };
  }

  private privateKey(key: StoredKey): KeyObject {
    let cached = this.privateKeys.get(key.kid);
    if (cached === undefined) {
      cached = createPrivateKey(this.master.decrypt(key.sealedPrivateKey, `issuer-key:${key.kid}`));
      this.privateKeys.set(key.kid, cached);
    }
    return cached;
  }

  private update(change: (keys: StoredKey[]) => StoredKey[]): void {
    withFileLock(this.path, () => {
      this.load();
      const keys = change(this.keys);
      // Opening an existing ring changes nothing: skip the write so readers need not reload.
      if (keys === this.keys) return;
      const next: KeyRingDocument = { version: 1, keys };
      writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
      this.load();
    });
  }

  private reloadIfChanged(): void {
    if (this.stamp() !== this.fileStamp) this.load();
  }

  private load(): void {
    this.fileStamp = this.stamp();
    if (!existsSync(this.path)) {
      this.keys = [];
      return;
    }
    const doc = JSON.parse(readFileSync(this.path, 'utf8')) as KeyRingDocument;
    if (doc.version !== 1 || !Array.isArray(doc.keys)) throw new KeyRingError(`${this.path}: unsupported key ring format`);
    this.keys = doc.keys;
  }

  private stamp(): string {
    try {
      const s = statSync(this.path);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'absent';
    }
  }
}

function isPublished(key: StoredKey, now: number): boolean {
  if (key.state !== 'retired') return true;
  return key.maxExp !== null && key.maxExp + RETIRED_KEY_GRACE_SECONDS > now;
}

const STATE_ORDER: Record<KeyState, number> = { current: 0, next: 1, retired: 2 };

function sortForPublication(keys: StoredKey[]): StoredKey[] {
  return [...keys].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
}
