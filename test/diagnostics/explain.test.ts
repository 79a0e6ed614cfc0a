/**
 * explainAssume against real RS256 tokens (signed with jose) and tutorial-style trust policies:
 * for each classic failure it must name the failing step or condition, the expected and the
 * actual value, the hint, and what the wire says. AWS strings are cited where asserted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { explainAssume, offlineStack, withStaticJwks, type ExplainReport } from '../../src/diagnostics/index.js';
import { JwksCache } from '../../src/oidc/index.js';
import type { ConditionTrace } from '../../src/policy/index.js';
import { ACCOUNT } from '../support/accounts.js';
import { gitlabClaims, ISSUER, ISSUER_HOST, MAIN_SUB, NOW, NOW_SECONDS } from '../support/gitlab.js';
import { webIdentityTrust } from '../support/trust-policy.js';
import { ROLE_ARN, signingKit, type SigningKit } from './fixture.js';

let kit: SigningKit;
const keys = new JwksCache();

before(async () => {
  kit = await signingKit();
});
after(() => keys.close());

interface Options {
  providerUrl?: string;
  clientIds?: string[];
  skipSignature?: boolean;
  jwks?: string;
}

async function explainJob(policy: string, claims: Record<string, unknown>, options: Options = {}): Promise<ExplainReport> {
  const stack = offlineStack({
    trustPolicy: policy,
    providers: [{ url: options.providerUrl ?? ISSUER, clientIds: options.clientIds ?? [ISSUER] }],
    roleArn: ROLE_ARN,
  });
  return explainAssume({
    token: await kit.sign(gitlabClaims(claims)),
    roleArn: stack.roleArn,
    directory: withStaticJwks(stack.directory, options.jwks ?? kit.jwks),
    keys: options.skipSignature === true ? undefined : keys,
    now: NOW,
  });
}

function step(report: ExplainReport, name: string) {
  const found = report.steps.find((s) => s.name === name);
  assert.ok(found, `step ${name} in ${report.steps.map((s) => s.name).join(', ')}`);
  return found;
}

function failedCondition(report: ExplainReport): ConditionTrace {
  const conditions = report.trust?.policies.flatMap((p) => p.statements.flatMap((s) => s.conditions)) ?? [];
  const failed = conditions.find((c) => !c.result);
  assert.ok(failed, 'a failed condition in the trace');
  return failed;
}

function hintCodes(report: ExplainReport): string[] {
  return report.trust?.hints.map((h) => h.code) ?? [];
}

// aws/aws-sdk-java-v2#1470 (and the tutorial's troubleshooting section): the one answer for every trust failure.
const ACCESS_DENIED = { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' };

describe('explainAssume', () => {
  it('allows the tutorial job and shows every step passing', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), {});
    assert.equal(report.decision, 'allowed');
    assert.equal(report.awsError, undefined);
    for (const name of ['parse', 'header', 'claims', 'issuer', 'audience', 'key', 'signature', 'times', 'role', 'trust policy (sts:AssumeRoleWithWebIdentity)']) {
      assert.equal(step(report, name).ok, true, name);
    }
    assert.match(report.summary, /^Allowed: /);
    assert.deepEqual(report.findings, []);
    assert.equal(report.context?.[`${ISSUER_HOST}:sub`], MAIN_SUB);
  });

  it('names the sub condition, both values and the ref-type hint when a tag runs where a branch was expected', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), { ref_type: 'tag' });
    assert.equal(report.decision, 'denied');
    assert.deepEqual(report.awsError, ACCESS_DENIED);
    const c = failedCondition(report);
    assert.equal(c.operator, 'StringEquals');
    assert.equal(c.key, `${ISSUER_HOST}:sub`);
    assert.deepEqual(c.expected, [MAIN_SUB]);
    assert.deepEqual(c.actual, ['project_path:mygroup/myproject:ref_type:tag:ref:main']);
    assert.ok(hintCodes(report).includes('ref-type-mismatch'));
    assert.match(report.summary, /Denied \(AccessDenied\) at step "trust policy \(sts:AssumeRoleWithWebIdentity\)"/);
    assert.match(report.summary, /StringEquals gitlab\.example\.com:sub/);
  });

  it('denies StringEquals with a * and says to use StringLike; the same value under StringLike is allowed', async () => {
    const pattern = 'project_path:mygroup/myproject:ref_type:branch:ref:*';
    const equals = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: pattern } }), {});
    assert.equal(equals.decision, 'denied');
    const c = failedCondition(equals);
    assert.deepEqual(c.expected, [pattern]);
    assert.deepEqual(c.actual, [MAIN_SUB]);
    const hint = equals.trust?.hints.find((h) => h.code === 'wildcard-in-string-equals');
    assert.ok(hint);
    assert.match(hint.message, /StringLike/);
    assert.ok(equals.findings.some((f) => f.code === 'wildcard-in-string-equals'));

    const like = await explainJob(webIdentityTrust({ StringLike: { [`${ISSUER_HOST}:sub`]: pattern } }), {});
    assert.equal(like.decision, 'allowed');
  });

  it('flags a case-only mismatch', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'project_path:MyGroup/MyProject:ref_type:branch:ref:main' } }), {});
    assert.equal(report.decision, 'denied');
    const c = failedCondition(report);
    assert.deepEqual(c.expected, ['project_path:MyGroup/MyProject:ref_type:branch:ref:main']);
    assert.deepEqual(c.actual, [MAIN_SUB]);
    assert.ok(hintCodes(report).includes('case-mismatch'));
  });

  it('shows where a subject departs from a ":*"-suffixed pattern (the pull_request-suffix class of mistake)', async () => {
    const pattern = 'project_path:mygroup/myproject:ref_type:branch:ref:release/*';
    const report = await explainJob(webIdentityTrust({ StringLike: { [`${ISSUER_HOST}:sub`]: ['project_path:mygroup/myproject:ref_type:tag:*', pattern] } }), { ref: 'main' });
    assert.equal(report.decision, 'denied');
    const c = failedCondition(report);
    assert.equal(c.operator, 'StringLike');
    assert.deepEqual(c.actual, [MAIN_SUB]);
    const hint = report.trust?.hints.find((h) => h.code === 'wildcard-suffix-mismatch');
    assert.ok(hint, `hints: ${hintCodes(report).join(', ')}`);
    assert.match(hint.message, /ref_type:tag:/);
  });

  it('recognises a subject written in another platform\'s format', async () => {
    const report = await explainJob(webIdentityTrust({ StringLike: { [`${ISSUER_HOST}:sub`]: 'repo:mygroup/myproject:pull_request' } }), {});
    assert.equal(report.decision, 'denied');
    assert.ok(hintCodes(report).includes('subject-format-mismatch'));
    assert.ok(report.findings.some((f) => f.code === 'unexpected-sub-format'));
  });

  it('names a condition key the token does not carry', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB, [`${ISSUER_HOST}:environment`]: 'production' } }), {});
    assert.equal(report.decision, 'denied');
    const c = failedCondition(report);
    assert.equal(c.key, `${ISSUER_HOST}:environment`);
    assert.equal(c.actual, null);
    assert.deepEqual(c.expected, ['production']);
    assert.ok(hintCodes(report).includes('missing-key'));
  });

  it('allows a policy with no sub condition but warns, in the trace and in the findings', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:aud`]: ISSUER } }), { project_path: 'someone/else' });
    assert.equal(report.decision, 'allowed');
    assert.ok(hintCodes(report).includes('unscoped-subject'));
    const finding = report.findings.find((f) => f.code === 'no-sub-condition');
    assert.ok(finding);
    assert.equal(finding.severity, 'error');
  });

  it('fails the audience step with AWS\'s message and still evaluates the trust policy', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), { aud: 'sts.amazonaws.com' });
    assert.equal(report.decision, 'denied');
    // "Incorrect token audience" (awslabs/amazon-eks-irsa-cfn#18).
    assert.deepEqual(report.awsError, { code: 'InvalidIdentityToken', message: 'Incorrect token audience' });
    const audience = step(report, 'audience');
    assert.equal(audience.ok, false);
    assert.match(audience.detail, /sts\.amazonaws\.com/);
    assert.match(audience.detail, /gitlab\.example\.com/);
    assert.equal(step(report, 'trust policy (sts:AssumeRoleWithWebIdentity)').ok, true);
  });

  it('fails the issuer step when no provider is registered for iss', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), {}, { providerUrl: 'https://gitlab.other.example' });
    assert.equal(report.decision, 'denied');
    // iss echoed as in the token (mozilla-iam/mozilla-aws-cli#127).
    assert.deepEqual(report.awsError, { code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for ${ISSUER}` });
    assert.equal(step(report, 'issuer').ok, false);
    assert.equal(step(report, 'signature').skipped, true);
    assert.equal(step(report, 'trust policy').skipped, true);
  });

  it('reports an expired token with AWS\'s ExpiredTokenException text', async () => {
    const exp = NOW_SECONDS - 3600;
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), { iat: exp - 600, exp });
    assert.equal(report.decision, 'denied');
    // aws/aws-sdk-java-v2#5709 (current form, epoch seconds on both sides).
    assert.deepEqual(report.awsError, {
      code: 'ExpiredTokenException',
      message: `Token expired: current date/time ${NOW_SECONDS} must be before the expiration date/time ${exp}`,
    });
    assert.equal(step(report, 'times').ok, false);
    assert.equal(step(report, 'trust policy (sts:AssumeRoleWithWebIdentity)').ok, true);
  });

  it('fails the signature step for a token signed by another key', async () => {
    const other = await signingKit('test-key-1');
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), {}, { jwks: other.jwks });
    assert.equal(report.decision, 'denied');
    assert.equal(step(report, 'signature').ok, false);
    assert.equal(report.awsError?.code, 'InvalidIdentityToken');
  });

  it('with --skip-signature, skips key and signature and says so loudly', async () => {
    const report = await explainJob(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), {}, { skipSignature: true });
    assert.equal(report.decision, 'allowed');
    assert.equal(step(report, 'key').skipped, true);
    assert.equal(step(report, 'signature').skipped, true);
    assert.match(report.warnings.join('\n'), /SIGNATURE NOT VERIFIED/);
    assert.match(report.summary, /signature NOT checked/);
  });

  it('answers AccessDenied for a role that does not exist, and an undecodable token at the parse step', async () => {
    const stack = offlineStack({ trustPolicy: webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), providers: [{ url: ISSUER }], roleArn: ROLE_ARN });
    const missing = await explainAssume({ token: await kit.sign(gitlabClaims()), roleArn: `arn:aws:iam::${ACCOUNT}:role/nope`, directory: stack.directory, keys: undefined, now: NOW });
    assert.deepEqual(missing.awsError, ACCESS_DENIED);
    assert.equal(step(missing, 'role').ok, false);

    const garbage = await explainAssume({ token: 'not-a-jwt', roleArn: ROLE_ARN, directory: stack.directory, keys: undefined, now: NOW });
    assert.equal(garbage.decision, 'denied');
    assert.equal(step(garbage, 'parse').ok, false);
    assert.equal(garbage.awsError?.code, 'InvalidIdentityToken');
  });

  it('judges an offline policy against the provider ARN of the account it names', () => {
    const stack = offlineStack({ trustPolicy: webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }), providers: [{ url: ISSUER }] });
    assert.equal(stack.roleArn, `arn:aws:iam::${ACCOUNT}:role/offline-explain`);
  });
});
