/** The console's pure pieces: escaping by construction, the marked difference, link tokens, sessions, finding placement. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { html, raw } from '../../src/console/html.js';
import { formatPolicy, policyWithFindings } from '../../src/console/policy-lines.js';
import { SessionKeys, parseCookies, sameSecret, sessionCookie } from '../../src/console/session.js';
import { LINK_LIFETIME_MS, checkSignInToken, mintSignInToken, signInLink } from '../../src/console/sign-in-link.js';
import { splitAgainst } from '../../src/console/value-diff.js';
import { commandLine } from '../../src/console/command-line.js';
import { lintTrustPolicy } from '../../src/diagnostics/index.js';
import { MasterKey } from '../../src/store/master-key.js';
import { subjectIs, trustPolicy, webIdentityStatement } from '../support/trust-policy.js';

describe('html templates', () => {
  test('escape every interpolated value unless it is markup from another template', () => {
    const subject = `<script>alert("x")</script>&'`;
    const out = html`<td title="${subject}">${subject}${html`<b>${subject}</b>`}${raw('<i>ok</i>')}</td>`.text;
    assert.equal(out, '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</b><i>ok</i></td>');
  });
});

describe('the differing part of an actual value', () => {
  test('is what lies between the common prefix and suffix of the closest expected value', () => {
    assert.deepEqual(splitAgainst('project_path:g/p:ref_type:branch:ref:feature', ['project_path:g/p:ref_type:branch:ref:main']),
      { head: 'project_path:g/p:ref_type:branch:ref:', differs: 'feature', tail: '' });
    assert.deepEqual(splitAgainst('project_path:g/p:ref_type:tag:ref:main', ['project_path:g/p:ref_type:branch:ref:main']),
      { head: 'project_path:g/p:ref_type:', differs: 'tag', tail: ':ref:main' });
    assert.equal(splitAgainst('project_path:other/p:ref_type:branch:ref:main', ['nothing-alike', 'project_path:g/p:*']).differs, 'other/p:ref_type:branch:ref:main');
  });
});

describe('one-time sign-in links', () => {
  const key = MasterKey.ephemeral();
  const now = new Date('2026-12-04T16:00:00Z');

  test('verify under the same master key until they expire', () => {
    const token = mintSignInToken(key, now);
    assert.ok(checkSignInToken(key, token, new Date(now.getTime() + LINK_LIFETIME_MS - 1)));
    assert.equal(checkSignInToken(key, token, new Date(now.getTime() + LINK_LIFETIME_MS)), undefined);
    assert.equal(checkSignInToken(MasterKey.ephemeral(), token, now), undefined);
    assert.match(signInLink('http://127.0.0.1:8400/', token), /^http:\/\/127\.0\.0\.1:8400\/console\/link#[\w-]+\.[\w-]+$/);
  });

  test('refuse a token whose expiry or nonce was changed', () => {
    const [payload, mac] = mintSignInToken(key, now).split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    assert.equal(checkSignInToken(key, `${bytes.toString('base64url')}.${mac}`, now), undefined);
    assert.equal(checkSignInToken(key, `${payload}.`, now), undefined);
    assert.equal(checkSignInToken(key, 'garbage', now), undefined);
  });
});

describe('console sessions', () => {
  const keys = new SessionKeys(MasterKey.ephemeral());
  const now = new Date('2026-12-04T16:00:00Z');

  test('open only under the same key and before they expire', () => {
    const session = keys.newSession('AKIAEXAMPLE', undefined, now);
    const sealed = keys.seal(session);
    assert.deepEqual(keys.open(sealed, now), session);
    assert.equal(keys.open(sealed, new Date(session.expiresAt)), undefined);
    assert.equal(new SessionKeys(MasterKey.ephemeral()).open(sealed, now), undefined);
    assert.equal(keys.open(`${sealed}x`, now), undefined);
  });

  test('CSRF tokens are bound to the session nonce and scope', () => {
    const token = keys.csrfToken('n1', 'session');
    assert.ok(keys.csrfValid('n1', 'session', token));
    assert.ok(!keys.csrfValid('n2', 'session', token));
    assert.ok(!keys.csrfValid('n1', 'pre', token));
    assert.ok(!keys.csrfValid('n1', 'session', undefined));
  });

  test('cookies are HttpOnly, SameSite=Strict, expiring, Secure only over HTTPS', () => {
    assert.equal(sessionCookie('v', false), 'tb_console=v; Path=/console; Max-Age=28800; HttpOnly; SameSite=Strict');
    assert.match(sessionCookie('v', true), /; Secure$/);
    assert.deepEqual([...parseCookies('a=1; tb_console=x=y; a=2')], [['a', '1'], ['tb_console', 'x=y']]);
    assert.ok(sameSecret('abc', 'abc') && !sameSecret('abc', 'abd') && !sameSecret('abc', 'abcd'));
  });
});

describe('trust policy lines', () => {
  test('lint findings land on the line of the value they concern', () => {
    const policy = trustPolicy([{ Sid: 'Ci', ...webIdentityStatement(subjectIs('project_path:mygroup/*:ref_type:branch:ref:main')) }]);
    const findings = lintTrustPolicy(policy);
    assert.ok(findings.some((f) => f.code === 'wildcard-in-string-equals'));
    const lines = formatPolicy(policy)!.lines;
    const flagged = policyWithFindings(policy, findings).text.split('<li').filter((li) => li.startsWith(' class="flagged"'));
    assert.ok(flagged.length > 0);
    assert.ok(flagged.every((li) => li.includes('project_path:mygroup/*')), 'flagged on the value line');
    assert.equal(lines[0], '{');
    assert.equal(lines.at(-1), '}');
    assert.deepEqual(JSON.parse(lines.join('\n')), JSON.parse(policy));
  });

  test('copy-as-command quotes only what the shell needs', () => {
    assert.equal(commandLine(['trustbridge', 'explain', '--token', "a b'c"]), "trustbridge explain --token 'a b'\\''c'");
  });
});
