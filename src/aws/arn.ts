/**
 * ARNs: `arn:partition:service:region:account-id:resource`. The resource may itself contain
 * colons and slashes (`role/path/name`, `oidc-provider/host:port/path`), so only the first five
 * separators split.
 */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  // The five separators by hand: splitting on every colon and joining the resource's back showed
  // on STS's hot path, which reads a role ARN on every call.
  const cuts = [3];
  for (let i = 0; i < 4; i++) {
    const next = text.indexOf(':', cuts[i]! + 1);
    if (next === -1) return undefined;
    cuts.push(next);
  }
  const field = (i: number): string => text.slice(cuts[i]! + 1, cuts[i + 1]);
  const partition = field(0);
  const service = field(1);
  if (partition === '' || service === '') return undefined;
  return { partition, service, region: field(2), accountId: field(3), resource: text.slice(cuts[4]! + 1) };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}

/** `arn:aws:iam::ACCT:role/PATH/NAME`; `path` is `/` or `/a/b/` as IAM stores it. */
export function roleArn(accountId: string, roleName: string, path = '/'): string {
  return iamArn(accountId, `role${path}${roleName}`);
}

export function policyArn(accountId: string, policyName: string, path = '/'): string {
  return iamArn(accountId, `policy${path}${policyName}`);
}

export function instanceProfileArn(accountId: string, name: string, path = '/'): string {
  return iamArn(accountId, `instance-profile${path}${name}`);
}

export function userArn(accountId: string, userName: string, path = '/'): string {
  return iamArn(accountId, `user${path}${userName}`);
}

/** `arn:aws:iam::ACCT:oidc-provider/HOST[:PORT]/PATH` (issuer URL without its scheme). */
export function oidcProviderArn(accountId: string, issuerHostAndPath: string): string {
  return iamArn(accountId, `oidc-provider/${issuerHostAndPath}`);
}

/** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`: the role path is left out, as AWS does
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html). */
export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return formatArn({ partition: 'aws', service: 'sts', region: '', accountId, resource: `assumed-role/${roleName}/${sessionName}` });
}

function iamArn(accountId: string, resource: string): string {
  return formatArn({ partition: 'aws', service: 'iam', region: '', accountId, resource });
}
