/**
 * STS's own list: the call's parameters and session policy first, the shared web-identity
 * checks (web-identity-checks.ts), then what only issuing a session needs — DurationSeconds
 * against the role's MaxSessionDuration, the packed size of session policies and tags, and the
 * managed session policies. Run to the first failure by the AssumeRoleWithWebIdentity action.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
import { defineCheck, type Check } from '../../aws/check-pipeline.js';
import { readAssumeWebIdentityInput } from '../assume-input.js';
import { packedPolicySize } from '../packed-size.js';
import type { StsDirectory } from '../ports.js';
import { checkInlineSessionPolicy, sessionPolicyDocuments } from '../session-policies.js';
import { validationMessage } from '../../aws/validation-error.js';
import type { WebIdentityEnv, WebIdentityFacts } from './facts.js';
import { ExplainedFailure } from './failure.js';
import { WEB_IDENTITY_CHECKS } from './web-identity-checks.js';

type F = WebIdentityFacts;
export interface StsEnv extends WebIdentityEnv {
  directory: StsDirectory;
}

const parameters = defineCheck<F, StsEnv, 'params', 'input' | 'roleArn' | 'token' | 'sessionName'>({
  name: 'parameters',
  needs: ['params'],
  run: ({ params }) => {
    const input = readAssumeWebIdentityInput(params);
    return { input, roleArn: input.roleArn, token: input.webIdentityToken, sessionName: input.roleSessionName };
  },
  describe: () => 'every parameter is valid',
});

const sessionPolicy = defineCheck<F, StsEnv, 'input', never>({
  name: 'session policy',
  needs: ['input'],
  run: ({ input }) => {
    checkInlineSessionPolicy(input.policy);
    return {};
  },
  describe: (_found, { input }) => (input.policy === undefined ? 'none given' : 'a valid session policy'),
});

const duration = defineCheck<F, StsEnv, 'input' | 'role', never>({
  name: 'duration',
  needs: ['input', 'role'],
  run: ({ input, role }) => {
    if (input.durationSeconds > role.maxSessionDuration) {
      throw new ExplainedFailure(
        validationMessage('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
        `DurationSeconds ${input.durationSeconds} exceeds the role's MaxSessionDuration ${role.maxSessionDuration}`,
      );
    }
    return {};
  },
  // No describe: the log has always shown this step only when it refuses.
});

const packedSize = defineCheck<F, StsEnv, 'input', 'packedSize'>({
  name: 'packed size',
  needs: ['input'],
  run: ({ input, tags }) => ({
    packedSize: packedPolicySize({ policy: input.policy, policyArns: input.policyArns, tags: tags?.tags ?? [], transitiveTagKeys: tags?.transitiveTagKeys ?? [] }),
  }),
  describe: ({ packedSize: size }) => (size === undefined ? 'nothing to pack' : `${size}%`),
});

const policyArns = defineCheck<F, StsEnv, 'input', 'sessionPolicies'>({
  name: 'policy arns',
  needs: ['input'],
  run: async ({ input }, { directory }) => ({ sessionPolicies: await sessionPolicyDocuments(directory, input.policy, input.policyArns) }),
  describe: ({ sessionPolicies }) => `${sessionPolicies.length} session policy document(s)`,
});

export const STS_CHECKS: ReadonlyArray<Check<F, StsEnv>> = [parameters, sessionPolicy, ...WEB_IDENTITY_CHECKS, duration, packedSize, policyArns];
