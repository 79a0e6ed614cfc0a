/**
 * Rate limits on unauthenticated STS calls (issue 10): per source address, only calls that fail
 * before a registered provider vouches for the token spend tokens; past the allowance they get
 * AWS's throttle (400 Throttling "Rate exceeded") and leave no decision row. Verified calls are
 * never throttled, and one address's flood does not touch another's allowance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../src/aws/error.js';
import { JwksCache } from '../../src/oidc/index.js';
import { createStsService } from '../../src/sts/service.js';
import { UnverifiedCallLimiter } from '../../src/sts/unverified-call-limiter.js';
import { assumeParams, context, gitlabClaims, newWorld, NOW, params, signToken } from '../sts/world.js';

const JUNK = 'not.a.jwt';

test('failures before verification are throttled per address; verified calls and other addresses are not', async () => {
  const world = await newWorld();
  const clock = { ms: 0 };
  const sts = createStsService({
    directory: world.directory,
    sessionKeys: world.ring,
    tokenKeys: new JwksCache({ clock: () => NOW.getTime() }),
    unverifiedCalls: new UnverifiedCallLimiter({ perSecond: 1, burst: 3 }, () => clock.ms),
  });
  const assume = sts.actions.get('AssumeRoleWithWebIdentity')!;
  const from = (sourceIp: string) => ({ ...context(), sourceIp });
  const code = async (token: string, ip: string): Promise<string> => {
    try {
      await assume(params(assumeParams(token)), from(ip));
      return 'ok';
    } catch (err) {
      assert.ok(err instanceof AwsError);
      if (err.code === 'Throttling') assert.deepEqual([err.status, err.message], [400, 'Rate exceeded']);
      return err.code;
    }
  };

  for (let i = 0; i < 3; i++) assert.equal(await code(JUNK, '203.0.113.7'), 'InvalidIdentityToken');
  const rows = world.directory.decisions.length;
  assert.equal(await code(JUNK, '203.0.113.7'), 'Throttling');
  assert.equal(world.directory.decisions.length, rows, 'a throttled call writes no decision row');

  const valid = await signToken(world.issuer, gitlabClaims());
  assert.equal(await code(valid, '203.0.113.7'), 'ok', 'a verified token from the flooding address still works');
  assert.equal(await code(JUNK, '198.51.100.9'), 'InvalidIdentityToken', 'another address keeps its own allowance');

  clock.ms += 1000;
  assert.equal(await code(JUNK, '203.0.113.7'), 'InvalidIdentityToken', 'the bucket refills at the configured rate');
  assert.equal(await code(JUNK, '203.0.113.7'), 'Throttling');
});
