/**
 * Issue 12's "exactly one JWKS fetch per issuer per cache period under full load", end to end:
 * `serve --workers 2` against a real HTTPS test issuer, many concurrent AssumeRoleWithWebIdentity
 * calls on fresh connections (so the cluster spreads them over both workers, which is checked
 * from each worker's own /metrics), and the issuer counts the JWKS requests it served: one, the
 * primary's, which both workers copy (src/oidc/shared-jwks.ts). Not timed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createQueryClient } from '../../src/aws/query-client.js';
import { freePort, removeDir, startCommand, type RunningStack } from '../e2e/stack.js';
import { JWKS_PATH, startIssuer, type RunningIssuer } from './fixtures/issuer-server.js';
import { makeKey, sign } from './fixtures/keys.js';
import { createTestPki } from './fixtures/pki.js';

const SUBJECT = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
const CALLS_PER_ROUND = 100;

const key = await makeKey('RS256', 'k1');
let issuer: RunningIssuer;
let node: RunningStack;
let dir: string;

/** One HTTP exchange on a connection of its own, so that the cluster hands each to the next worker. */
function onFreshConnection(url: string, method: 'GET' | 'POST', body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method, agent: false, headers: { connection: 'close', 'content-type': 'application/x-www-form-urlencoded' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** The AssumeRoleWithWebIdentity calls one worker has answered, as its own /metrics counts them. */
async function answeredByOneWorker(endpoint: string): Promise<number> {
  const { text } = await onFreshConnection(new URL('/metrics', endpoint).href, 'GET');
  const line = /^trustbridge_api_requests_total\{action="AssumeRoleWithWebIdentity",code="OK"\} (\d+)$/m.exec(text);
  return Number(line?.[1] ?? 0);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-jwks-workers-'));
  const pki = createTestPki();
  const caFile = join(dir, 'issuer-ca.pem');
  writeFileSync(caFile, pki.rootPem);
  // The fixture's JWKS says max-age=86400: one cache period covers the whole test.
  issuer = await startIssuer({ chain: [pki.leafPem, pki.intermediatePem], keyPem: pki.leafKeyPem, jwks: () => ({ keys: [key.jwk] }) });
  node = await startCommand(
    ['serve', '--dir', dir, '--port', String(await freePort()), '--workers', '2', '--ca', caFile, '--allow-private-issuers'],
    dir,
    'listening on',
  );
});

after(async () => {
  await node?.stop();
  await issuer?.close();
  removeDir(dir);
});

test("serve --workers 2 fetches an issuer's JWKS once under many concurrent AssumeRoleWithWebIdentity calls on both workers", async () => {
  const endpoint = node.env['AWS_ENDPOINT_URL']!;
  const iam = createQueryClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: node.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: node.env['AWS_SECRET_ACCESS_KEY']! },
  });
  const host = issuer.url.slice('https://'.length);
  await iam.call('iam', 'CreateOpenIDConnectProvider', { Url: issuer.url, ClientIDList: [issuer.url], ThumbprintList: ['a'.repeat(40)] });
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:sub`]: SUBJECT } },
      },
    ],
  };
  const roleArn =
    (await iam.call('iam', 'CreateRole', { RoleName: 'jwks-workers', AssumeRolePolicyDocument: JSON.stringify(trust) }))
      .child('Role')
      ?.text('Arn') ?? '';
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(key, { iss: issuer.url, sub: SUBJECT, aud: issuer.url, iat: now, nbf: now - 5, exp: now + 3600 });
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'jwks',
    WebIdentityToken: token,
  }).toString();

  // Rounds of concurrent calls until both workers have answered some (the second worker may
  // start listening a moment after the primary reports the first).
  let total = 0;
  let perWorker: number[] = [];
  for (let round = 0; round < 5 && !(perWorker.length > 0 && perWorker.every((n) => n > 0 && n < total)); round++) {
    const answers = await Promise.all(Array.from({ length: CALLS_PER_ROUND }, () => onFreshConnection(endpoint, 'POST', body)));
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    total += CALLS_PER_ROUND;
    perWorker = await Promise.all(Array.from({ length: 6 }, () => answeredByOneWorker(endpoint)));
  }
  // Each worker's own count is below the total: more than one process answered.
  assert.ok(
    perWorker.every((n) => n > 0 && n < total),
    `calls answered per worker (of ${total}): ${perWorker.join(', ')}`,
  );
  assert.equal(issuer.requests.filter((path) => path === JWKS_PATH).length, 1, `issuer requests: ${issuer.requests.join(', ')}`);
});
