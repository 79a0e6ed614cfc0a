/**
 * The served-chain probe against real TLS servers, and the analysis of what it read: order,
 * duplicates, unrelated extras (GitLab's tutorial, "Could not connect to openid configuration of
 * provider": "a certificate chain that's out of order, or includes duplicate or additional
 * certificates"), plus the AWS thumbprint (IAM user guide, "Obtain the thumbprint for an OpenID
 * Connect identity provider": SHA-1 of the last certificate served).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../../src/aws/error.js';
import { createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { ChainProbeError, probeCertificateChain } from '../../src/oidc/tls-chain-probe.js';
import { analyseChain } from '../../src/oidc/tls-chain-analyse.js';
import { providerThumbprint } from '../../src/oidc/provider-thumbprint.js';
import { pemToDer } from './fixtures/pki.js';
import { faults, scenarioKit, type ScenarioKit } from './fixtures/scenarios.js';

let kit: ScenarioKit;
before(async () => { kit = await scenarioKit(); });
after(async () => { await kit.closeAll(); });

const sha1 = (der: Buffer): string => createHash('sha1').update(der).digest('hex');

test('the probe returns the certificates exactly as served, and a good chain has no problem', async () => {
  const { leafPem, intermediatePem, rootPem } = kit.pki;
  const issuer = await kit.start({ chain: [leafPem, intermediatePem, rootPem] });
  const ders = await probeCertificateChain(issuer.url, { allowPrivate: true, timeoutMs: 5000 });
  assert.deepEqual(ders, [leafPem, intermediatePem, rootPem].map(pemToDer));
  const analysis = analyseChain(ders);
  assert.deepEqual(analysis.problems, []);
  assert.deepEqual(analysis.path, [0, 1, 2]);
  assert.equal(analysis.thumbprint, sha1(pemToDer(rootPem)));
  const withoutRoot = await kit.start();
  const result = await providerThumbprint(withoutRoot.url, { allowPrivate: true });
  assert.equal(result.thumbprint, sha1(pemToDer(intermediatePem)));
});

for (const [name, kind] of [
  ['chain out of order', 'out-of-order'],
  ['chain with a duplicate certificate', 'duplicate'],
  ['chain with an unrelated extra certificate', 'unrelated'],
] as const) {
  test(`${name}: found in the served order, and IAM answers with the tutorial's error`, async () => {
    const issuer = await kit.start((await faults(kit.pki))[name]);
    const analysis = analyseChain(await probeCertificateChain(issuer.url, { allowPrivate: true }));
    assert.deepEqual(analysis.problems.map((p) => p.kind), [kind]);
    // Message: GitLab's "Configure OpenID Connect in AWS" tutorial, troubleshooting section.
    // Code: IAM model, OpenIdIdpCommunicationError (400) among CreateOpenIDConnectProvider's errors.
    await assert.rejects(providerThumbprint(issuer.url, { allowPrivate: true }), (err: unknown) =>
      err instanceof AwsError && err.code === 'OpenIdIdpCommunicationError' && err.status === 400 &&
      err.message === `Could not connect to openid configuration of provider: \`${issuer.url}\``);
  });
}

test('the probe refuses private addresses unless allowed, and times out on a silent server', async () => {
  const issuer = await kit.start();
  await assert.rejects(probeCertificateChain(issuer.url), /private or reserved/);
  await assert.rejects(probeCertificateChain('https://localhost:1/'), /private or reserved|ECONNREFUSED/);
});

test('analyseChain on nothing or garbage reports it', () => {
  assert.deepEqual(analyseChain([]).problems.map((p) => p.kind), ['empty']);
  assert.deepEqual(analyseChain([Buffer.from('nope'), pemToDer(kit.pki.leafPem), pemToDer(kit.pki.intermediatePem)]).problems.map((p) => p.kind), ['unparseable']);
});

test('a TLS-1.3-only server cannot show its chain in the clear: the probe says so distinctly', async () => {
  const server = createServer({ cert: kit.pki.leafPem + kit.pki.intermediatePem, key: kit.pki.leafKeyPem, minVersion: 'TLSv1.3' }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await assert.rejects(probeCertificateChain(`https://127.0.0.1:${port}`, { allowPrivate: true }),
      (err: unknown) => err instanceof ChainProbeError && err.kind === 'no-tls12');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
