/**
 * Real clients accept what STS issues: @aws-sdk/client-sts and boto3 call AssumeRoleWithWebIdentity
 * (unsigned), then sign GetCallerIdentity with the session credentials (token in
 * X-Amz-Security-Token), verified by SigV4 with the stateless resolver. The HTTP layer here is
 * a minimal stand-in for src/server, built from the src/aws wire pieces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isAwsError } from '../../src/aws/error.js';
import { decodeQueryRequest } from '../../src/aws/query-request.js';
import type { Caller } from '../../src/aws/service.js';
import { verifySignature } from '../../src/aws/sigv4/index.js';
import { encodeError, encodeSuccess } from '../../src/aws/wire-format.js';
import { createSessionCredentialResolver } from '../../src/sts/credentials/resolve-session-credentials.js';
import { ACCOUNT, gitlabClaims, MAIN_SUB, newWorld, ROLE_ARN, ROLE_NAME, signToken, type World } from './world.js';

async function startServer(world: World): Promise<{ server: Server; url: string }> {
  const resolve = createSessionCredentialResolver(world.ring);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const requestId = randomUUID();
        const [path, query = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
        const body = Buffer.concat(chunks);
        const q = decodeQueryRequest({ method: req.method ?? 'GET', contentType: req.headers['content-type'], query, body });
        const action = q.action ?? '';
        const now = new Date();
        const ctx = { requestId, caller: { kind: 'anonymous' } as Caller, accountId: ACCOUNT, now, sourceIp: '127.0.0.1', responseHeaders: {} as Record<string, string> };
        let encoded;
        try {
          if (!world.service.unsignedActions.has(action)) {
            const headers: Array<[string, string]> = [];
            for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
            const verified = await verifySignature({ method: req.method ?? 'GET', path, query, headers, body }, { service: 'sts', region: 'us-east-1', resolveCredential: resolve, now });
            ctx.caller = verified.caller;
          }
          const handler = world.service.actions.get(action);
          if (handler === undefined) throw new Error(`no action ${action}`);
          encoded = encodeSuccess('xml', action, world.service.xmlNamespace, await handler(q.params, ctx), requestId);
        } catch (err) {
          if (!isAwsError(err)) throw err;
          encoded = encodeError('xml', err, world.service.xmlNamespace, requestId);
        }
        res.writeHead(encoded.status, { 'content-type': encoded.contentType, 'x-amzn-requestid': requestId, ...ctx.responseHeaders });
        res.end(encoded.body);
      })();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('@aws-sdk/client-sts: assume with a GitLab token, then GetCallerIdentity with the session', async () => {
  const world = await newWorld();
  world.role.maxSessionDuration = 43200;
  const { server, url } = await startServer(world);
  try {
    const token = await signToken(world.issuer, gitlabClaims({ iat: Math.floor(Date.now() / 1000), nbf: Math.floor(Date.now() / 1000) - 5, exp: Math.floor(Date.now() / 1000) + 3600 }));
    const anonymous = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
    const assumed = await anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'sdk', WebIdentityToken: token, DurationSeconds: 3600 }));
    assert.equal(assumed.SubjectFromWebIdentityToken, MAIN_SUB);
    const c = assumed.Credentials!;
    const session = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    const me = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/sdk`);
    assert.equal(me.Account, ACCOUNT);

    // The SDK surfaces AWS's code for a session token that is not ours.
    const forged = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: `${c.SessionToken!.slice(0, -8)}AAAAAAAA` }, maxAttempts: 1 });
    await assert.rejects(forged.send(new GetCallerIdentityCommand({})), (err: Error) => err.name === 'InvalidClientTokenId');
  } finally {
    server.close();
  }
});

test('boto3: the same round trip', { skip: spawnSync('python3', ['-c', 'import boto3']).status !== 0 ? 'boto3 not installed' : false }, async () => {
  const world = await newWorld();
  const { server, url } = await startServer(world);
  try {
    const now = Math.floor(Date.now() / 1000);
    const token = await signToken(world.issuer, gitlabClaims({ iat: now, nbf: now - 5, exp: now + 3600 }));
    const script = [
      'import boto3, os, sys',
      'from botocore import UNSIGNED',
      'from botocore.config import Config',
      "u = os.environ['URL']",
      "sts = boto3.client('sts', endpoint_url=u, region_name='us-east-1', config=Config(signature_version=UNSIGNED))",
      "r = sts.assume_role_with_web_identity(RoleArn=os.environ['ROLE_ARN'], RoleSessionName='boto', WebIdentityToken=os.environ['TOKEN'])",
      "c = r['Credentials']",
      "s = boto3.client('sts', endpoint_url=u, region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])",
      "print(s.get_caller_identity()['Arn'])",
    ].join('\n');
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      // Asynchronous, so this process's server can answer while python runs.
      import('node:child_process').then(({ execFile }) => {
        execFile('python3', ['-c', script], { env: { ...process.env, URL: url, ROLE_ARN, TOKEN: token, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }, timeout: 30_000 },
          (error, stdout, stderr) => done({ status: error ? 1 : 0, stdout, stderr }));
      });
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/boto`);
  } finally {
    server.close();
  }
});
