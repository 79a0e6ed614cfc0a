/**
 * Whole-request vectors: actions, resources, principals, their Not forms, deny precedence,
 * session intersection, boundaries, policy variables, Version handling, missing context values
 * and GitLab trust policies. Each cites the AWS (or GitLab) page it is derived from.
 */
import type { ContextValue, Decision, PrincipalType } from '../../../src/policy/index.js';
import { DOCS } from './sources.js';

export interface RequestVector {
  name: string;
  source: string;
  identity?: object[];
  session?: object[];
  boundary?: object[];
  trust?: object;
  request: {
    action: string;
    resource?: string;
    principal?: { type: PrincipalType; id: string };
    context?: Record<string, ContextValue>;
  };
  expect: Decision;
  /** Expected missingContextValues (exact list, order-insensitive). */
  missing?: string[];
  /** Expected Sids of matchedStatements (order-insensitive). */
  matchedSids?: string[];
}

type Statement = Record<string, unknown>;

const doc = (...Statement: Statement[]): object => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

const ACCT = '123456789012';
const PROVIDER = `arn:aws:iam::${ACCT}:oidc-provider/gitlab.example.com`;
const ROLE = `arn:aws:iam::${ACCT}:role/gitlab-deploy`;
const WEB = 'sts:AssumeRoleWithWebIdentity';
const SUB = 'gitlab.example.com:sub';
const AUD = 'gitlab.example.com:aud';
const sub = (project: string, type: 'branch' | 'tag', ref: string): string => `project_path:${project}:ref_type:${type}:ref:${ref}`;
const federated = { type: 'Federated' as const, id: PROVIDER };

/** The GitLab tutorial's trust policy, with `conditions` as its Condition block. */
const gitlabTrust = (conditions: Record<string, Record<string, unknown>>, principal: unknown = { Federated: PROVIDER }, action: unknown = WEB): object =>
  doc({ Sid: 'GitLab', Effect: 'Allow', Principal: principal, Action: action, Condition: conditions });
const webRequest = (subject: string | undefined, extra: Record<string, ContextValue> = {}) => ({
  action: WEB,
  resource: ROLE,
  principal: federated,
  context: { ...(subject === undefined ? {} : { [SUB]: subject }), [AUD]: 'https://gitlab.example.com', ...extra },
});

const { ACTION, NOTACTION, RESOURCE, NOTRESOURCE, PRINCIPAL, NOTPRINCIPAL, EVAL, SESSION, BOUNDARY, VARS, VERSION, OIDC, GITLAB } = DOCS;

const actionVectors: RequestVector[] = [
  ['s3:GetObject', 's3:GetObject', 'allowed'],
  ['IAM:listaccesskeys', 'iam:ListAccessKeys', 'allowed'],
  ['iam:ListAccessKeys', 'IAM:LISTACCESSKEYS', 'allowed'],
  ['s3:*', 's3:PutObject', 'allowed'],
  ['s3:*Object', 's3:GetObjectAcl', 'implicitDeny'],
  ['s3:*Object', 's3:DeleteObject', 'allowed'],
  ['iam:*AccessKey*', 'iam:CreateAccessKey', 'allowed'],
  ['iam:*AccessKey*', 'iam:ListUsers', 'implicitDeny'],
  ['*', 'ec2:RunInstances', 'allowed'],
  ['s3:Get?bject', 's3:GetObject', 'allowed'],
  ['ec2:*', 's3:GetObject', 'implicitDeny'],
  ['s3:get*', 's3:GetObject', 'allowed'],
  ['sts:AssumeRole*', WEB, 'allowed'],
  ['sts:AssumeRole', WEB, 'implicitDeny'],
  ['s3:GetObject', 's3:GetObjectVersion', 'implicitDeny'],
  ['s3:List*', 's3:ListBucket', 'allowed'],
].map(([pattern, action, expect]) => ({
  name: `Action ${pattern} vs ${action}`,
  source: ACTION,
  identity: [doc(allow(pattern as string))],
  request: { action: action as string },
  expect: expect as Decision,
}));

