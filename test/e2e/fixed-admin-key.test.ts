/**
 * Test set-ups with fixed credentials (LocalStack's `test`/`test` habit): `serve` and `up` take
 * the admin key pair from flags or TRUSTBRIDGE_ADMIN_* variables, keep it sealed in the store
 * like a generated one, warn when it is weak, and the real aws CLI signs with it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { adminEnv, clientEnv, freePort, removeDir, run, startCommand, trustbridge } from './stack.js';

function callerArn(env: NodeJS.ProcessEnv): string {
  const result = run('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], env);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** Every byte the store directory holds, to look for a plaintext secret. */
function storeBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('trustbridge.db')).map((f) => readFileSync(join(dir, f))));
}

describe('a fixed admin key pair', () => {
  test('serve --admin-access-key-id test --admin-secret-access-key test: accepted, warned about, survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-fixed-key-'));
    try {
      const args = ['serve', '--dir', dir, '--port', String(await freePort()), '--admin-access-key-id', 'test', '--admin-secret-access-key', 'test'];
      for (let start = 0; start < 2; start++) {
        const node = await startCommand(args, dir, 'listening');
        try {
          assert.equal(node.env.AWS_ACCESS_KEY_ID, 'test');
          assert.equal(node.env.AWS_SECRET_ACCESS_KEY, 'test');
          assert.match(node.errors(), /WARNING: the admin secret access key of test is well known/);
          assert.doesNotMatch(node.errors(), /key of test is well known.*\btest\b.*test/);
          assert.equal(callerArn(adminEnv(node)), 'arn:aws:iam::000000000000:root');
          // A wrong secret for the same key ID is refused as AWS refuses it.
          const wrong = run('aws', ['sts', 'get-caller-identity'], { ...adminEnv(node), AWS_SECRET_ACCESS_KEY: 'nottest' });
          assert.notEqual(wrong.status, 0);
          assert.match(wrong.stderr, /SignatureDoesNotMatch/);
        } finally {
          await node.stop();
        }
      }
    } finally {
      removeDir(dir);
    }
  });

  test('up with TRUSTBRIDGE_ADMIN_* variables: a strong secret, stored sealed, no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-fixed-key-'));
    const secret = 'Fixed+Secret/For/CI/0123456789abcdefghij';
    try {
      const env = { ...process.env, TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID: 'AKIAFIXEDFORCITESTS', TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY: secret };
      const node = await startCommand(['up', '--dir', dir, '--api-port', String(await freePort()), '--issuer-port', String(await freePort())], dir, 'Ctrl-C stops', env);
      try {
        assert.equal(node.env.AWS_ACCESS_KEY_ID, 'AKIAFIXEDFORCITESTS');
        assert.equal(node.env.AWS_SECRET_ACCESS_KEY, secret);
        assert.doesNotMatch(node.errors(), /WARNING/);
        assert.equal(callerArn(adminEnv(node)), 'arn:aws:iam::000000000000:root');
      } finally {
        await node.stop();
      }
      assert.equal(storeBytes(dir).includes(Buffer.from(secret)), false, 'the secret is sealed at rest');
    } finally {
      removeDir(dir);
    }
  });

  test('half a pair, a bad key ID, or a stored key ID with another secret: refused with what to pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-fixed-key-'));
    try {
      const half = trustbridge(['serve', '--dir', dir, '--port', '0', '--admin-access-key-id', 'test'], clientEnv({}));
      assert.equal(half.status, 2);
      assert.match(half.stderr, /give both --admin-access-key-id and --admin-secret-access-key/);
      const session = trustbridge(['serve', '--dir', dir, '--port', '0'], clientEnv({ TRUSTBRIDGE_ADMIN_ACCESS_KEY_ID: 'ASIAXXXXXXXXXXXX', TRUSTBRIDGE_ADMIN_SECRET_ACCESS_KEY: 'x'.repeat(40) }));
      assert.equal(session.status, 2);
      assert.match(session.stderr, /not start with ASIA/);

      const node = await startCommand(['serve', '--dir', dir, '--port', String(await freePort()), '--admin-access-key-id', 'test', '--admin-secret-access-key', 'test'], dir, 'listening');
      await node.stop();
      const other = trustbridge(['serve', '--dir', dir, '--port', '0', '--admin-access-key-id', 'test', '--admin-secret-access-key', 'other-secret'], clientEnv({}));
      assert.equal(other.status, 2);
      assert.match(other.stderr, /already holds access key test with another secret/);
    } finally {
      removeDir(dir);
    }
  });
});
