/**
 * `trustbridge provider` and `trustbridge apply` against the real `trustbridge up`, driven
 * the way a user drives them, with the real aws CLI checking the outcome.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { adminEnv, freePort, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

// Two spaces after the comma, as AWS sends it (awslabs/aws-sdk-rust#827).
const NO_VERIFICATION_KEY =
  "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const SUBJECT = 'project_path:mygroup/myproject:ref_type:branch:ref:main';

describe('provider set-keys / clear-keys and apply, against trustbridge up', () => {
  let stack: RunningStack;
  let work: string;

  before(async () => {
    stack = await startStack();
    work = mkdtempSync(join(tmpdir(), 'tb-apply-'));
  });
  after(async () => {
    await stack.stop();
    removeDir(stack.dir);
    removeDir(work);
  });

  function aws(args: string[]) {
    return run('aws', args, adminEnv(stack));
  }

  function awsJson(args: string[]): unknown {
    const result = aws([...args, '--output', 'json']);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as unknown;
  }

  function mint(args: string[]): string {
    const minted = trustbridge(['token', '--dir', stack.dir, ...args]);
    assert.equal(minted.status, 0, minted.stderr);
    return minted.stdout.trim();
  }

  function assume(roleArn: string, token: string) {
    return aws(['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'apply', '--web-identity-token', token, '--query', 'AssumedRoleUser.Arn', '--output', 'text']);
  }

  function trustFor(host: string): string {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${host}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: SUBJECT } } }],
    });
  }

  async function localJwks(): Promise<string> {
    const ca = readFileSync(stack.env.TRUSTBRIDGE_CA_FILE ?? '', 'utf8');
    const response = await undiciFetch(`${stack.env.TRUSTBRIDGE_ISSUER_URL ?? ''}/oauth/discovery/keys`, { dispatcher: new Agent({ connect: { ca } }) });
    return response.text();
  }

  test('static keys let STS accept tokens of an issuer it cannot reach (GitLab issue 391928), and clearing them restores the failure', async () => {
    const unreachable = `https://localhost:${await freePort()}`;
    const host = unreachable.slice('https://'.length);
    const created = aws(['iam', 'create-open-id-connect-provider', '--url', unreachable, '--client-id-list', unreachable, '--thumbprint-list', 'a'.repeat(40), '--query', 'OpenIDConnectProviderArn', '--output', 'text']);
    assert.equal(created.status, 0, created.stderr);
    const providerArn = created.stdout.trim();
    const role = aws(['iam', 'create-role', '--role-name', 'firewalled', '--assume-role-policy-document', trustFor(host), '--query', 'Role.Arn', '--output', 'text']);
    assert.equal(role.status, 0, role.stderr);
    const roleArn = role.stdout.trim();
    // The local issuer signs a token that claims to come from the unreachable URL.
    const token = mint(['--url', unreachable, '--aud', unreachable]);

    assert.equal(assume(roleArn, token).stderr.trim().split('\n')[0], NO_VERIFICATION_KEY);

    const jwksFile = join(work, 'jwks.json');
    writeFileSync(jwksFile, await localJwks());
    const set = trustbridge(['provider', 'set-keys', '--dir', stack.dir, '--arn', providerArn, '--jwks', jwksFile]);
    assert.equal(set.status, 0, set.stderr);
    const allowed = assume(roleArn, token);
    assert.equal(allowed.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/firewalled/apply', allowed.stderr);

    const cleared = trustbridge(['provider', 'clear-keys', '--dir', stack.dir, '--arn', providerArn]);
    assert.equal(cleared.status, 0, cleared.stderr);
    assert.equal(assume(roleArn, token).stderr.trim().split('\n')[0], NO_VERIFICATION_KEY);
  });

  test('set-keys on a provider that does not exist prints the AWS CLI line and fails', () => {
    const arn = 'arn:aws:iam::000000000000:oidc-provider/nowhere.example';
    const jwksFile = join(work, 'any.json');
    writeFileSync(jwksFile, '{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}');
    const result = trustbridge(['provider', 'set-keys', '--dir', stack.dir, '--arn', arn, '--jwks', jwksFile]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^An error occurred \(NoSuchEntity\) when calling the SetOpenIDConnectProviderStaticKeys operation: /m);
  });

  /** Runs apply with the AWS_* environment (no --dir), as a CI job with credentials would. */
  function apply(file: string, ...flags: string[]) {
    return trustbridge(['apply', '-f', file, ...flags], adminEnv(stack));
  }

  async function writeConfig(name: string, issuer: string, options: { maxSession: number; action: string }): Promise<string> {
    const host = issuer.slice('https://'.length);
    writeFileSync(join(work, 'issuer-keys.json'), await localJwks());
    const yaml = `
oidc_providers:
  - url: ${issuer}
    client_ids: [${issuer}]
    thumbprints: [${'c'.repeat(40)}]
    static_jwks_file: issuer-keys.json
    tags: {team: platform}
policies:
  - name: artifacts
    path: /ci/
    document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "${options.action}", Resource: "*"}]}
roles:
  - name: declared
    description: declared in YAML
    max_session_duration: ${options.maxSession}
    trust_policy: '${trustFor(host)}'
    inline_policies:
      sts: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sts:GetCallerIdentity", Resource: "*"}]}
    managed_policies: [artifacts]
    tags: {team: platform}
`;
    const file = join(work, name);
    writeFileSync(file, yaml);
    return file;
  }

  test('apply creates providers, policies and roles; a second apply changes nothing; the role works with the real aws CLI', async () => {
    const issuer = `https://localhost:${await freePort()}`;
    const file = await writeConfig('first.yaml', issuer, { maxSession: 7200, action: 's3:GetObject' });

    const first = apply(file);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^\\+ oidc_provider ${issuer}\\n {4}\\+ static keys\\n\\+ policy /ci/artifacts\\n\\+ role declared\\n`, 'm'));
    assert.match(first.stdout, /Apply complete: 3 created, 0 updated, 0 deleted\./);

    const second = apply(file);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /Plan: 0 to create, 0 to update, 0 to delete, 3 unchanged\.\n\nNo changes\. IAM matches the file\./);
    assert.doesNotMatch(second.stdout, /^[+~-] /m);

    const role = awsJson(['iam', 'get-role', '--role-name', 'declared']) as { Role: { MaxSessionDuration: number; Description: string } };
    assert.equal(role.Role.MaxSessionDuration, 7200);
    assert.equal(role.Role.Description, 'declared in YAML');
    const attached = awsJson(['iam', 'list-attached-role-policies', '--role-name', 'declared']) as { AttachedPolicies: Array<{ PolicyArn: string }> };
    assert.deepEqual(attached.AttachedPolicies.map((p) => p.PolicyArn), ['arn:aws:iam::000000000000:policy/ci/artifacts']);

    // The provider's issuer is unreachable: only the static keys apply set let STS verify the token.
    const token = mint(['--url', issuer, '--aud', issuer]);
    const assumed = assume('arn:aws:iam::000000000000:role/declared', token);
    assert.equal(assumed.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/declared/apply', assumed.stderr);
  });

  test('a changed file is planned as updates; --dry-run changes nothing; applying converges', async () => {
    const issuer = `https://localhost:${await freePort()}`;
    const base = await writeConfig('base.yaml', issuer, { maxSession: 3600, action: 's3:GetObject' });
    assert.equal(apply(base).status, 0);
    const changed = await writeConfig('changed.yaml', issuer, { maxSession: 10800, action: 's3:PutObject' });

    const dry = apply(changed, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^~ policy \/ci\/artifacts\n {4}~ document \(new default version\)$/m);
    assert.match(dry.stdout, /^~ role declared\n {4}~ max session duration 3600 → 10800$/m);
    assert.match(dry.stdout, /Dry run: nothing was changed\./);
    const unchanged = awsJson(['iam', 'get-role', '--role-name', 'declared']) as { Role: { MaxSessionDuration: number } };
    assert.equal(unchanged.Role.MaxSessionDuration, 3600);

    const applied = apply(changed);
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(applied.stdout, /Apply complete: 0 created, 2 updated, 0 deleted\./);
    const versions = awsJson(['iam', 'list-policy-versions', '--policy-arn', 'arn:aws:iam::000000000000:policy/ci/artifacts']) as { Versions: Array<{ IsDefaultVersion: boolean }> };
    assert.ok(versions.Versions.length >= 2);
    assert.match(apply(changed).stdout, /No changes\./);
  });

  test('an IAM error is shown as the AWS CLI shows it; an invalid file names the YAML path', () => {
    const bad = join(work, 'no-principal.yaml');
    writeFileSync(bad, 'roles:\n  - name: broken\n    trust_policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sts:AssumeRole"}]}\n');
    const refused = apply(bad);
    assert.equal(refused.status, 1);
    // Trust-policy validation errors are MalformedPolicyDocument (LocalStack's test_iam_roles.snapshot.json);
    // the line is the AWS CLI's "An error occurred (Code) when calling the Action operation: Message".
    assert.match(refused.stderr, /^An error occurred \(MalformedPolicyDocument\) when calling the CreateRole operation: /m);

    const invalid = join(work, 'invalid.yaml');
    writeFileSync(invalid, 'roles:\n  - name: x\n    max_session_duration: 60\n');
    const rejected = apply(invalid);
    assert.equal(rejected.status, 2);
    assert.match(rejected.stderr, /roles\[0\]\.max_session_duration: /);
    assert.match(rejected.stderr, /roles\[0\]\.trust_policy: a policy document is required/);
  });

  test('--prune deletes what the file does not mention, and only then', async () => {
    const issuer = `https://localhost:${await freePort()}`;
    const file = await writeConfig('prune.yaml', issuer, { maxSession: 3600, action: 's3:GetObject' });
    assert.equal(apply(file).status, 0);
    const extra = aws(['iam', 'create-role', '--role-name', 'stray', '--assume-role-policy-document', trustFor(issuer.slice(8))]);
    assert.equal(extra.status, 0, extra.stderr);

    const plain = apply(file);
    assert.doesNotMatch(plain.stdout, /stray/);
    assert.equal(aws(['iam', 'get-role', '--role-name', 'stray']).status, 0);

    const pruned = apply(file, '--prune');
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.match(pruned.stdout, /^- role stray$/m);
    assert.match(pruned.stdout, /^- role gitlab-deploy$/m);
    const roles = awsJson(['iam', 'list-roles', '--query', 'Roles[].RoleName']) as string[];
    assert.deepEqual(roles, ['declared']);
    assert.match(apply(file, '--prune').stdout, /No changes\./);
  });
});
