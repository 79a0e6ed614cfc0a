/**
 * GitLab's subject hints (src/diagnostics/explain/gitlab-hints.ts): the policy engine's explain()
 * with GITLAB_HINTS added, for the classic GitLab→AWS trust-policy mistakes (GitLab "Configure
 * OpenID Connect in AWS" troubleshooting), and the same hints on a logged trace.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GITLAB_HINTS, withGitlabHints } from '../../src/diagnostics/explain/gitlab-hints.js';
import type { ContextValue } from '../../src/policy/index.js';
import { explainTrust, hintCodes as codes, MAIN, PROVIDER, SUB } from '../policy/trust-explain.js';

type Condition = Record<string, Record<string, unknown>>;
const run = (condition: Condition | undefined, context: Record<string, ContextValue>) => explainTrust(condition, context, PROVIDER, [GITLAB_HINTS]);

describe('GitLab subject hints', () => {
  it('ref-type-mismatch: a tag where a branch was expected', () => {
    const trace = run({ StringEquals: { [SUB]: MAIN } }, { [SUB]: MAIN.replace('ref_type:branch', 'ref_type:tag') });
    assert.ok(codes(trace).includes('ref-type-mismatch'));
    assert.match(trace.hints.find((h) => h.code === 'ref-type-mismatch')?.message ?? '', /ref_type:tag/);
  });

  it('subject-format-mismatch: a GitHub-style subject pattern', () => {
    const trace = run({ StringLike: { [SUB]: 'repo:mygroup/myproject:pull_request' } }, { [SUB]: MAIN });
    assert.ok(codes(trace).includes('subject-format-mismatch'));
  });

  it('wildcard-suffix-mismatch: a ":*" pattern whose prefix differs', () => {
    const trace = run({ StringLike: { [SUB]: 'project_path:mygroup/other:*' } }, { [SUB]: MAIN });
    const hint = trace.hints.find((h) => h.code === 'wildcard-suffix-mismatch');
    assert.ok(hint);
    assert.match(hint.message, /character 22/);
  });

  it('unscoped-subject: no sub condition trusts every project on the issuer', () => {
    const trace = run({ StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com' } }, { 'gitlab.example.com:aud': 'https://gitlab.example.com', [SUB]: MAIN });
    assert.equal(trace.decision, 'allowed');
    assert.deepEqual(codes(trace), ['unscoped-subject']);
  });

  it('unscoped-subject: a StringLike "*" on sub scopes nothing', () => {
    assert.ok(codes(run({ StringLike: { [SUB]: '*' } }, { [SUB]: MAIN })).includes('unscoped-subject'));
  });

  it('no unscoped-subject hint when sub is constrained', () => {
    assert.ok(!codes(run({ StringLike: { [SUB]: 'project_path:mygroup/myproject:ref_type:branch:ref:*' } }, { [SUB]: MAIN })).includes('unscoped-subject'));
  });

  it('are not in the policy engine: explain() without GITLAB_HINTS gives only the general ones', () => {
    const trace = explainTrust({ StringEquals: { [SUB]: MAIN } }, { [SUB]: MAIN.replace('ref_type:branch', 'ref_type:tag') });
    assert.deepEqual(trace.hints, []);
  });

  it('are added to a logged trace (which holds only the general hints) in the order a live explain gives them', () => {
    const live = run({ StringEquals: { [SUB]: 'project_path:mygroup/*' } }, { [SUB]: MAIN.replace('ref_type:branch', 'ref_type:tag') });
    const logged = { ...live, hints: live.hints.filter((h) => h.code === 'wildcard-in-string-equals') };
    assert.deepEqual(withGitlabHints(logged).hints, live.hints);
  });
});
