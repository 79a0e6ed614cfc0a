/**
 * The IAM Query service: one table of action handlers, assembled from one module per concept
 * (OIDC providers, roles, inline policies, managed policies, attachments, the simulator), plus
 * whatever extra actions the composition root registers (deps.extraActions).
 */
import type { ActionHandler, QueryService } from '../aws/service.js';
import { attachmentActions } from './attachments.js';
import type { IamDeps } from './deps.js';
import { instanceProfileActions } from './instance-profiles.js';
import { managedPolicyActions } from './managed-policies.js';
import { oidcProviderActions } from './oidc-providers.js';
import { createPolicySourceLookup } from './policy-source.js';
import { rolePolicyActions } from './role-policies.js';
import { roleActions } from './roles.js';
import { simulatorActions } from './simulator.js';

export type { IamDeps, TrustPolicyChange } from './deps.js';

export const IAM_VERSION = '2010-05-08';
export const IAM_XML_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function createIamService(deps: IamDeps): QueryService {
  const tables: Array<Record<string, ActionHandler>> = [
    oidcProviderActions(deps),
    roleActions(deps),
    rolePolicyActions(deps),
    managedPolicyActions(deps),
    attachmentActions(deps),
    instanceProfileActions(deps),
    simulatorActions(createPolicySourceLookup(deps.store)),
    Object.fromEntries(deps.extraActions ?? []),
  ];
  const actions = new Map<string, ActionHandler>();
  for (const table of tables) for (const [name, handler] of Object.entries(table)) actions.set(name, handler);
  return { name: 'iam', version: IAM_VERSION, xmlNamespace: IAM_XML_NAMESPACE, actions, unsignedActions: new Set() };
}
