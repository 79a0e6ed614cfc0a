/**
 * Stops a node whose master key is not the one the store's secrets are sealed under, at open and
 * with a message that says what to do (issue 10, finding 9). Without it a second node with its
 * own key on a shared store failed later with AES-GCM's "Unsupported state or unable to
 * authenticate data".
 *
 * The store keeps a MAC of a fixed label under the key (master_key_check, migration 0003). The
 * first open writes it; a store that predates the check may already hold sealed admin secrets,
 * so before writing, one of them must open under this key, or the wrong key would be enshrined.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { TrustbridgeError } from '../errors.js';
import type { MasterKey } from './master-key.js';
import { sealContext } from './records/access-keys.js';
import type { Database } from './schema.js';

const CHECK_ID = 'master-key';
const CHECK_PURPOSE = 'master-key-check';

/** The master key given to this node does not match the one the store was created with. */
export class MasterKeyMismatchError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_MASTER_KEY_MISMATCH';
  override readonly code = MasterKeyMismatchError.code;
}

function mismatch(where: string): MasterKeyMismatchError {
  return new MasterKeyMismatchError(
    `the master key does not match the store ${where}: its secrets are sealed under another key. ` +
      'Give this node the key of the nodes that created the store: copy their master.key into this data directory (mode 0600), ' +
      'or pass it with --master-key-file FILE or the TRUSTBRIDGE_MASTER_KEY environment variable (base64 of the 32 bytes).',
  );
}

/** Throws MasterKeyMismatchError unless `masterKey` is the store's key; records the check on first open. */
export async function checkMasterKey(db: Kysely<Database>, masterKey: MasterKey, where: string): Promise<void> {
  const mac = masterKey.derive(CHECK_PURPOSE).toString('base64url');
  let stored = await readCheck(db);
  if (stored === undefined) {
    await proveWithSealedSecret(db, masterKey, where);
    await db
      .insertInto('master_key_check')
      .values({ id: CHECK_ID, mac, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    // Another node may have won the race with its own key: compare with whatever is stored now.
    stored = await readCheck(db);
  }
  if (stored === undefined || !sameText(stored, mac)) throw mismatch(where);
}

async function readCheck(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('master_key_check').select('mac').where('id', '=', CHECK_ID).executeTakeFirst();
  return row?.mac;
}

/** A store from before the check: the key must open an admin secret already sealed there, if any. */
async function proveWithSealedSecret(db: Kysely<Database>, masterKey: MasterKey, where: string): Promise<void> {
  const row = await db.selectFrom('access_keys').select(['access_key_id', 'secret_sealed']).limit(1).executeTakeFirst();
  if (row === undefined) return;
  try {
    masterKey.decrypt(row.secret_sealed, sealContext(row.access_key_id));
  } catch {
    throw mismatch(where);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
