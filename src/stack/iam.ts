/**
 * Trustbridge's IAM: AWS's IAM actions (src/iam) with Trustbridge's additions registered around
 * them, so that IAM itself knows nothing of diagnostics: the decision-log admin actions
 * (ListTrustbridgeDecisions, GetTrustbridgeDecision) and the trust-policy lint warning that
 * CreateRole / UpdateAssumeRolePolicy leave in the decision log.
 */
import type { QueryService } from '../aws/service.js';
import { decisionActionHandlers, trustPolicyWarning } from '../diagnostics/index.js';
import { createIamService, type IamDeps } from '../iam/service.js';
import type { IamStore } from '../iam/ports.js';
import type { DecisionLog } from '../store/store.js';

export interface TrustbridgeIamDeps extends Omit<IamDeps, 'extraActions' | 'onTrustPolicyAccepted'> {
  store: IamStore & DecisionLog;
}

export function createTrustbridgeIam(deps: TrustbridgeIamDeps): QueryService {
  const { store } = deps;
  return createIamService({
    ...deps,
    extraActions: decisionActionHandlers(store),
    async onTrustPolicyAccepted(change) {
      const warning = trustPolicyWarning(change);
      if (warning === undefined) return undefined;
      await store.recordDecision(warning);
      return warning.id;
    },
  });
}
