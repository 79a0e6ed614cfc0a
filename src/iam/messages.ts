/**
 * IAM's error sentences, byte for byte, each with where it was seen. Handlers build errors
 * only through these, so a wording lives in exactly one place (and tests can cite it).
 */
import { iamError } from './inputs.js';

export const messages = {
  // --- OIDC providers (localstack/localstack tests/aws/services/iam/test_iam_oidc.snapshot.json, Feb 2026) ---
  providerExists: (url: string) => iamError.entityAlreadyExists(`Provider with url ${url} already exists.`),
  invalidProviderUrl: () => iamError.validation('Invalid Open ID Connect Provider URL'),
  tooManyThumbprints: () => iamError.invalidInput('Thumbprint list must contain fewer than 5 entries.'),
  tooManyClientIds: () => iamError.limitExceeded('Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100'),
  providerNotFound: (arn: string) => iamError.noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`),
  /** DeleteOpenIDConnectProvider's own wording, mixed capitalisation included (test_iam_oidc.snapshot.json). */
  providerNotFoundOnDelete: (arn: string) => iamError.noSuchEntity(`OpenId connect Provider ${arn} cannot be found.`),
  /**
   * [inferred] AWS's "Cannot exceed quota for <Quota>: <n>" pattern; the quota is 100
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
   */
  tooManyProviders: () => iamError.limitExceeded('Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100'),

  // --- tags (LocalStack test_iam_oidc, test_iam_roles and test_iam_policies snapshots) ---
  tooManyTags: () => iamError.limitExceeded('The number of tags has reached the maximum limit.'),
  duplicateTagKeysCaseInsensitive: () =>
    iamError.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  duplicateTagKeys: () => iamError.invalidInput('Duplicate tag keys found.'),

  // --- roles (localstack/localstack tests/aws/services/iam/test_iam_roles.snapshot.json) ---
  roleExists: (name: string) => iamError.entityAlreadyExists(`Role with name ${name} already exists.`),
  roleNotFound: (name: string) => iamError.noSuchEntity(`The role with name ${name} cannot be found.`),
  mustDetachPolicies: () => iamError.deleteConflict('Cannot delete entity, must detach all policies first.'),
  mustDeletePolicies: () => iamError.deleteConflict('Cannot delete entity, must delete policies first.'),
  /** [inferred] the quota pattern; IAM's default is 1000 roles per account. */
  tooManyRoles: () => iamError.limitExceeded('Cannot exceed quota for RolesPerAccount: 1000'),
  /** The role trust policy quota (2048 characters, whitespace not counted), quoted in many IaC issues. */
  trustPolicyTooLarge: () => iamError.limitExceeded('Cannot exceed quota for ACLSizePerRole: 2048'),
  invalidArn: (arn: string) => iamError.invalidInput(`ARN ${arn} is not valid.`),
  boundaryNotFound: (arn: string) => iamError.noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`),

  /** DeleteRole while an instance profile holds the role (moto's and botocore docs' wording). */
  mustRemoveFromInstanceProfiles: () => iamError.deleteConflict('Cannot delete entity, must remove roles from instance profile first.'),

  // --- instance profiles (moto iam models, which mirror AWS's texts) ---
  instanceProfileExists: (name: string) => iamError.entityAlreadyExists(`Instance Profile ${name} already exists.`),
  instanceProfileNotFound: (name: string) => iamError.noSuchEntity(`Instance Profile ${name} cannot be found.`),
  /** An instance profile holds one role (IAM quotas: "Roles in an instance profile: 1"). */
  instanceProfileFull: () => iamError.limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1'),
  instanceProfileHasRoles: () => iamError.deleteConflict('Cannot delete entity, must remove roles from instance profile first.'),

  // --- inline role policies (test_iam_roles.snapshot.json) ---
  rolePolicyNotFound: (name: string) => iamError.noSuchEntity(`The role policy with name ${name} cannot be found.`),
  /** aws-amplify/amplify-backend#2615; whitespace does not count. */
  inlinePoliciesTooLarge: (roleName: string) => iamError.limitExceeded(`Maximum policy size of 10240 bytes exceeded for role ${roleName}`),

  // --- managed policies (LocalStack test_iam_policies snapshot, Feb 2026) ---
  policyExists: (name: string) => iamError.entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`),
  policyNotFound: (arn: string) => iamError.noSuchEntity(`Policy ${arn} was not found.`),
  policyNotAttachable: (arn: string) => iamError.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`),
  policyVersionNotFound: (arn: string, versionId: string) =>
    iamError.noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  tooManyVersions: () =>
    iamError.limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.'),
  cannotDeleteDefaultVersion: () => iamError.deleteConflict('Cannot delete the default version of a policy.'),
  /** [inferred] moto's and AWS SDK docs' wording for DeletePolicy on an attached policy. */
  policyAttached: () => iamError.deleteConflict('Cannot delete a policy attached to entities.'),
  /** Managed policy documents are limited to 6144 characters (whitespace not counted). */
  managedPolicyTooLarge: () => iamError.limitExceeded('Cannot exceed quota for PolicySize: 6144'),
  /** [inferred] the quota pattern; 10 managed policies per role by default (reference_iam-quotas). */
  tooManyAttachedPolicies: () => iamError.limitExceeded('Cannot exceed quota for PoliciesPerRole: 10'),
  /** [inferred] the quota pattern; 1500 customer managed policies per account. */
  tooManyPolicies: () => iamError.limitExceeded('Cannot exceed quota for PoliciesPerAccount: 1500'),
  malformedArn: (arn: string) => iamError.validation(`ARN ${arn} is not valid.`),

  /** Trustbridge's own extension (SetOpenIDConnectProviderStaticKeys): no AWS wording exists. */
  invalidJwks: () =>
    iamError.invalidInput(
      'Jwks must be a JSON Web Key Set: an object whose "keys" array holds 1 to 100 JWKs, each with a "kty", in at most 64 KiB.',
    ),
};
