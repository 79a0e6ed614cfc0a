/**
 * The STS Query service: its actions, and the one that AWS accepts unsigned.
 */
import type { QueryService } from '../aws/service.js';
import { createAssumeRole } from './assume-role.js';
import { createAssumeRoleWithWebIdentity, type AssumeRoleWithWebIdentityDeps } from './assume-role-with-web-identity.js';
import { getAccessKeyInfo } from './get-access-key-info.js';
import { getCallerIdentity } from './get-caller-identity.js';

export type StsDeps = AssumeRoleWithWebIdentityDeps;

export function createStsService(deps: StsDeps): QueryService {
  return {
    name: 'sts',
    version: '2011-06-15',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    actions: new Map([
      ['AssumeRole', createAssumeRole(deps)],
      ['AssumeRoleWithWebIdentity', createAssumeRoleWithWebIdentity(deps)],
      ['GetCallerIdentity', getCallerIdentity],
      ['GetAccessKeyInfo', getAccessKeyInfo],
    ]),
    // botocore/data/sts/2011-06-15/service-2.json marks it smithy.api#noAuth.
    unsignedActions: new Set(['AssumeRoleWithWebIdentity']),
  };
}
