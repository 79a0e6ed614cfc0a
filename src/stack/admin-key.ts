/**
 * The account's admin access key: generated on first start, or a pair the operator fixes with
 * --admin-access-key-id/--admin-secret-access-key (TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID /
 * TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY), as emulator users wire LocalStack's `test`/`test` into CI
 * files. A given pair is stored sealed like a generated one.
 */
import type { AccessKeyRecord, GivenAccessKey } from '../store/records.js';
import type { Store } from '../store/store.js';

/**
 * IAM's accessKeyIdType is `[\w]+` (botocore/data/iam/2010-05-08/service-2.json); the 16-character
 * minimum is dropped so `test` works. ASIA… is left to session credentials, which are routed by it.
 */
const ACCESS_KEY_ID = /^\w{1,128}$/;
/** Printable ASCII, no spaces: what a shell variable or a credentials file carries unquoted. */
const SECRET = /^[\x21-\x7e]{1,128}$/;
/** Below this, a secret can be guessed; AWS's own are 40 characters. */
const MIN_STRONG_SECRET = 20;
/** Secrets published in emulators' and AWS's documentation. */
const WELL_KNOWN_SECRETS = new Set([
  'test',
  'testing',
  'secret',
  'password',
  'minioadmin',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
]);

/** A given key pair that cannot be used; the message says what to pass instead. */
export class AdminKeyError extends Error {}

/** The given pair from flags, else from the environment; undefined when neither names one. */
export function readGivenAdminKey(flags: { adminAccessKeyId?: string; adminSecretAccessKey?: string }, env: NodeJS.ProcessEnv): GivenAccessKey | undefined {
  const accessKeyId = flags.adminAccessKeyId ?? env['TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID'];
  const secretAccessKey = flags.adminSecretAccessKey ?? env['TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY'];
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new AdminKeyError('give both --admin-access-key-id and --admin-secret-access-key (or both TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID and TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY)');
  }
  if (!ACCESS_KEY_ID.test(accessKeyId) || accessKeyId.startsWith('ASIA')) {
    throw new AdminKeyError('the admin access key ID must be 1-128 letters, digits or underscores, and not start with ASIA (kept for session credentials)');
  }
  if (!SECRET.test(secretAccessKey)) throw new AdminKeyError('the admin secret access key must be 1-128 printable ASCII characters without spaces');
  return { accessKeyId, secretAccessKey };
}

/** A start-up warning for a secret fit only for test set-ups; undefined for a strong one. Never quotes the secret. */
export function weakSecretWarning(given: GivenAccessKey): string | undefined {
  const weakness = WELL_KNOWN_SECRETS.has(given.secretAccessKey) ? 'well known' : given.secretAccessKey.length < MIN_STRONG_SECRET ? `short (under ${MIN_STRONG_SECRET} characters)` : undefined;
  if (weakness === undefined) return undefined;
  return `WARNING: the admin secret access key of ${given.accessKeyId} is ${weakness}: anyone who can reach the API can act as the account root. Use it for test set-ups only.`;
}

/**
 * The admin key to hand out: the given pair (stored on first use), else the account's first
 * active key, created on first start.
 */
export async function ensureAdminKey(store: Store, accountId: string, given?: GivenAccessKey): Promise<AccessKeyRecord> {
  if (given !== undefined) return ensureGivenKey(store, accountId, given);
  const existing = (await store.listAccessKeys(accountId)).find((k) => k.status === 'Active');
  return existing ?? store.createAccessKey(accountId);
}

async function ensureGivenKey(store: Store, accountId: string, given: GivenAccessKey): Promise<AccessKeyRecord> {
  const stored = await store.findAccessKey(given.accessKeyId);
  if (stored === undefined) return store.createAccessKey(accountId, given);
  if (stored.accountId !== accountId || stored.secretAccessKey !== given.secretAccessKey || stored.status !== 'Active') {
    throw new AdminKeyError(
      `the store already holds access key ${given.accessKeyId} with another secret, account or status: pass the secret it was created with, or another key ID`,
    );
  }
  return stored;
}