actionVectors.push(
  {
    name: 'Action list is ORed',
    source: ACTION,
    identity: [doc(allow(['sqs:SendMessage', 'sqs:ReceiveMessage']))],
    request: { action: 'sqs:ReceiveMessage' },
    expect: 'allowed',
  },
  {
    name: 'Allow NotAction iam:* allows s3',
    source: NOTACTION,
    identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    request: { action: 's3:GetObject' },
    expect: 'allowed',
  },
  {
    name: 'Allow NotAction iam:* does not allow iam',
    source: NOTACTION,
    identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    request: { action: 'iam:CreateUser' },
    expect: 'implicitDeny',
  },
  {
    name: 'Deny NotAction denies everything not listed unless MFA (example)',
    source: DOCS.EXAMPLES_MFA,
    identity: [
      doc(
        allow('*'),
        {
          Sid: 'DenyAllExceptListedIfNoMFA',
          Effect: 'Deny',
          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'sts:GetSessionToken'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ),
    ],
    request: { action: 's3:ListBucket' },
    expect: 'explicitDeny',
    matchedSids: ['DenyAllExceptListedIfNoMFA'],
  },
  {
    name: 'Deny NotAction leaves listed actions to the allow (no MFA key)',
    source: DOCS.EXAMPLES_MFA,
    identity: [
      doc(allow('*'), {
        Effect: 'Deny',
        NotAction: ['iam:GetUser', 'sts:GetSessionToken'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
    ],
    request: { action: 'sts:GetSessionToken' },
    expect: 'allowed',
  },
  {
    name: 'Deny NotAction does not deny with MFA present',
    source: DOCS.EXAMPLES_MFA,
    identity: [
      doc(allow('*'), {
        Effect: 'Deny',
        NotAction: ['iam:GetUser'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
    ],
    request: { action: 's3:ListBucket', context: { 'aws:MultiFactorAuthPresent': true } },
    expect: 'allowed',
  },
  {
    name: 'NotAction is case-insensitive',
    source: NOTACTION,
    identity: [doc({ Effect: 'Allow', NotAction: 'IAM:*', Resource: '*' })],
    request: { action: 'iam:CreateUser' },
    expect: 'implicitDeny',
  },
);

const resourceVectors: RequestVector[] = (
  [
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', 'allowed'],
    ['arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', 'implicitDeny'],
    ['arn:aws:s3:::b/reports/*', 'arn:aws:s3:::b/reports/2024/q1.csv', 'allowed'],
    ['arn:aws:s3:::b/reports/*', 'arn:aws:s3:::b/reports/', 'allowed'],
    ['arn:aws:s3:::b/reports/*', 'arn:aws:s3:::b/reports', 'implicitDeny'],
    [`arn:aws:logs:us-east-1:${ACCT}:*`, `arn:aws:logs:us-east-1:${ACCT}:log-group:g:log-stream:s`, 'allowed'],
    ['arn:aws:logs:*:log-group:g', `arn:aws:logs:us-east-1:${ACCT}:log-group:g`, 'implicitDeny'],
    ['*', 'not-an-arn', 'allowed'],
    [`arn:aws:iam::${ACCT}:role/?`, `arn:aws:iam::${ACCT}:role/a`, 'allowed'],
    [`arn:aws:iam::${ACCT}:role/?`, `arn:aws:iam::${ACCT}:role/ab`, 'implicitDeny'],
    ['arn:aws:dynamodb:*:*:table/MyTable', `arn:aws:dynamodb:eu-west-1:${ACCT}:table/MyTable`, 'allowed'],
    ['arn:aws:dynamodb:*:*:table/MyTable', `arn:aws:dynamodb:eu-west-1:${ACCT}:table/MyTable2`, 'implicitDeny'],
    ['arn:aws:iam::*:role/*', `arn:aws:iam::${ACCT}:user/bob`, 'implicitDeny'],
    ['arn:aws:iam::*:role/*', `arn:aws:iam::${ACCT}:role/path/deep`, 'allowed'],
    ['arn:aws:*:*:*:*', 'arn:aws:s3:::bucket', 'allowed'],
    ['arn:aws:ec2:*:*:instance/*', `arn:aws:ec2:us-east-1:${ACCT}:volume/v-1`, 'implicitDeny'],
    ['arn:aws:s3:::*', 'arn:aws:s3:::any/key:with:colons', 'allowed'],
    ['arn:aws:sqs:us-*-1:*:q', `arn:aws:sqs:us-west-1:${ACCT}:q`, 'allowed'],
    ['arn:aws:sqs:us-*-1:*:q', `arn:aws:sqs:eu-west-1:${ACCT}:q`, 'implicitDeny'],
  ] as const
).map(([pattern, resource, expect]) => ({
  name: `Resource ${pattern} vs ${resource}`,
  source: RESOURCE,
  identity: [doc(allow('s3:GetObject', pattern))],
  request: { action: 's3:GetObject', resource },
  expect,
}));

resourceVectors.push(
  {
    name: 'Resource list is ORed',
    source: RESOURCE,
    identity: [doc(allow('s3:GetObject', ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*']))],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x' },
    expect: 'allowed',
  },
  {
    name: 'Deny NotResource denies outside the listed resources',
    source: NOTRESOURCE,
    identity: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] })],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::Other/x' },
    expect: 'explicitDeny',
  },
  {
    name: 'Deny NotResource does not deny the listed resources',
    source: NOTRESOURCE,
    identity: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] })],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::HRBucket/Payroll/jan.csv' },
    expect: 'allowed',
  },
  {
    name: 'Allow NotResource allows everything but the listed',
    source: NOTRESOURCE,
    identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::public/x' },
    expect: 'allowed',
  },
  {
    name: 'Allow NotResource excludes the listed',
    source: NOTRESOURCE,
    identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x' },
    expect: 'implicitDeny',
  },
  {
    name: 'NotResource * matches nothing',
    source: NOTRESOURCE,
    identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: '*' })],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::x' },
    expect: 'implicitDeny',
  },
);

