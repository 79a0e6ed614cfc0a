/**
 * Issue 10: `--audit-log FILE` writes one CloudTrail-shaped JSON line per API call the server
 * answered — signed calls, the unsigned AssumeRoleWithWebIdentity and failures alike — with the
 * caller's identity and access key id, and never a secret: a real call sequence against `up`,
 * then the file is searched for every secret and token value the sequence used or received.
 * Record fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { freePort, removeDir, startCommand, trustbridge, type RunningStack } from '../e2e/stack.js';

type AuditRecord = Record<string, unknown> & { userIdentity: Record<string, unknown>; eventName: string };

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('audit log', () => {
  let stack: RunningStack;
  let dir: string;
  let auditFile: string;
  const secrets: string[] = [];
  let records: AuditRecord[] = [];
  let sessionKeyId = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-audit-'));
    auditFile = join(dir, 'audit.jsonl');
    const ports = [String(await freePort()), String(await freePort())];
    stack = await startCommand(
      ['up', '--dir', dir, '--api-port', ports[0] ?? '', '--issuer-port', ports[1] ?? '', '--audit-log', auditFile],
      dir,
      'Ctrl-C stops',
    );
    const endpoint = stack.env.AWS_ENDPOINT_URL ?? '';
    const admin = { accessKeyId: stack.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY ?? '' };
    secrets.push(admin.secretAccessKey);
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: admin, maxAttempts: 1 });
    await iam.send(new CreateRoleCommand({ RoleName: 'audited', AssumeRolePolicyDocument: TRUST }));
    await assert.rejects(iam.send(new GetRoleCommand({ RoleName: 'no-such-role' })), { name: /^NoSuchEntity/ });
    const forged = new IAMClient({
      endpoint,
      region: 'us-east-1',
      credentials: { ...admin, secretAccessKey: 'x'.repeat(40) },
      maxAttempts: 1,
    });
    await assert.rejects(forged.send(new GetRoleCommand({ RoleName: 'audited' })), { name: /^SignatureDoesNotMatch/ });

    const minted = trustbridge(['token', '--dir', dir, '--project', 'mygroup/myproject', '--ref', 'main']);
    assert.equal(minted.status, 0, minted.stderr);
    const token = minted.stdout.trim();
    secrets.push(token);
    const sts = new STSClient({ endpoint, region: 'us-east-1', maxAttempts: 1 });
    const assumed = await sts.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: stack.env.ROLE_ARN, RoleSessionName: 'audit', WebIdentityToken: token }),
    );
    const creds = assumed.Credentials;
    assert.ok(creds?.AccessKeyId && creds.SecretAccessKey && creds.SessionToken);
    secrets.push(creds.SecretAccessKey, creds.SessionToken);
    sessionKeyId = creds.AccessKeyId;
    const asSession = new STSClient({
      endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken },
    });
    await asSession.send(new GetCallerIdentityCommand({}));
    await stack.stop();
    records = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);
  });

  after(async () => {
    await stack.stop();
    removeDir(dir);
  });

  it('never contains a secret key, session token or web-identity token', () => {
    const text = readFileSync(auditFile, 'utf8');
    for (const secret of secrets) assert.ok(secret.length > 20 && !text.includes(secret), 'a secret reached the audit log');
    // A part of a token (its signature, or the payload) would be a leak too.
    const signature = secrets[1]?.split('.')[2] ?? '';
    assert.ok(signature.length > 20 && !text.includes(signature));
  });

  it('records each call of the sequence, CloudTrail-shaped, failures included', () => {
    const ours = records.filter((r) => r.eventName !== 'ListOpenIDConnectProviders' && r.sourceIPAddress !== undefined);
    const names = ours.map((r) => `${r.eventName}:${String(r.errorCode ?? 'OK')}`);
    for (const expected of [
      'CreateRole:OK',
      'GetRole:NoSuchEntity',
      'GetRole:SignatureDoesNotMatch',
      'AssumeRoleWithWebIdentity:OK',
      'GetCallerIdentity:OK',
    ]) {
      assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
    }
    const createRole = ours.find((r) => r.eventName === 'CreateRole');
    assert.ok(createRole);
    for (const field of [
      'eventVersion',
      'eventTime',
      'eventSource',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestID',
      'eventID',
      'readOnly',
      'recipientAccountId',
    ]) {
      assert.ok(field in createRole, `CreateRole record lacks ${field}`);
    }
    assert.equal(createRole.eventSource, 'iam.amazonaws.com');
    assert.equal(createRole.readOnly, false);
    assert.match(String(createRole.eventTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(String(createRole.userAgent), /aws-sdk-js/);
    assert.deepEqual((createRole.requestParameters as Record<string, unknown>).roleName, 'audited');
    assert.equal(createRole.userIdentity.accessKeyId, stack.env.AWS_ACCESS_KEY_ID);
    assert.equal(createRole.userIdentity.arn, 'arn:aws:iam::000000000000:root');

    const denied = ours.find((r) => r.errorCode === 'NoSuchEntity');
    assert.match(String(denied?.errorMessage), /no-such-role/);
    const forged = ours.find((r) => r.errorCode === 'SignatureDoesNotMatch');
    assert.equal(forged?.userIdentity.accessKeyId, stack.env.AWS_ACCESS_KEY_ID, 'the key a forged call claimed');

    const assume = ours.find((r) => r.eventName === 'AssumeRoleWithWebIdentity');
    assert.equal(assume?.eventSource, 'sts.amazonaws.com');
    assert.equal(assume?.userIdentity.type, 'WebIdentityUser');
    assert.match(String(assume?.userIdentity.principalId), /project_path:mygroup\/myproject:ref_type:branch:ref:main$/);
    const credentials = (assume?.responseElements as { credentials?: Record<string, unknown> }).credentials;
    assert.equal(credentials?.accessKeyId, sessionKeyId);

    const whoami = ours.find((r) => r.eventName === 'GetCallerIdentity');
    assert.equal(whoami?.userIdentity.type, 'AssumedRole');
    assert.equal(whoami?.userIdentity.accessKeyId, sessionKeyId);
    assert.equal(whoami?.readOnly, true);
    assert.equal(whoami?.responseElements, null);
  });
});
