/**
 * The STS hot paths, in process with an in-memory directory, each beside a baseline measured in
 * the same run:
 *
 * - AssumeRoleWithWebIdentity, the whole pipeline (parameters, RS256 verification through the
 *   static-JWKS key source, trust policy, minting, decision record), on tokens the verifier has
 *   not seen and on one token presented again (its signature remembered), against jose's
 *   jwtVerify of the same token alone — the cost of a signature check done the WebCrypto way;
 * - session-credential resolution (what a GetCallerIdentity signed with ASIA keys pays: open
 *   the sealed token, check the key id, derive the secret — on a token's first use; after that
 *   the resolver remembers it and only checks the key id and expiry) against SigV4's signing-key
 *   derivation, four HMAC-SHA256 (which a signed call also pays only once per secret and day).
 */
import { createHmac, createPublicKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import { createSessionCredentialResolver } from '../src/sts/credentials/resolve-session-credentials.js';
import { assume, ISSUER, newBenchWorld, NOW } from './fixtures/sts-world.js';

interface Rate {
  perSecond: number;
  /** CPU time per call: steadier than wall time when the machine is shared. */
  cpuMicros: number;
}

async function measure(millis: number, fn: () => Promise<unknown> | unknown): Promise<Rate> {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  let calls = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(millis) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 50; i++) await fn();
    calls += 50;
    now = process.hrtime.bigint();
  }
  const used = process.cpuUsage(cpu);
  return { perSecond: (calls * 1e9) / Number(now - start), cpuMicros: (used.user + used.system) / calls };
}

function line(label: string, rate: Rate): void {
  const perSecond = Math.round(rate.perSecond).toLocaleString('en-US').padStart(10);
  console.log(`${label.padEnd(62)} ${perSecond} /s  ${rate.cpuMicros.toFixed(1).padStart(8)} µs CPU each`);
}

export async function run(): Promise<void> {
  const world = await newBenchWorld();
  let turn = 0;
  const pipeline = await measure(1500, async () => {
    await assume(world, world.freshTokens[turn++ % world.freshTokens.length]);
    if (world.decisions.length > 10_000) world.decisions.length = 0;
  });
  const sameToken = await measure(1500, async () => {
    await assume(world);
    if (world.decisions.length > 10_000) world.decisions.length = 0;
  });

  const publicKey = createPublicKey({ key: world.jwk as never, format: 'jwk' });
  const joseVerify = await measure(1500, () => jwtVerify(world.token, publicKey, { issuer: ISSUER, audience: ISSUER, currentDate: NOW }));

  line('AssumeRoleWithWebIdentity, whole pipeline, a new token', pipeline);
  line('AssumeRoleWithWebIdentity, whole pipeline, the same token again', sameToken);
  line('  baseline: jose jwtVerify of the same token alone', joseVerify);

  const result = (await assume(world)) as { Credentials: { AccessKeyId: string; SessionToken: string } };
  const { AccessKeyId, SessionToken } = result.Credentials;
  // A new resolver per call has an empty memo: what the first call signed with a token pays.
  const firstUse = await measure(1500, () => createSessionCredentialResolver(world.ring)(AccessKeyId, SessionToken, NOW));
  const resolve = createSessionCredentialResolver(world.ring);
  const remembered = await measure(1500, () => resolve(AccessKeyId, SessionToken, NOW));
  const signingKey = await measure(1500, () => {
    let key: Buffer = createHmac('sha256', 'AWS4secret').update('20260301').digest();
    for (const part of ['us-east-1', 'sts', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    return key;
  });
  line(`session credential resolution, first use (token ${SessionToken.length} chars)`, firstUse);
  line('session credential resolution, token remembered', remembered);
  line('  baseline: SigV4 signing-key derivation (4 × HMAC-SHA256)', signingKey);
}
