/**
 * The running issuer over HTTPS, checked the way a relying party uses it: discovery and JWKS
 * fetched with only the generated CA trusted, tokens verified by jose (an independent JOSE
 * implementation) against that JWKS.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { discoveryDocument } from '../../src/issuer/discovery.js';
import { exportStaticIssuer } from '../../src/issuer/export.js';
import { buildJobContext } from '../../src/issuer/job-input.js';
import { mintToken } from '../../src/issuer/mint.js';
import { startIssuer, type RunningIssuer } from '../../src/issuer/server.js';
import { httpsGet, tempDir } from './helpers.js';

async function issuerFor(t: { after: (fn: () => Promise<void> | void) => void }, url?: string): Promise<{ issuer: RunningIssuer; dir: string }> {
  const dir = tempDir(t);
  const issuer = await startIssuer({ dir, port: 0, host: '127.0.0.1', ...(url !== undefined ? { url } : {}) });
  t.after(() => issuer.close());
  return { issuer, dir };
}

const base = (issuer: RunningIssuer): string => `https://127.0.0.1:${issuer.port}`;

test('discovery: GitLab\'s members, order and values, issuer = the tokens\' iss (jwks_controller.rb)', async (t) => {
  const { issuer } = await issuerFor(t);
  const res = await httpsGet(`${base(issuer)}/.well-known/openid-configuration`, issuer.caFile);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const doc = JSON.parse(res.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(doc), [
    'issuer', 'authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'introspection_endpoint',
    'userinfo_endpoint', 'jwks_uri', 'scopes_supported', 'response_types_supported', 'response_modes_supported',
    'grant_types_supported', 'token_endpoint_auth_methods_supported', 'subject_types_supported',
    'id_token_signing_alg_values_supported', 'claim_types_supported', 'claims_supported', 'code_challenge_methods_supported',
  ]);
  assert.equal(doc.issuer, issuer.url);
  assert.equal(doc.jwks_uri, `${issuer.url}/oauth/discovery/keys`);
  assert.deepEqual(doc.response_types_supported, ['code']);
  assert.deepEqual(doc.subject_types_supported, ['public']);
  assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
  assert.deepEqual(doc.claim_types_supported, ['normal']);
  // GitLab appends its CI claims after the OIDC provider's (jwks_controller.rb, gitlab!170072).
  assert.deepEqual((doc.claims_supported as string[]).slice(-6), ['project_path', 'ci_config_ref_uri', 'ref_path', 'sha', 'environment', 'jti']);
  assert.deepEqual((doc.claims_supported as string[]).slice(0, 5), ['iss', 'sub', 'aud', 'exp', 'iat']);
  assert.deepEqual(doc.code_challenge_methods_supported, ['plain', 'S256']);
});

test('JWKS: RS256 signing keys only, GitLab\'s member set and Cache-Control (jwks_controller.rb)', async (t) => {
  const { issuer } = await issuerFor(t);
  const res = await httpsGet(`${base(issuer)}/oauth/discovery/keys`, issuer.caFile);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'max-age=86400, public, must-revalidate, no-transform');
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const { keys } = JSON.parse(res.text) as { keys: Array<Record<string, unknown>> };
  assert.equal(keys.length, 2, 'the current key and the published next key');
  for (const key of keys) {
    assert.deepEqual(Object.keys(key), ['kty', 'kid', 'e', 'n', 'use', 'alg']);
    assert.equal(key.kty, 'RSA');
    assert.equal(Buffer.from(String(key.n), 'base64url').length, 256, 'RSA-2048, as GitLab generates it');
  }
});

test('a minted token verifies with jose against the JWKS fetched over HTTPS', async (t) => {
  const { issuer } = await issuerFor(t);
  const job = buildJobContext({ project: 'mygroup/myproject', ref: 'main', serverUrl: issuer.url });
  const token = mintToken(issuer.keyring, job, { aud: 'sts.amazonaws.com' });
  const discovery = JSON.parse((await httpsGet(`${base(issuer)}/.well-known/openid-configuration`, issuer.caFile)).text) as { jwks_uri: string };
  const jwksUrl = discovery.jwks_uri.replace(issuer.url, base(issuer));
  const jwks = JSON.parse((await httpsGet(jwksUrl, issuer.caFile)).text) as JSONWebKeySet;
  const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: issuer.url,
    audience: 'sts.amazonaws.com',
    algorithms: ['RS256'],
    typ: 'JWT',
  });
  assert.equal(payload.sub, 'project_path:mygroup/myproject:ref_type:branch:ref:main');
  assert.equal(protectedHeader.kid, issuer.keyring.current().kid);
  assert.equal(payload.exp, (payload.iat ?? 0) + 3600);
});

test('--url sets both iss and discovery issuer (GitLab\'s ci_id_tokens_issuer_url); routes also answer under its path', async (t) => {
  const { issuer } = await issuerFor(t, 'https://issuer.example.test/gitlab/');
  assert.equal(issuer.url, 'https://issuer.example.test/gitlab', 'no trailing slash (iss + "/.well-known/…")');
  const token = mintToken(issuer.keyring, buildJobContext({ project: 'g/p', ref: 'main', serverUrl: issuer.url }));
  const header = decodeProtectedHeader(token);
  assert.equal(header.alg, 'RS256');
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
  assert.equal(payload.iss, 'https://issuer.example.test/gitlab');
  assert.equal(payload.aud, 'https://issuer.example.test/gitlab', 'aud defaults to the issuer URL');
  const res = await httpsGet(`${base(issuer)}/gitlab/.well-known/openid-configuration`, issuer.caFile);
  assert.equal((JSON.parse(res.text) as { issuer: string }).issuer, 'https://issuer.example.test/gitlab');
});

test('CORS: a cross-origin read is allowed, and the preflight answers (GitLab\'s OPTIONS routes)', async (t) => {
  const { issuer } = await issuerFor(t);
  const res = await httpsGet(`${base(issuer)}/oauth/discovery/keys`, issuer.caFile, { headers: { origin: 'https://app.example' } });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const preflight = await httpsGet(`${base(issuer)}/oauth/discovery/keys`, issuer.caFile, { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  assert.equal(preflight.status, 200);
  const head = await httpsGet(`${base(issuer)}/oauth/discovery/keys`, issuer.caFile, { method: 'HEAD' });
  assert.equal(head.status, 200);
  const post = await httpsGet(`${base(issuer)}/oauth/discovery/keys`, issuer.caFile, { method: 'POST' });
  assert.equal(post.status, 404);
});

test('export writes discovery and JWKS at GitLab\'s paths with the public URL (gitlab-org/gitlab#391928)', async (t) => {
  const { issuer, dir } = await issuerFor(t);
  const out = join(dir, 'public');
  exportStaticIssuer(issuer.keyring, 'https://bucket.s3.eu-west-1.amazonaws.com', out);
  assert.deepEqual(readdirSync(join(out, '.well-known')), ['openid-configuration']);
  const discovery = JSON.parse(readFileSync(join(out, '.well-known', 'openid-configuration'), 'utf8')) as unknown;
  assert.deepEqual(discovery, discoveryDocument('https://bucket.s3.eu-west-1.amazonaws.com'));
  const jwks = JSON.parse(readFileSync(join(out, 'oauth', 'discovery', 'keys'), 'utf8')) as { keys: unknown[] };
  assert.deepEqual(jwks.keys, issuer.keyring.publishedKeys());
});
