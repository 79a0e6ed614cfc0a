/** Versions of a managed policy (CreatePolicyVersion): "v1", "v2", … each with its document. */
import type { PolicyVersionRecord } from '../records.js';
import type { PolicyVersionsTable } from '../schema.js';
import type { RecordContext } from './context.js';
import { deletedAny, iso, translateUnique } from './rows.js';

export interface PolicyVersionStore {
  insertPolicyVersion(version: PolicyVersionRecord): Promise<void>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  /** Newest first, as ListPolicyVersions returns them. */
  listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<boolean>;
}

export function policyVersionRecords({ db }: Pick<RecordContext, 'db'>): PolicyVersionStore {
  return {
    async insertPolicyVersion(version) {
      await translateUnique(`version ${version.versionId} exists`, () =>
        db
          .insertInto('policy_versions')
          .values({
            policy_arn: version.policyArn,
            version_id: version.versionId,
            // Stored as a number too, so versions sort v2 < v10.
            version_number: Number(version.versionId.slice(1)),
            document: version.document,
            created_at: iso(version.createdAt),
          })
          .execute(),
      );
    },

    async getPolicyVersion(policyArn, versionId) {
      const row = await db
        .selectFrom('policy_versions')
        .selectAll()
        .where('policy_arn', '=', policyArn)
        .where('version_id', '=', versionId)
        .executeTakeFirst();
      return row && fromRow(row);
    },

    async listPolicyVersions(policyArn) {
      const rows = await db
        .selectFrom('policy_versions')
        .selectAll()
        .where('policy_arn', '=', policyArn)
        .orderBy('version_number', 'desc')
        .execute();
      return rows.map(fromRow);
    },

    async deletePolicyVersion(policyArn, versionId) {
      const result = await db
        .deleteFrom('policy_versions')
        .where('policy_arn', '=', policyArn)
        .where('version_id', '=', versionId)
        .executeTakeFirst();
      return deletedAny(result);
    },
  };
}

function fromRow(row: PolicyVersionsTable): PolicyVersionRecord {
  return { policyArn: row.policy_arn, versionId: row.version_id, document: row.document, createdAt: new Date(row.created_at) };
}
