/**
 * The tutorial's troubleshooting section, reproduced against `trustbridge up` with the real aws
 * CLI, each with the exact line AWS's CLI prints (sources: awslabs/aws-sdk-rust#827,
 * aws/aws-sdk-java-v2#1470; https://docs.gitlab.com/ci/cloud_services/aws/, "Troubleshooting").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { ensureLocalTls } from '../../src/issuer/tls/local-ca.js';
import { adminEnv, freePort, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

const CLI_PREFIX = 'An error occurred (%CODE%) when calling the AssumeRoleWithWebIdentity operation: ';
function cliError(code: string, message: string): string {
  return CLI_PREFIX.replace('%CODE%', code) + message;
}
const NOT_AUTHORIZED = cliError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
// Two spaces after the comma, as AWS sends it (awslabs/aws-sdk-rust#827).
const NO_VERIFICATION_KEY = cliError(
  'InvalidIdentityToken',
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
);

describe('troubleshooting cases, as AWS reports them', () => {
  let stack: RunningStack;
  let issuerUrl: string;
  let slowIssuer: Server;
  let slowIssuerUrl: string;

  before(async () => {
    stack = await startStack();
    issuerUrl = stack.env.TRUSTBRIDGE_ISSUER_URL ?? '';
    slowIssuer = await startSlowIssuer(stack.dir, issuerUrl);
    slowIssuerUrl = `https://localhost:${(slowIssuer.address() as AddressInfo).port}`;
  });
  after(async () => {
    slowIssuer.closeAllConnections();
    await new Promise((done) => slowIssuer.close(done));
    await stack.stop();
    removeDir(stack.dir);
  });

  function aws(args: string[]): { status: number | null; stdout: string; stderr: string } {
    return run('aws', args, adminEnv(stack));
  }

  function mint(args: string[]): string {
    const minted = trustbridge(['token', '--dir', stack.dir, ...args]);
    assert.equal(minted.status, 0, minted.stderr);
    return minted.stdout.trim();
  }

  function assume(roleArn: string, token: string): { status: number | null; stdout: string; stderr: string } {
    return aws(['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'ts', '--web-identity-token', token, '--query', 'AssumedRoleUser.Arn', '--output', 'text']);
  }

  function createRole(name: string, operator: string, subject: string, provider = issuerUrl): string {
    const host = provider.replace('https://', '');
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${host}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { [operator]: { [`${host}:sub`]: subject } },
        },
      ],
    };
    const created = aws(['iam', 'create-role', '--role-name', name, '--assume-role-policy-document', JSON.stringify(policy), '--query', 'Role.Arn', '--output', 'text']);
    assert.equal(created.status, 0, created.stderr);
    return created.stdout.trim();
  }

  function firstLine(text: string): string {
    return text.trim().split('\n')[0] ?? '';
  }

  test('no OIDC provider for the token\'s issuer', () => {
    const token = mint(['--url', 'https://gitlab.unknown.example', '--aud', 'https://gitlab.unknown.example']);
    const result = assume(stack.env.ROLE_ARN ?? '', token);
    assert.equal(firstLine(result.stderr), cliError('InvalidIdentityToken', 'No OpenIDConnect provider found in your account for https://gitlab.unknown.example'));
  });

  test('a token for another audience', () => {
    const result = assume(stack.env.ROLE_ARN ?? '', mint(['--aud', 'sts.amazonaws.com']));
    assert.equal(firstLine(result.stderr), cliError('InvalidIdentityToken', 'Incorrect token audience'));
  });

  test('a role restricted to tags refuses a branch and accepts a tag', () => {
    const arn = createRole('tags-only', 'StringLike', 'project_path:mygroup/myproject:ref_type:tag:ref:v*');
    assert.equal(firstLine(assume(arn, mint(['--ref', 'main'])).stderr), NOT_AUTHORIZED);
    const allowed = assume(arn, mint(['--ref', 'v1.2.0', '--ref-type', 'tag']));
    assert.equal(allowed.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/tags-only/ts', allowed.stderr);
  });

  test('StringEquals with a wildcard is denied; StringLike with the same value is allowed', () => {
    const subject = 'project_path:mygroup/myproject:ref_type:branch:ref:*';
    const equals = createRole('wildcard-equals', 'StringEquals', subject);
    const like = createRole('wildcard-like', 'StringLike', subject);
    const token = mint(['--ref', 'main']);
    assert.equal(firstLine(assume(equals, token).stderr), NOT_AUTHORIZED);
    assert.equal(assume(like, token).stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/wildcard-like/ts');
  });

  test('an issuer whose port refuses connections', async () => {
    const refused = `https://localhost:${await freePort()}`;
    registerProvider(refused);
    const arn = createRole('refused-issuer', 'StringEquals', 'project_path:mygroup/myproject:ref_type:branch:ref:main', refused);
    const result = assume(arn, mint(['--url', refused, '--aud', refused]));
    assert.equal(firstLine(result.stderr), NO_VERIFICATION_KEY);
  });

  test('an issuer whose name does not resolve (not reachable from STS)', () => {
    // RFC 2606 reserves .invalid: it never resolves, like a GitLab host only an intranet knows.
    const unreachable = 'https://gitlab.intranet.invalid';
    registerProvider(unreachable);
    const arn = createRole('unreachable-issuer', 'StringEquals', 'project_path:mygroup/myproject:ref_type:branch:ref:main', unreachable);
    const result = assume(arn, mint(['--url', unreachable, '--aud', unreachable]));
    assert.equal(firstLine(result.stderr), NO_VERIFICATION_KEY);
  });

  test('an issuer whose JWKS answers after 6 seconds, beyond AWS\'s 5-second limit', () => {
    registerProvider(slowIssuerUrl);
    const arn = createRole('slow-issuer', 'StringEquals', 'project_path:mygroup/myproject:ref_type:branch:ref:main', slowIssuerUrl);
    const result = assume(arn, mint(['--url', slowIssuerUrl, '--aud', slowIssuerUrl]));
    assert.equal(firstLine(result.stderr), NO_VERIFICATION_KEY);
  });

  function registerProvider(url: string): void {
    const created = aws(['iam', 'create-open-id-connect-provider', '--url', url, '--client-id-list', url, '--thumbprint-list', 'a'.repeat(40)]);
    assert.equal(created.status, 0, created.stderr);
  }
});

/**
 * An issuer on the stack's own TLS certificate (so only the delay differs) whose discovery is
 * prompt and whose JWKS — the real issuer's keys — arrives after 6 seconds.
 */
async function startSlowIssuer(dir: string, realIssuerUrl: string): Promise<Server> {
  const tls = ensureLocalTls(dir);
  const keys = await fetchWithCa(`${realIssuerUrl}/oauth/discovery/keys`, tls.caFile);
  const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const self = `https://localhost:${(server.address() as AddressInfo).port}`;
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: self, jwks_uri: `${self}/oauth/discovery/keys` }));
      return;
    }
    const timer = setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(keys);
    }, 6_000);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

async function fetchWithCa(url: string, caFile: string): Promise<string> {
  const response = await undiciFetch(url, { dispatcher: new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } }) });
  return response.text();
}
