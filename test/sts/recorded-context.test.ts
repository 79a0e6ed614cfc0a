/**
 * A decision record keeps the trust context without its copies of the claims
 * (src/sts/recorded-context.ts); whoever reads the record gets the whole context back, in the
 * order the trust policy saw it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainDecision } from '../../src/diagnostics/index.js';
import type { JwtClaims } from '../../src/oidc/token.js';
import { decisionDetailsJson } from '../../src/store/decision-json.js';
import { compactContext, expandRecordedContext } from '../../src/sts/recorded-context.js';
import { buildTrustContext, conditionKeyPrefix } from '../../src/sts/trust-context.js';
import { ISSUER, NOW, PROVIDER_ARN } from './fixtures.js';
import { assumeParams, call, gitlabClaims, newWorld, signToken } from './world.js';

const base = { provider: { url: ISSUER, arn: PROVIDER_ARN }, sessionName: 'ci-job', sourceIp: '192.0.2.10', now: NOW, tags: undefined, sourceIdentity: undefined };
const PREFIX = conditionKeyPrefix(ISSUER);

function roundTrip(claims: JwtClaims, audience: string, extra: Partial<Parameters<typeof buildTrustContext>[0]> = {}): void {
  const context = buildTrustContext({ ...base, audience, claims, ...extra });
  const recorded = JSON.parse(JSON.stringify(compactContext(context, claims, PREFIX))) as { context: Record<string, unknown>; contextFromClaims: Record<string, unknown> };
  const expanded = expandRecordedContext(recorded.context, recorded.contextFromClaims, JSON.parse(JSON.stringify(claims)) as Record<string, unknown>);
  assert.deepEqual(expanded, context);
  assert.deepEqual(Object.keys(expanded ?? {}), Object.keys(context), 'same order');
}

test('the context of GitLab claims comes back whole and in order, though the record leaves out the copies', () => {
  const claims = gitlabClaims();
  roundTrip(claims, ISSUER);
  const context = buildTrustContext({ ...base, audience: ISSUER, claims });
  const recorded = compactContext(context, claims, PREFIX);
  assert.deepEqual(Object.keys(recorded.context), [`${PREFIX}:aud`, 'aws:CurrentTime', 'aws:EpochTime', 'aws:SourceIp', 'aws:FederatedProvider', 'sts:RoleSessionName']);
  assert.ok(JSON.stringify(recorded).length * 3 < JSON.stringify(context).length, 'a third or less of the whole');
});

test('azp, array aud, amr, look-alike names, claims of other types, tags and source identity come back exactly', () => {
  roundTrip({ sub: 's', aud: ['a', 'b'], azp: 'client-1', amr: 'pwd', oaud: 'forged' }, 'client-1');
  roundTrip({ sub: 'real', SUB: 'forged', Project: 'a', project: 'b', n: 3, flag: false, list: ['x'], nested: { a: 1 }, empty: null }, ISSUER);
  roundTrip({ sub: 's', aud: ISSUER }, ISSUER, { sourceIdentity: 'alice', tags: { tags: [{ key: 'Project', value: 'A' }], transitiveTagKeys: ['Project'] } });
});

test('a record written before, with its whole context, is read as it is', () => {
  const context = { [`${PREFIX}:sub`]: 's', 'aws:SourceIp': '192.0.2.10' };
  assert.deepEqual(expandRecordedContext(context, undefined, { sub: 's' }), context);
  assert.equal(expandRecordedContext(undefined, undefined, { sub: 's' }), undefined);
});

test('explain --decision of an allowed call shows the context its trust policy was evaluated against', async () => {
  const world = await newWorld();
  const claims = gitlabClaims();
  await call(world, 'AssumeRoleWithWebIdentity', assumeParams(await signToken(world.issuer, claims)));
  const record = world.directory.decisions.at(-1);
  assert.ok(record);
  assert.equal(record.decision, 'allowed');
  assert.ok(!JSON.stringify(record.details).includes(`"${PREFIX}:project_path"`), 'the copies are not stored');
  const seen = buildTrustContext({ ...base, sourceIp: '127.0.0.1', audience: ISSUER, claims: JSON.parse(JSON.stringify(claims)) as JwtClaims });
  // As a store gives it back: the details through their JSON text.
  assert.deepEqual(explainDecision({ ...record, details: JSON.parse(decisionDetailsJson(record.details)) }).context, seen);
});
