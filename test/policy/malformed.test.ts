/**
 * Malformed documents, each with the exact MalformedPolicyDocument message AWS returns.
 * Sources: MOTO = getmoto/moto tests/test_iam/test_iam_policies.py (invalid_policy_document_test_cases,
 * messages recorded from AWS for CreatePolicy); REF = AWS's messages quoted in GitHub issues
 * (terraform-aws-modules/terraform-aws-eks-pod-identity#34, localstack/localstack#6644,
 * opstrace/opstrace#88) and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html;
 * CFN = aws-cloudformation/cfn-lint#1376 (Sid text); AWS = responses recorded from real AWS,
 * quoted in issue 13 (they correct moto where the two differ).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import { validatePolicyDocument, type PolicyKind } from '../../src/policy/index.js';

const MOTO = 'moto tests/test_iam/test_iam_policies.py';
const REF = 'GitHub issues quoting AWS, and the IAM policy grammar';
const CFN = 'aws-cloudformation/cfn-lint#1376';
const AWS = 'recorded AWS responses (issue 13)';

type Case = [kind: PolicyKind, document: object | string, message: string, source: string];

const V = '2012-10-17';
const BUCKET = 'arn:aws:s3:::example_bucket';
const stmt = (s: object): object => ({ Version: V, Statement: s });
const listBucket = (extra: object = {}): object => ({ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, ...extra });
const SYNTAX = 'Syntax errors in policy.';
const VERSION = 'Policy document must be version 2012-10-17 or greater.';
const LEGACY = 'The policy failed legacy parsing';
const VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
const IAM_PATH =
  'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com';
const trust = (s: object): object => ({ Version: V, Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', ...s }] });

const cases: Case[] = [
  ['managed', 'This is not a json document', SYNTAX, MOTO],
  ['managed', { Statement: listBucket() }, VERSION, MOTO],
  ['managed', { Version: '2008-10-17', Statement: listBucket() }, VERSION, MOTO],
  ['managed', { Version: '2013-10-17', Statement: listBucket() }, SYNTAX, MOTO],
  ['managed', { Version: V }, SYNTAX, MOTO],
  ['managed', { Version: V, Statement: ['afd'] }, SYNTAX, MOTO],
  ['managed', { Version: V, Statement: listBucket(), 'Extra field': 'value' }, SYNTAX, MOTO],
  ['managed', stmt(listBucket({ 'Extra field': 'value' })), SYNTAX, MOTO],
  ['managed', { Version: V, Id: ['cd3a324d2343d942772346-34234234423404-4c2242343242349d1642ee'], Statement: listBucket() }, SYNTAX, MOTO],
  ['managed', { Version: V, Id: {}, Statement: listBucket() }, SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Effect: 'invalid' })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Action: 'invalid' })), VENDOR, MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: '', Resource: BUCKET }), VENDOR, MOTO],
  ['managed', stmt(listBucket({ Action: 'a a:ListBucket' })), 'Vendor a a is not valid', MOTO],
  ['managed', stmt(listBucket({ Action: 's3:List:Bucket' })), 'Actions/Condition can contain only one colon.', MOTO],
  ['managed', { Version: V, Statement: [listBucket({ Action: 's3s:ListBucket' }), listBucket({ Action: 's:3s:ListBucket' })] }, 'Actions/Condition can contain only one colon.', MOTO],
  ['managed', stmt(listBucket({ Resource: 'invalid resource' })), 'Resource invalid resource must be in ARN format or "*".', MOTO],
  [
    'managed',
    {
      Version: V,
      Statement: [
        { Sid: 'EnableDisableHongKong', Effect: 'Allow', Action: ['account:EnableRegion', 'account:DisableRegion'], Resource: '', Condition: { StringEquals: { 'account:TargetRegion': 'ap-east-1' } } },
        { Sid: 'ViewConsole', Effect: 'Allow', Action: ['aws-portal:ViewAccount', 'account:ListRegions'], Resource: '' },
      ],
    },
    'Resource  must be in ARN format or "*".',
    MOTO,
  ],
  ['managed', stmt(listBucket({ Action: 's:3:ListBucket', Resource: 'sdfsadf' })), 'Resource sdfsadf must be in ARN format or "*".', MOTO],
  ['managed', stmt(listBucket({ Resource: ['adf'] })), 'Resource adf must be in ARN format or "*".', MOTO],
  ['managed', stmt(listBucket({ Resource: '' })), 'Resource  must be in ARN format or "*".', MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".', MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:cadfsdf' }), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".', MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".', MOTO],
  ['managed', stmt(listBucket({ Resource: 'aws:s3:::example_bucket' })), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".', MOTO],
  ['managed', stmt(listBucket({ Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] })), 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".', MOTO],
  ['managed', { Version: V, Statement: [] }, SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Allow', Action: 's3:ListBucket' }), 'Policy statement must contain resources.', MOTO],
  ['managed', stmt({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [] }), 'Policy statement must contain resources.', MOTO],
  // moto's table has the vendor message here; AWS itself checks for resources first.
  ['managed', stmt({ Effect: 'Allow', Action: 'invalid' }), 'Policy statement must contain resources.', AWS],
  ['managed', stmt({ Effect: 'Allow', Action: 'invalid', Resource: BUCKET }), VENDOR, AWS],
  ['managed', stmt({ Effect: 'Allow', Resource: BUCKET }), 'Policy statement must contain actions.', MOTO],
  ['managed', stmt({ Action: 's3:ListBucket', Resource: BUCKET }), SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Allow' }), 'Policy statement must contain actions.', MOTO],
  ['managed', stmt(listBucket({ Action: [] })), 'Policy statement must contain actions.', MOTO],
  ['managed', { Version: V, Statement: [{ Effect: 'Deny' }, listBucket()] }, 'Policy statement must contain actions.', MOTO],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:iam:::example_bucket' })), IAM_PATH, AWS],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:s3::example_bucket' })), LEGACY, MOTO],
  ['managed', stmt({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Resource: 'arn:aws' })), 'Resource vendor must be fully qualified and cannot contain regexes.', MOTO],
  ['managed', stmt(listBucket({ Resource: { a: BUCKET } })), SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Deny', Action: 's3:ListBucket', Resource: ['adfdf', {}] }), SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: BUCKET, NotResource: [] }), SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Deny', Action: [[]], Resource: BUCKET }), SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3s:ListBucket', Action: [], Resource: BUCKET }), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Action: {} })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: [] })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: 'a' })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: { a: 'b' } })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: 'b' } })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: [] } })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: { a: {} } } })), SYNTAX, MOTO],
  ['managed', stmt({ Effect: 'Allow', Resource: BUCKET, Condition: { DateGreaterThan: { a: {} } } }), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: { x: { a: '1' } } })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Condition: [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } }] })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:iam:us-east-1::example_bucket' })), 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.', MOTO],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:s3:us-east-1::example_bucket' })), 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.', MOTO],
  ['managed', stmt(listBucket({ Sid: {} })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Sid: [] })), SYNTAX, MOTO],
  ['managed', { Version: V, Statement: [listBucket({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }] }, 'Statement IDs (SID) in a single policy must be unique.', MOTO],
  ['managed', { Statement: [listBucket({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }] }, VERSION, MOTO],
  ['managed', stmt(listBucket({ NotAction: 's3:ListBucket', Action: 'iam:dsf' })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ NotResource: '*' })), SYNTAX, MOTO],
  ['managed', stmt(listBucket({ Effect: 'denY' })), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } })), LEGACY, MOTO],
  ['managed', { Statement: listBucket({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }) }, VERSION, MOTO],
  ['managed', { Statement: listBucket({ Effect: 'denY' }) }, VERSION, MOTO],
  ['managed', stmt({ Effect: 'Allow', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), LEGACY, MOTO],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }), LEGACY, MOTO],
  ['managed', stmt({ Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' }), LEGACY, MOTO],
  ['managed', { Version: V, Statement: [listBucket({ Sid: 'sdf', Effect: 'aLLow' }), { Sid: 'sdf', Effect: 'Allow' }] }, LEGACY, MOTO],
  ['managed', stmt({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' }), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateLessThanEquals: { a: '234-13' } } })), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } })), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } })), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Condition: { DateLessThan: { a: '9223372036854775808' } } })), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Resource: 'arn:error:s3:::example_bucket', Condition: { DateGreaterThan: { a: 'sdfdsf' } } })), LEGACY, MOTO],
  ['managed', stmt(listBucket({ Resource: 'arn:aws::fdsasf' })), LEGACY, MOTO],

  // Sids are alphanumeric in IAM policies.
  ['identity', stmt(listBucket({ Sid: 'autogenerated-id' })), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*', CFN],
  ['identity', stmt(listBucket({ Sid: 'Space Space' })), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*', CFN],

  // Identity and session policies must not name a principal.
  ['identity', stmt(listBucket({ Principal: { AWS: '*' } })), 'Policy document should not specify a principal.', REF],
  ['session', stmt(listBucket({ NotPrincipal: { AWS: '123456789012' } })), 'Policy document should not specify a principal.', REF],
  ['managed', stmt(listBucket({ Principal: '*' })), 'Policy document should not specify a principal.', REF],

  // Trust policies (CreateRole / UpdateAssumeRolePolicy).
  ['trust', '{"Version": "2012-10-17", "Statement": [', 'This policy contains invalid Json', REF],
  ['trust', 'not json', 'This policy contains invalid Json', REF],
  ['trust', trust({ Resource: '*' }), 'Has prohibited field Resource', REF],
  ['trust', { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity' }] }, 'Missing required field Principal', REF],
  ['trust', trust({ Action: 's3:GetObject' }), 'AssumeRole policy may only specify STS AssumeRole actions.', REF],
  ['trust', trust({ Action: ['sts:AssumeRoleWithWebIdentity', 'iam:PassRole'] }), 'AssumeRole policy may only specify STS AssumeRole actions.', REF],
  ['trust', trust({ Principal: { Federated: 'not a domain!' } }), 'Federated principals must be valid domain names or SAML metadata ARNs', REF],
  ['trust', trust({ Principal: { Federated: 'arn:aws:iam::123456789012:role/x' } }), 'Federated principals must be valid domain names or SAML metadata ARNs', REF],
  ['trust', trust({ Principal: { AWS: 'arn:aws:iam::959325414060:rolex/bk' } }), 'Invalid principal in policy: "AWS":"arn:aws:iam::959325414060:rolex/bk"', REF],
  ['trust', trust({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Sid: 'a-b' }), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*', CFN],
];

/** Duplicate JSON keys: JSON.parse would silently keep the last one; IAM refuses the document. */
const duplicateKeys: Case[] = [
  ['identity', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}', SYNTAX, REF],
  [
    'identity',
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a":"1"},"StringEquals":{"b":"2"}}}}',
    SYNTAX,
    REF,
  ],
  ['trust', `{"Version":"2012-10-17","Version":"2012-10-17","Statement":${JSON.stringify((trust({}) as { Statement: unknown }).Statement)}}`, 'This policy contains invalid Json', REF],
];

