/**
 * Save-time checks of Resource/NotResource strings, with IAM's messages (the cases moto recorded
 * from AWS in getmoto/moto tests/test_iam/test_iam_policies.py;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */

/** Partitions IAM accepts in a resource ARN; `*` is not one of them. */
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/** Services whose ARNs never carry a region, with IAM's message for one that does. */
const NO_REGION: Readonly<Record<string, (resource: string) => string>> = {
  iam: (r) => `IAM resource ${r} cannot contain region information.`,
  s3: (r) => `Resource ${r} can not contain region information.`,
};

/**
 * S3 resource types whose ARNs do carry a region, e.g. arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies).
 */
const S3_REGIONAL_RESOURCES = ['accesspoint/', 'job/', 'storage-lens/', 'storage-lens-group/', 'access-grants/', 'async-request/'];

const IAM_PATH_STARTS = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** IAM's message for a malformed resource string, or undefined when the format is acceptable. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const firstColon = resource.indexOf(':');
  if (firstColon === -1) return `Resource ${resource} must be in ARN format or "*".`;
  const afterScheme = resource.slice(firstColon + 1);
  const [partition, rest] = splitOnce(afterScheme);
  if (!PARTITIONS.has(partition)) {
    // IAM echoes the resource back rebuilt as six fields, filling absent ones with "*".
    const parts = rest === undefined ? [''] : rest.split(':');
    const field = (i: number): string => (i < parts.length && (i > 0 || parts[0] !== '' || parts.length > 1) ? (parts[i] as string) : '*');
    const tail = parts.length > 3 ? parts.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${field(0)}:${field(1)}:${field(2)}:${tail}".`;
  }
  if (rest === undefined) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const [service, afterService] = splitOnce(rest);
  const noRegion = NO_REGION[service];
  const [region, afterRegion] = splitOnce(afterService ?? '');
  const path = splitOnce(afterRegion ?? '')[1] ?? '';
  const regional = service === 's3' && S3_REGIONAL_RESOURCES.some((start) => path.startsWith(start));
  if (noRegion && (afterService === undefined || region !== '') && !regional) return noRegion(resource);
  if (service === 'iam') {
    // `arn:aws:iam::123456789012:root` names the account; AWS's message says so.
    if (!IAM_PATH_STARTS.some((start) => path.startsWith(start)) && path !== '*' && path !== 'root') {
      return `IAM resource path must either be "*", root, or start with ${IAM_PATH_STARTS.join(', ')}.`;
    }
  }
  return undefined;
}

/** The legacy parser's objection: an empty service, or "::" in an ARN with fewer than five colons. */
export function failsLegacyResourceParsing(resource: string): boolean {
  if (resource === '*') return false;
  const colons = resource.split(':').length - 1;
  if (colons < 5 && resource.includes('::')) return true;
  return resource.split(':')[2] === '';
}

function splitOnce(text: string): [string, string | undefined] {
  const i = text.indexOf(':');
  return i === -1 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}
