/**
 * The loop a user follows after `trustbridge up` (the README's first screen and the `up` output's next steps): a
 * job on a branch the role does not trust is refused with AWS's one line, `assume` prints the
 * decision id, and `explain` says which condition failed — both from the log and by re-running
 * the pipeline with keys fetched from the stack's own HTTPS issuer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecisionSummary, ExplainReport } from '../../src/diagnostics/index.js';
import { clientEnv, trustbridge, useStack } from '../e2e/stack.js';

const stack = useStack();

function token(ref: string): string {
  const out = trustbridge(['token', '--dir', stack().dir, '--project', 'mygroup/myproject', '--ref', ref]);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.trim();
}

describe('explain against `trustbridge up`', () => {
  it('explains the denial assume reports, by decision id', () => {
    const env = clientEnv(stack().env);
    const roleArn = stack().env['ROLE_ARN'] ?? '';
    const denied = trustbridge(['assume', '--role-arn', roleArn, '--token', token('feature'), '--dir', stack().dir], env);
    assert.equal(denied.status, 1);
    // aws/aws-sdk-java-v2#1470; the tutorial's troubleshooting section quotes this line.
    assert.match(denied.stderr, /An error occurred \(AccessDenied\) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity/);
    const id = /explain --decision (\S+)/.exec(denied.stderr)?.[1];
    assert.ok(id, denied.stderr);

    const explained = trustbridge(['explain', '--dir', stack().dir, '--decision', id], env);
    assert.equal(explained.status, 1, explained.stderr);
    assert.match(explained.stdout, /expected: "project_path:mygroup\/myproject:ref_type:branch:ref:main"/);
    assert.match(explained.stdout, /actual: {3}"project_path:mygroup\/myproject:ref_type:branch:ref:feature"/);

    const listed = trustbridge(['decisions', '--dir', stack().dir, '--denied', '--json'], env);
    const { decisions } = JSON.parse(listed.stdout) as { decisions: DecisionSummary[] };
    assert.ok(decisions.some((d) => d.id === id && d.errorCode === 'AccessDenied'));
  });

  it('re-runs the pipeline with the issuer\'s JWKS fetched over HTTPS (the stack\'s CA)', () => {
    const env = clientEnv(stack().env);
    const roleArn = stack().env['ROLE_ARN'] ?? '';
    const denied = trustbridge(['explain', '--dir', stack().dir, '--role-arn', roleArn, '--token', token('feature'), '--json'], env);
    assert.equal(denied.status, 1, denied.stderr);
    const report = JSON.parse(denied.stdout) as ExplainReport;
    assert.equal(report.steps.find((s) => s.name === 'key')?.detail, "found in the issuer's JWKS");
    assert.equal(report.steps.find((s) => s.name === 'signature')?.ok, true);
    assert.equal(report.decision, 'denied');

    const allowed = trustbridge(['explain', '--dir', stack().dir, '--role-arn', roleArn, '--token', token('main'), '--json'], env);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.equal((JSON.parse(allowed.stdout) as ExplainReport).decision, 'allowed');
  });
});