describe('malformed policy documents get AWS’s exact message', () => {
  for (const [kind, document, message, source] of [...cases, ...duplicateKeys]) {
    const text = typeof document === 'string' ? document : JSON.stringify(document);
    it(`${kind}: ${message} ← ${text.slice(0, 90)} [${source}]`, () => {
      assert.throws(
        () => validatePolicyDocument(text, kind),
        (error: unknown) => {
          assert.ok(error instanceof AwsError);
          assert.equal(error.code, 'MalformedPolicyDocument');
          assert.equal(error.status, 400);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }
  it('covers at least 40 documents', () => assert.ok(cases.length + duplicateKeys.length >= 40));
});

/** moto's valid_policy_documents (accepted by AWS) and valid trust policies. */
const valid: Array<[PolicyKind, object]> = [
  ['managed', stmt(listBucket({ Resource: [BUCKET] }))],
  ['managed', stmt(listBucket({ Action: 'iam: asdf safdsf af ' }))],
  ['managed', stmt(listBucket({ Resource: [BUCKET, '*'] }))],
  ['managed', stmt(listBucket({ Action: '*' }))],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:iam:::user/example_bucket' }))],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:s33:::example_bucket' }))],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:fdsasf' }))],
  ['managed', stmt(listBucket({ Condition: {} }))],
  ['managed', stmt(listBucket({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } } }))],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:cloudwatch:us-east-1::example_bucket' }))],
  // S3 access points carry a region (accepted by AWS, issue 13); IAM's message names `root` as a valid path.
  ['managed', stmt(listBucket({ Resource: 'arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point' }))],
  ['managed', stmt(listBucket({ Resource: 'arn:aws:iam::123456789012:root' }))],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: {} } }))],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: { a: [] } } }))],
  ['managed', stmt(listBucket({ Condition: { a: {} } }))],
  ['managed', stmt(listBucket({ Condition: { DateGreaterThan: { a: '01T' } } }))],
  ['managed', stmt(listBucket({ Condition: { x: {}, y: {} } }))],
  ['managed', stmt(listBucket({ Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } }))],
  ['managed', stmt(listBucket({ Condition: { DateLessThanEquals: { a: '2016-12-13T21:20:37.593194+00:00' } } }))],
  ['managed', stmt(listBucket({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+23' } } }))],
  ['managed', stmt(listBucket({ Condition: { DateLessThan: { a: '-292275054' } } }))],
  ['managed', stmt({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' })],
  ['managed', { Version: V, Id: 'sdfsdfsdf', Statement: { Effect: 'Allow', NotAction: 's3:ListBucket', Resource: BUCKET } }],
  ['identity', { Statement: listBucket() }],
  ['identity', { Version: '2008-10-17', Statement: listBucket() }],
  ['session', stmt(listBucket({ Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } } }))],
  ['trust', trust({})],
  ['trust', trust({ Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'] })],
  ['trust', trust({ Principal: { Federated: 'accounts.google.com' } })],
  ['trust', trust({ Principal: { Federated: 'arn:aws:iam::123456789012:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML' })],
  ['trust', trust({ Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/localhost:8443' } })],
  ['trust', trust({ Principal: '*', Action: 'sts:*' })],
  ['trust', { Version: V, Statement: { Effect: 'Allow', Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:role/ci'] }, Action: 'sts:AssumeRole' } }],
  ['trust', { Version: V, Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }],
];

describe('valid documents are accepted', () => {
  for (const [kind, document] of valid) {
    it(`${kind}: ${JSON.stringify(document).slice(0, 110)}`, () => validatePolicyDocument(JSON.stringify(document), kind));
  }
});
