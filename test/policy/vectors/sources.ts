/** The AWS documentation pages the vectors are derived from (IAM User Guide). */
const GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';

export const DOCS = {
  OPS: GUIDE + 'reference_policies_elements_condition_operators.html',
  CONDITION: GUIDE + 'reference_policies_elements_condition.html',
  MULTI: GUIDE + 'reference_policies_condition-single-vs-multi-valued-context-keys.html',
  VARS: GUIDE + 'reference_policies_variables.html',
  VERSION: GUIDE + 'reference_policies_elements_version.html',
  ACTION: GUIDE + 'reference_policies_elements_action.html',
  NOTACTION: GUIDE + 'reference_policies_elements_notaction.html',
  RESOURCE: GUIDE + 'reference_policies_elements_resource.html',
  NOTRESOURCE: GUIDE + 'reference_policies_elements_notresource.html',
  PRINCIPAL: GUIDE + 'reference_policies_elements_principal.html',
  NOTPRINCIPAL: GUIDE + 'reference_policies_elements_notprincipal.html',
  EVAL: GUIDE + 'reference_policies_evaluation-logic.html',
  SESSION: GUIDE + 'access_policies.html#policies_session',
  BOUNDARY: GUIDE + 'access_policies_boundaries.html',
  OIDC: GUIDE + 'id_roles_create_for-idp_oidc.html',
  WEBID_KEYS: GUIDE + 'reference_policies_iam-condition-keys.html#condition-keys-wif',
  EXAMPLES_MFA: GUIDE + 'reference_policies_examples_aws_my-sec-creds-self-manage.html',
  EXAMPLES_DATES: GUIDE + 'reference_policies_examples_aws-dates.html',
  EXAMPLES_S3_HOME: GUIDE + 'reference_policies_examples_s3_home-directory-console.html',
  GITLAB: 'https://docs.gitlab.com/ci/cloud_services/aws/',
} as const;
