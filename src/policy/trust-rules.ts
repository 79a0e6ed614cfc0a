/**
 * What a role trust policy may contain beyond the common grammar: only STS assume-role actions,
 * and principals IAM can resolve (LocalStack's test_iam_roles.snapshot.json;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
import { compileGlob } from './glob.js';
import type { PrincipalBlock } from './model.js';
import { malformed, MESSAGES } from './messages.js';

/** The actions a trust policy may name (a wildcard must cover at least one of them). */
const TRUST_ACTIONS = [
  'sts:assumerole',
  'sts:assumerolewithwebidentity',
  'sts:assumerolewithsaml',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
];

export function isAssumeRoleAction(pattern: string): boolean {
  const test = compileGlob(pattern, true);
  return TRUST_ACTIONS.some((action) => test(action));
}

/** A DNS name (built-in web identity providers such as accounts.google.com). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;
/** A SAML or OIDC provider ARN; OIDC provider names may carry a path and (here) a port. */
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:(saml-provider\/[\w+=,.@-]+|oidc-provider\/[^\s*?]+)$/;
const ACCOUNT = /^[0-9]{12}$/;
const AWS_ARN = /^arn:aws[a-z-]*:(iam::[0-9]{12}:(root|user\/.+|role\/.+|federated-user\/.+)|sts::[0-9]{12}:(assumed-role\/.+|federated-user\/.+))$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;

/** Throws MalformedPolicyDocument for a principal IAM would refuse in a trust policy. */
export function checkTrustPrincipal(block: PrincipalBlock): void {
  if (block.wildcard) return;
  for (const entry of block.entries) {
    for (const value of entry.values) {
      switch (entry.type) {
        case 'Federated':
          if (!DOMAIN.test(value) && !PROVIDER_ARN.test(value)) {
            throw malformed(MESSAGES.federated);
          }
          break;
        case 'AWS':
          if (value !== '*' && !ACCOUNT.test(value) && !AWS_ARN.test(value)) throw invalidPrincipal('AWS', value);
          break;
        case 'Service':
          if (!SERVICE.test(value)) throw invalidPrincipal('Service', value);
          break;
        case 'CanonicalUser':
          if (!/^[0-9a-f]{64}$/.test(value)) throw invalidPrincipal('CanonicalUser', value);
          break;
      }
    }
  }
}

/** 'Invalid principal in policy: "AWS":"arn:…"' (opstrace/opstrace#88). */
function invalidPrincipal(type: string, value: string) {
  return malformed(`Invalid principal in policy: "${type}":"${value}"`);
}
