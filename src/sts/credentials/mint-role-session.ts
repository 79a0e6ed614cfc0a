/** The one way both AssumeRole actions turn a role and the session's particulars into credentials. */
import type { RoleRecord, Tag } from '../../store/records.js';
import type { SessionKeyRing } from './key-ring.js';
import { mintSessionCredentials, type SessionCredentials } from './mint-credentials.js';

export interface RoleSession {
  sessionName: string;
  sessionPolicies: string[];
  sourceIdentity: string | undefined;
  tags: Tag[];
  transitiveTagKeys: string[];
  now: Date;
  durationSeconds: number;
}

export function mintRoleSession(
  role: Pick<RoleRecord, 'accountId' | 'roleName' | 'arn' | 'roleId'>,
  s: RoleSession,
  ring: SessionKeyRing,
): SessionCredentials {
  // Whole seconds, as AWS's Expiration has no fraction (salrashid123's capture).
  const issuedAt = new Date(Math.floor(s.now.getTime() / 1000) * 1000);
  return mintSessionCredentials(
    {
      accountId: role.accountId,
      roleName: role.roleName,
      roleArn: role.arn,
      roleId: role.roleId,
      sessionName: s.sessionName,
      sessionPolicies: s.sessionPolicies,
      sourceIdentity: s.sourceIdentity ?? null,
      tags: s.tags,
      transitiveTagKeys: s.transitiveTagKeys,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + s.durationSeconds * 1000),
    },
    ring,
  );
}
