/** Admin access keys (AKIA…): the secret is sealed under the master key and opened on read. */
import { randomBytes } from 'node:crypto';
import { newAccessKeyId } from '../../aws/ids.js';
import type { MasterKey } from '../master-key.js';
import type { AccessKeyRecord, GivenAccessKey } from '../records.js';
import type { AccessKeysTable } from '../schema.js';
import type { RecordContext } from './context.js';
import { iso } from './rows.js';

export interface AccessKeyStore {
  /**
   * Creates an AKIA… key for the account, or stores the given pair (a test set-up's fixed key);
   * the secret is kept encrypted under the master key either way.
   */
  createAccessKey(accountId: string, given?: GivenAccessKey): Promise<AccessKeyRecord>;
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(accountId: string): Promise<AccessKeyRecord[]>;
}

export function accessKeyRecords({ db, masterKey }: RecordContext): AccessKeyStore {
  return {
    async createAccessKey(accountId, given) {
      const record: AccessKeyRecord = {
        accessKeyId: given?.accessKeyId ?? newAccessKeyId(accountId, 'AKIA'),
        // 30 random bytes are exactly 40 base64 characters, the length of an AWS secret key.
        secretAccessKey: given?.secretAccessKey ?? randomBytes(30).toString('base64'),
        accountId,
        status: 'Active',
        createdAt: new Date(),
      };
      await db
        .insertInto('access_keys')
        .values({
          access_key_id: record.accessKeyId,
          account_id: accountId,
          secret_sealed: masterKey.encrypt(record.secretAccessKey, sealContext(record.accessKeyId)),
          status: record.status,
          created_at: iso(record.createdAt),
        })
        .execute();
      return record;
    },

    async findAccessKey(accessKeyId) {
      const row = await db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
      return row && fromRow(row, masterKey);
    },

    async listAccessKeys(accountId) {
      const rows = await db.selectFrom('access_keys').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
      return rows.map((row) => fromRow(row, masterKey));
    },
  };
}

/** Binds each sealed secret to its key id, so a sealed value cannot be moved to another row. */
function sealContext(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}

function fromRow(row: AccessKeysTable, masterKey: MasterKey): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    secretAccessKey: masterKey.decrypt(row.secret_sealed, sealContext(row.access_key_id)).toString('utf8'),
    accountId: row.account_id,
    status: row.status === 'Inactive' ? 'Inactive' : 'Active',
    createdAt: new Date(row.created_at),
  };
}
