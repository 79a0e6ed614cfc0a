/**
 * The SDKs' own web-identity credential chains, unchanged, against `trustbridge up`: only
 * AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_SESSION_NAME and AWS_ENDPOINT_URL_STS are
 * set, as a GitLab job (or EKS pod) would set them. No Trustbridge code runs in the client.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clientEnv, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

describe('SDK default credential chains with a web-identity token file', () => {
  let stack: RunningStack;
  let tokenFile: string;
  /** GitLab's recipe: `echo "${GITLAB_OIDC_TOKEN}" > /tmp/web_identity_token`, newline and all. */
  let echoedTokenFile: string;

  before(async () => {
    stack = await startStack();
    const minted = trustbridge(['token', '--dir', stack.dir, '--project', 'mygroup/myproject', '--ref', 'main']);
    assert.equal(minted.status, 0, minted.stderr);
    tokenFile = join(mkdtempSync(join(tmpdir(), 'tb-token-')), 'token');
    writeFileSync(tokenFile, minted.stdout.trim());
    echoedTokenFile = `${tokenFile}-echoed`;
    writeFileSync(echoedTokenFile, `${minted.stdout.trim()}\n`);
  });
  after(async () => {
    await stack.stop();
    removeDir(stack.dir);
  });

  function chainEnv(file = tokenFile): Record<string, string> {
    return {
      AWS_ROLE_ARN: stack.env.ROLE_ARN ?? '',
      AWS_WEB_IDENTITY_TOKEN_FILE: file,
      AWS_ROLE_SESSION_NAME: 'sdk-chain',
      AWS_ENDPOINT_URL_STS: stack.env.AWS_ENDPOINT_URL ?? '',
      // Any SDK needs a region; each reads its own variable for it.
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    };
  }

  const expectedArn = 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/sdk-chain';

  const botoScript = 'import boto3; print(boto3.client("sts").get_caller_identity()["Arn"])';
  test('boto3', () => {
    const result = run('python3', ['-c', botoScript], clientEnv(chainEnv()));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), expectedArn);
  });

  test('boto3 with a token file ending in a newline (GitLab\'s echo recipe), accepted as AWS accepts it', () => {
    const result = run('python3', ['-c', botoScript], clientEnv(chainEnv(echoedTokenFile)));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), expectedArn);
  });

  // Run in a child so the SDK reads a clean environment, exactly as an application would.
  const jsScript = `
      import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
      import { fromTokenFile } from '@aws-sdk/credential-providers';
      const explicit = new STSClient({ credentials: fromTokenFile() });
      const viaChain = new STSClient({});
      const a = await explicit.send(new GetCallerIdentityCommand({}));
      const b = await viaChain.send(new GetCallerIdentityCommand({}));
      console.log(a.Arn);
      console.log(b.Arn);
    `;
  for (const [name, file] of [['', () => tokenFile], [' with a token file ending in a newline', () => echoedTokenFile]] as const) {
    test(`AWS SDK for JavaScript v3: fromTokenFile and the default chain${name}`, () => {
      const result = run(process.execPath, ['--input-type=module', '-e', jsScript], { ...clientEnv(chainEnv(file())), NODE_PATH: '' });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), [expectedArn, expectedArn]);
    });
  }
});