const principalVectors: RequestVector[] = [
  { name: 'Federated provider ARN matches exactly', trust: gitlabTrust({}), principal: federated, expect: 'allowed' },
  {
    name: 'Federated: another provider does not match',
    trust: gitlabTrust({}),
    principal: { type: 'Federated', id: `arn:aws:iam::${ACCT}:oidc-provider/gitlab.other.com` },
    expect: 'implicitDeny',
  },
  {
    name: 'Federated: same host in another account does not match',
    trust: gitlabTrust({}),
    principal: { type: 'Federated', id: 'arn:aws:iam::999999999999:oidc-provider/gitlab.example.com' },
    expect: 'implicitDeny',
  },
  {
    name: 'Federated: matching is case-sensitive',
    trust: gitlabTrust({}),
    principal: { type: 'Federated', id: PROVIDER.replace('gitlab', 'GitLab') },
    expect: 'implicitDeny',
  },
  { name: 'Principal "*" matches a federated caller', trust: gitlabTrust({}, '*'), principal: federated, expect: 'allowed' },
  { name: 'Principal {"AWS":"*"} equals "*"', trust: gitlabTrust({}, { AWS: '*' }), principal: federated, expect: 'allowed' },
  {
    name: 'Federated list is ORed',
    trust: gitlabTrust({}, { Federated: ['accounts.google.com', PROVIDER] }),
    principal: federated,
    expect: 'allowed',
  },
  {
    name: 'An AWS principal does not match a Federated statement',
    trust: gitlabTrust({}),
    principal: { type: 'AWS', id: `arn:aws:iam::${ACCT}:role/other` },
    expect: 'implicitDeny',
  },
  {
    name: 'AWS account id stands for every principal of the account',
    trust: doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }),
    principal: { type: 'AWS', id: `arn:aws:iam::${ACCT}:role/ci` },
    action: 'sts:AssumeRole',
    expect: 'allowed',
  },
  {
    name: 'AWS :root ARN stands for the account',
    trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
    principal: { type: 'AWS', id: `arn:aws:sts::${ACCT}:assumed-role/ci/session` },
    action: 'sts:AssumeRole',
    expect: 'allowed',
  },
  {
    name: 'AWS account principal does not admit another account',
    trust: doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }),
    principal: { type: 'AWS', id: 'arn:aws:iam::999999999999:role/ci' },
    action: 'sts:AssumeRole',
    expect: 'implicitDeny',
  },
  {
    name: 'AWS role ARN principal matches exactly',
    trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/ci` }, Action: 'sts:AssumeRole' }),
    principal: { type: 'AWS', id: `arn:aws:iam::${ACCT}:role/ci2` },
    action: 'sts:AssumeRole',
    expect: 'implicitDeny',
  },
  {
    name: 'Service principal',
    trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    principal: { type: 'Service', id: 'ec2.amazonaws.com' },
    action: 'sts:AssumeRole',
    expect: 'allowed',
  },
  {
    name: 'Built-in web identity provider by name',
    trust: gitlabTrust({}, { Federated: 'accounts.google.com' }),
    principal: { type: 'Federated', id: 'accounts.google.com' },
    expect: 'allowed',
  },
  {
    name: 'Trust policy action sts:AssumeRole does not cover web identity',
    trust: gitlabTrust({}, { Federated: PROVIDER }, 'sts:AssumeRole'),
    principal: federated,
    expect: 'implicitDeny',
  },
  {
    name: 'Trust policy with sts:* covers web identity',
    trust: gitlabTrust({}, { Federated: PROVIDER }, 'sts:*'),
    principal: federated,
    expect: 'allowed',
  },
  {
    name: 'NotPrincipal Deny denies everyone but the listed',
    trust: doc(
      { Effect: 'Allow', Principal: '*', Action: WEB },
      { Effect: 'Deny', NotPrincipal: { Federated: PROVIDER }, Action: WEB },
    ),
    principal: { type: 'Federated', id: 'accounts.google.com' },
    expect: 'explicitDeny',
  },
  {
    name: 'NotPrincipal Deny spares the listed principal',
    trust: doc(
      { Effect: 'Allow', Principal: '*', Action: WEB },
      { Effect: 'Deny', NotPrincipal: { Federated: PROVIDER }, Action: WEB },
    ),
    principal: federated,
    expect: 'allowed',
  },
  {
    name: 'A trust policy Deny for the principal wins',
    trust: doc({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: WEB }, { Effect: 'Deny', Principal: { Federated: PROVIDER }, Action: WEB }),
    principal: federated,
    expect: 'explicitDeny',
  },
].map((v) => ({
  name: v.name,
  source: v.name.startsWith('NotPrincipal') ? NOTPRINCIPAL : PRINCIPAL,
  trust: v.trust,
  identity: [],
  request: { action: v.action ?? WEB, resource: ROLE, principal: v.principal as { type: PrincipalType; id: string }, context: {} },
  expect: v.expect as Decision,
}));

const precedenceVectors: RequestVector[] = [
  {
    name: 'No policy: implicit deny',
    source: EVAL,
    identity: [],
    request: { action: 's3:GetObject' },
    expect: 'implicitDeny',
  },
  {
    name: 'Explicit deny beats an allow in the same policy',
    source: EVAL,
    identity: [doc(allow('s3:*'), { Sid: 'NoDelete', ...deny('s3:DeleteObject') })],
    request: { action: 's3:DeleteObject' },
    expect: 'explicitDeny',
    matchedSids: ['NoDelete'],
  },
  {
    name: 'Explicit deny in another policy beats an allow',
    source: EVAL,
    identity: [doc(allow('s3:*')), doc(deny('s3:*'))],
    request: { action: 's3:GetObject' },
    expect: 'explicitDeny',
  },
  {
    name: 'A deny that does not match leaves the allow',
    source: EVAL,
    identity: [doc(allow('s3:*'), deny('s3:DeleteObject'))],
    request: { action: 's3:GetObject' },
    expect: 'allowed',
  },
  {
    name: 'Allows across policies are ORed',
    source: EVAL,
    identity: [doc(allow('s3:GetObject')), doc(allow('s3:PutObject'))],
    request: { action: 's3:PutObject' },
    expect: 'allowed',
  },
  {
    name: 'A conditional deny applies only when its condition holds',
    source: EVAL,
    identity: [doc(allow('s3:*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))],
    request: { action: 's3:GetObject', context: { 'aws:SecureTransport': false } },
    expect: 'explicitDeny',
  },
  {
    name: 'A conditional deny with its key missing does not apply',
    source: EVAL,
    identity: [doc(allow('s3:*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))],
    request: { action: 's3:GetObject' },
    expect: 'allowed',
    missing: ['aws:SecureTransport'],
  },
  {
    name: 'Deny with StringNotEquals "*" always denies (pitfall)',
    source: OPS_PITFALL(),
    identity: [doc(allow('s3:*'), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:username': '*' } } }))],
    request: { action: 's3:GetObject', context: { 'aws:username': 'alice' } },
    expect: 'explicitDeny',
  },
  {
    name: 'Deny with StringEquals "*" never denies (pitfall)',
    source: OPS_PITFALL(),
    identity: [doc(allow('s3:*'), deny('s3:*', '*', { Condition: { StringEquals: { 'aws:username': '*' } } }))],
    request: { action: 's3:GetObject', context: { 'aws:username': 'alice' } },
    expect: 'allowed',
  },
  {
    name: 'Deny with negated IfExists and missing key still denies',
    source: DOCS.OPS,
    identity: [doc(allow('ec2:*'), deny('ec2:RunInstances', '*', { Condition: { StringNotEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } } }))],
    request: { action: 'ec2:RunInstances' },
    expect: 'explicitDeny',
  },
  {
    name: 'Several operators are ANDed (date window, inside)',
    source: DOCS.EXAMPLES_DATES,
    identity: [
      doc(
        allow('ec2:*', '*', {
          Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } },
        }),
      ),
    ],
    request: { action: 'ec2:RunInstances', context: { 'aws:CurrentTime': '2020-05-01T12:00:00Z' } },
    expect: 'allowed',
  },
  {
    name: 'Several operators are ANDed (date window, after)',
    source: DOCS.EXAMPLES_DATES,
    identity: [
      doc(
        allow('ec2:*', '*', {
          Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } },
        }),
      ),
    ],
    request: { action: 'ec2:RunInstances', context: { 'aws:CurrentTime': '2020-07-01T00:00:00Z' } },
    expect: 'implicitDeny',
  },
  {
    name: 'Several keys under one operator are ANDed (both match)',
    source: DOCS.CONDITION,
    identity: [doc(allow('ec2:*', '*', { Condition: { StringEquals: { 'ec2:ResourceTag/Project': 'DataAnalytics', 'aws:PrincipalTag/Department': 'Data' } } }))],
    request: { action: 'ec2:StartInstances', context: { 'ec2:ResourceTag/Project': 'DataAnalytics', 'aws:PrincipalTag/Department': 'Data' } },
    expect: 'allowed',
  },
  {
    name: 'Several keys under one operator are ANDed (one fails)',
    source: DOCS.CONDITION,
    identity: [doc(allow('ec2:*', '*', { Condition: { StringEquals: { 'ec2:ResourceTag/Project': 'DataAnalytics', 'aws:PrincipalTag/Department': 'Data' } } }))],
    request: { action: 'ec2:StartInstances', context: { 'ec2:ResourceTag/Project': 'DataAnalytics', 'aws:PrincipalTag/Department': 'Sales' } },
    expect: 'implicitDeny',
  },
  {
    name: 'Empty Condition block is true',
    source: DOCS.CONDITION,
    identity: [doc(allow('s3:*', '*', { Condition: {} }))],
    request: { action: 's3:GetObject' },
    expect: 'allowed',
  },
];

function OPS_PITFALL(): string {
  return DOCS.OPS + '#Conditions_String';
}

const sessionVectors: RequestVector[] = [
  {
    name: 'Session policy allows and identity allows: allowed',
    identity: [doc(allow('s3:*'))],
    session: [doc(allow('s3:GetObject'))],
    request: { action: 's3:GetObject' },
    expect: 'allowed',
  },
  {
    name: 'Session policy does not allow: implicit deny',
    identity: [doc(allow('s3:*'))],
    session: [doc(allow('s3:GetObject'))],
    request: { action: 's3:PutObject' },
    expect: 'implicitDeny',
  },
  {
    name: 'Session policy cannot grant beyond identity',
    identity: [doc(allow('s3:GetObject'))],
    session: [doc(allow('*'))],
    request: { action: 'ec2:RunInstances' },
    expect: 'implicitDeny',
  },
  {
    name: 'Explicit deny in the session policy denies',
    identity: [doc(allow('s3:*'))],
    session: [doc(allow('s3:*'), deny('s3:DeleteObject'))],
    request: { action: 's3:DeleteObject' },
    expect: 'explicitDeny',
  },
  {
    name: 'Explicit deny in identity denies despite the session allow',
    identity: [doc(allow('s3:*'), deny('s3:DeleteObject'))],
    session: [doc(allow('s3:*'))],
    request: { action: 's3:DeleteObject' },
    expect: 'explicitDeny',
  },
  {
    name: 'Several session policies: any one allowing suffices',
    identity: [doc(allow('s3:*'))],
    session: [doc(allow('s3:GetObject')), doc(allow('s3:PutObject'))],
    request: { action: 's3:PutObject' },
    expect: 'allowed',
  },
  {
    name: 'No session policy: identity decides',
    identity: [doc(allow('s3:*'))],
    session: [],
    request: { action: 's3:PutObject' },
    expect: 'allowed',
  },
  {
    name: 'Session policy with a resource scope narrows the identity allow',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::*'))],
    session: [doc(allow('s3:GetObject', 'arn:aws:s3:::public/*'))],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::private/x' },
    expect: 'implicitDeny',
  },
  {
    name: 'Session policy conditions apply',
    identity: [doc(allow('s3:*'))],
    session: [doc(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }))],
    request: { action: 's3:GetObject', context: { 'aws:SourceIp': '198.51.100.1' } },
    expect: 'implicitDeny',
  },
].map((v) => ({ ...v, source: SESSION }) as RequestVector);

const boundaryVectors: RequestVector[] = [
  {
    name: 'Boundary allows and identity allows: allowed',
    identity: [doc(allow('s3:*'))],
    boundary: [doc(allow('s3:*'))],
    request: { action: 's3:GetObject' },
    expect: 'allowed',
  },
  {
    name: 'Boundary does not allow: implicit deny',
    identity: [doc(allow('*'))],
    boundary: [doc(allow('s3:*'))],
    request: { action: 'iam:CreateUser' },
    expect: 'implicitDeny',
  },
  {
    name: 'Boundary alone grants nothing',
    identity: [],
    boundary: [doc(allow('*'))],
    request: { action: 's3:GetObject' },
    expect: 'implicitDeny',
  },
  {
    name: 'Deny in a boundary denies',
    identity: [doc(allow('*'))],
    boundary: [doc(allow('*'), deny('iam:*'))],
    request: { action: 'iam:CreateUser' },
    expect: 'explicitDeny',
  },
].map((v) => ({ ...v, source: BOUNDARY }) as RequestVector);

const variableVectors: RequestVector[] = [
  {
    name: '${aws:username} in Resource',
    identity: [doc(allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}'))],
    request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/alice`, context: { 'aws:username': 'alice' } },
    expect: 'allowed',
  },
  {
    name: '${aws:username} in Resource, another user',
    identity: [doc(allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}'))],
    request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/bob`, context: { 'aws:username': 'alice' } },
    expect: 'implicitDeny',
  },
  {
    name: 'Variable with no value: the match fails',
    identity: [doc(allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}'))],
    request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/alice` },
    expect: 'implicitDeny',
    missing: ['aws:username'],
  },
  {
    name: 'Variable default value',
    identity: [doc(allow('s3:GetObject', "arn:aws:s3:::b/${aws:username, 'anonymous'}/*"))],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/anonymous/x' },
    expect: 'allowed',
  },
  {
    name: 'Variable default not used when the key is present',
    identity: [doc(allow('s3:GetObject', "arn:aws:s3:::b/${aws:username, 'anonymous'}/*"))],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/anonymous/x', context: { 'aws:username': 'alice' } },
    expect: 'implicitDeny',
  },
  {
    name: 'Variable in a StringEquals value',
    identity: [doc(allow('ec2:*', '*', { Condition: { StringEquals: { 'ec2:ResourceTag/VolumeUser': '${aws:username}' } } }))],
    request: { action: 'ec2:AttachVolume', context: { 'ec2:ResourceTag/VolumeUser': 'alice', 'aws:username': 'alice' } },
    expect: 'allowed',
  },
  {
    name: 'Variable in a StringLike value keeps the pattern wildcard',
    identity: [doc(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': ['home/${aws:userid}/*'] } } }))],
    request: { action: 's3:ListBucket', context: { 's3:prefix': 'home/AIDA1/docs', 'aws:userid': 'AIDA1' } },
    expect: 'allowed',
  },
  {
    name: 'A "*" inside a substituted value is literal in StringLike',
    identity: [doc(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': ['home/${aws:userid}'] } } }))],
    request: { action: 's3:ListBucket', context: { 's3:prefix': 'home/anything', 'aws:userid': '*' } },
    expect: 'implicitDeny',
  },
  {
    name: '${*} is a literal asterisk in StringLike',
    identity: [doc(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': 'a${*}' } } }))],
    request: { action: 's3:ListBucket', context: { 's3:prefix': 'abc' } },
    expect: 'implicitDeny',
  },
  {
    name: '${*} matches a literal asterisk',
    identity: [doc(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': 'a${*}' } } }))],
    request: { action: 's3:ListBucket', context: { 's3:prefix': 'a*' } },
    expect: 'allowed',
  },
  {
    name: '${?} and ${$} escapes',
    identity: [doc(allow('s3:ListBucket', '*', { Condition: { StringEquals: { 's3:prefix': '${?}${$}' } } }))],
    request: { action: 's3:ListBucket', context: { 's3:prefix': '?$' } },
    expect: 'allowed',
  },
  {
    name: 'Variable key names are case-insensitive',
    identity: [doc(allow('iam:GetUser', 'arn:aws:iam::*:user/${AWS:UserName}'))],
    request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/alice`, context: { 'aws:username': 'alice' } },
    expect: 'allowed',
  },
  {
    name: 'Multivalued keys cannot be variables',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::b/${aws:TagKeys}'))],
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/a', context: { 'aws:TagKeys': ['a', 'b'] } },
    expect: 'implicitDeny',
  },
  {
    name: 'Principal tag variable in an ARN condition',
    identity: [doc(allow('iam:PassRole', '*', { Condition: { ArnLike: { 'iam:PassedToService': 'arn:aws:iam::*:role/${aws:PrincipalTag/team}-*' } } }))],
    request: {
      action: 'iam:PassRole',
      context: { 'iam:PassedToService': `arn:aws:iam::${ACCT}:role/blue-deployer`, 'aws:PrincipalTag/team': 'blue' },
    },
    expect: 'allowed',
  },
  {
    name: 'Cognito sub variable in Resource (example)',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}/*'))],
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket-name/cognito/application-name/us-east-1:1234/file',
      context: { 'cognito-identity.amazonaws.com:sub': 'us-east-1:1234' },
    },
    expect: 'allowed',
  },
  {
    name: 'Trust policy condition with an OIDC claim variable',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::artifacts/${gitlab.example.com:sub}'))],
    request: { action: 's3:GetObject', resource: `arn:aws:s3:::artifacts/${sub('g/p', 'branch', 'main')}`, context: { [SUB]: sub('g/p', 'branch', 'main') } },
    expect: 'allowed',
  },
].map((v) => ({ ...v, source: VARS }) as RequestVector);

const versionVectors: RequestVector[] = [
  {
    name: 'Version 2008-10-17: ${aws:username} is literal in Resource',
    identity: [{ Version: '2008-10-17', Statement: [allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}')] }],
    request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/alice`, context: { 'aws:username': 'alice' } },
    expect: 'implicitDeny',
  },
  {
    name: 'Version 2008-10-17: the literal text matches itself',
    identity: [{ Version: '2008-10-17', Statement: [allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}')] }],
    request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/\${aws:username}`, context: { 'aws:username': 'alice' } },
    expect: 'allowed',
  },
  {
    name: 'No Version: variables are literal in conditions',
    identity: [{ Statement: [allow('s3:*', '*', { Condition: { StringEquals: { 's3:prefix': '${aws:username}' } } })] }],
    request: { action: 's3:ListBucket', context: { 's3:prefix': 'alice', 'aws:username': 'alice' } },
    expect: 'implicitDeny',
  },
  {
    name: 'No Version: ${*} keeps its wildcard in StringLike',
    identity: [{ Statement: [allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'a${*}' } } })] }],
    request: { action: 's3:ListBucket', context: { 's3:prefix': 'a${xyz}' } },
    expect: 'allowed',
  },
].map((v) => ({ ...v, source: VERSION }) as RequestVector);

const missingVectors: RequestVector[] = [
  {
    name: 'Missing keys are reported for matching statements',
    identity: [doc(allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
    request: { action: 's3:GetObject' },
    expect: 'implicitDeny',
    missing: ['aws:PrincipalTag/team', 'aws:SourceIp'],
  },
  {
    name: 'Statements whose action does not match report nothing',
    identity: [doc(allow('ec2:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }))],
    request: { action: 's3:GetObject' },
    expect: 'implicitDeny',
    missing: [],
  },
  {
    name: 'Present keys are not missing',
    identity: [doc(allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }))],
    request: { action: 's3:GetObject', context: { 'aws:principaltag/team': 'blue' } },
    expect: 'allowed',
    missing: [],
  },
  {
    name: 'IfExists keys are still reported missing',
    identity: [doc(allow('s3:*', '*', { Condition: { StringEqualsIfExists: { 's3:x-amz-acl': 'private' } } }))],
    request: { action: 's3:PutObject' },
    expect: 'allowed',
    missing: ['s3:x-amz-acl'],
  },
].map((v) => ({ ...v, source: DOCS.EVAL }) as RequestVector);

const gitlabVectors: RequestVector[] = [
  ['tutorial policy, main branch', { StringEquals: { [SUB]: sub('mygroup/myproject', 'branch', 'main') } }, sub('mygroup/myproject', 'branch', 'main'), 'allowed'],
  ['tutorial policy, feature branch', { StringEquals: { [SUB]: sub('mygroup/myproject', 'branch', 'main') } }, sub('mygroup/myproject', 'branch', 'feature'), 'implicitDeny'],
  ['tutorial policy, tag named main', { StringEquals: { [SUB]: sub('mygroup/myproject', 'branch', 'main') } }, sub('mygroup/myproject', 'tag', 'main'), 'implicitDeny'],
  ['tutorial policy, other project', { StringEquals: { [SUB]: sub('mygroup/myproject', 'branch', 'main') } }, sub('mygroup/other', 'branch', 'main'), 'implicitDeny'],
  ['StringEquals with a * never matches a real subject', { StringEquals: { [SUB]: 'project_path:mygroup/*' } }, sub('mygroup/myproject', 'branch', 'main'), 'implicitDeny'],
  ['StringLike project wildcard admits every ref', { StringLike: { [SUB]: 'project_path:mygroup/myproject:*' } }, sub('mygroup/myproject', 'tag', 'v1'), 'allowed'],
  ['StringLike any branch', { StringLike: { [SUB]: 'project_path:mygroup/myproject:ref_type:branch:ref:*' } }, sub('mygroup/myproject', 'branch', 'dev'), 'allowed'],
  ['StringLike any branch refuses tags', { StringLike: { [SUB]: 'project_path:mygroup/myproject:ref_type:branch:ref:*' } }, sub('mygroup/myproject', 'tag', 'dev'), 'implicitDeny'],
  ['StringLike group wildcard admits subgroups', { StringLike: { [SUB]: 'project_path:mygroup/*:ref_type:branch:ref:main' } }, sub('mygroup/sub/deep', 'branch', 'main'), 'allowed'],
  ['audience and subject both required', { StringEquals: { [AUD]: 'https://gitlab.example.com', [SUB]: sub('g/p', 'branch', 'main') } }, sub('g/p', 'branch', 'main'), 'allowed'],
  ['wrong audience', { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: sub('g/p', 'branch', 'main') } }, sub('g/p', 'branch', 'main'), 'implicitDeny'],
  ['a custom claim key is never present', { StringEquals: { 'gitlab.example.com:project_path': 'g/p' } }, sub('g/p', 'branch', 'main'), 'implicitDeny'],
  ['one loose value opens the list', { StringLike: { [SUB]: [sub('g/p', 'branch', 'main'), 'project_path:g/*'] } }, sub('g/q', 'tag', 'x'), 'allowed'],
  ['no subject condition trusts every project', {}, sub('anyone/anything', 'branch', 'main'), 'allowed'],
  ['case differs in the project path', { StringEquals: { [SUB]: sub('MyGroup/MyProject', 'branch', 'main') } }, sub('mygroup/myproject', 'branch', 'main'), 'implicitDeny'],
  ['StringEqualsIgnoreCase tolerates case', { StringEqualsIgnoreCase: { [SUB]: sub('MyGroup/MyProject', 'branch', 'main') } }, sub('mygroup/myproject', 'branch', 'main'), 'allowed'],
  ['missing sub claim', { StringLike: { [SUB]: '*' } }, undefined, 'implicitDeny'],
  ['GitHub-style subject never matches', { StringLike: { [SUB]: 'repo:mygroup/myproject:pull_request' } }, sub('mygroup/myproject', 'branch', 'main'), 'implicitDeny'],
].map(([name, condition, subject, expect]) => ({
  name: `GitLab trust: ${name as string}`,
  source: name === 'tutorial policy, main branch' ? GITLAB : OIDC,
  trust: gitlabTrust(condition as Record<string, Record<string, unknown>>),
  identity: [],
  request: webRequest(subject as string | undefined),
  expect: expect as Decision,
}));

export const requestVectors: RequestVector[] = [
  ...actionVectors,
  ...resourceVectors,
  ...principalVectors,
  ...precedenceVectors,
  ...sessionVectors,
  ...boundaryVectors,
  ...variableVectors,
  ...versionVectors,
  ...missingVectors,
  ...gitlabVectors,
];
