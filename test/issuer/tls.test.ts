import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { objectIdentifier, time, tlv, unsignedInteger } from '../../src/issuer/tls/der.js';
import { ensureLocalTls, tlsPaths } from '../../src/issuer/tls/local-ca.js';
import { tempDir } from './helpers.js';

test('DER: lengths, integers, OIDs and times encode as X.690 says', () => {
  assert.equal(tlv(0x04, Buffer.alloc(3)).toString('hex'), '0403000000');
  assert.equal(tlv(0x04, Buffer.alloc(200)).subarray(0, 3).toString('hex'), '0481c8');
  assert.equal(tlv(0x04, Buffer.alloc(300)).subarray(0, 4).toString('hex'), '0482012c');
  // A set top bit needs a leading zero to stay positive; leading zeros are otherwise stripped.
  assert.equal(unsignedInteger(Buffer.from([0x80])).toString('hex'), '02020080');
  assert.equal(unsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex'), '02017f');
  // sha256WithRSAEncryption and a multi-byte arc (113549).
  assert.equal(objectIdentifier('1.2.840.113549.1.1.11').toString('hex'), '06092a864886f70d01010b');
  assert.equal(objectIdentifier('2.5.29.17').toString('hex'), '0603551d11');
  // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050.
  assert.equal(time(new Date('2049-12-31T23:59:59Z')).toString('latin1'), '\x17\x0d491231235959Z');
  assert.equal(time(new Date('2050-01-01T00:00:00Z')).toString('latin1'), '\x18\x0f20500101000000Z');
});

test('the local CA issues a leaf for loopback with SAN, KU and EKU that chain to the CA', (t) => {
  const dir = tempDir(t);
  const tls = ensureLocalTls(dir, ['issuer.internal']);
  const ca = new X509Certificate(readFileSync(tls.caFile));
  const leaf = new X509Certificate(tls.cert);
  assert.equal(ca.ca, true);
  assert.equal(leaf.ca, false);
  assert.ok(leaf.checkIssued(ca));
  assert.ok(leaf.verify(ca.publicKey));
  assert.ok(ca.verify(ca.publicKey), 'the CA is self-signed');
  assert.equal(leaf.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:issuer.internal');
  assert.ok(leaf.checkHost('localhost'));
  assert.ok(leaf.checkIP('127.0.0.1'));
  assert.ok(leaf.checkIP('::1'));
  assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'extended key usage: serverAuth');
  assert.ok(leaf.checkPrivateKey(createPrivateKey(tls.key)));
});

test('openssl agrees: the leaf verifies for TLS server use against the CA', (t) => {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip('openssl is not installed');
    return;
  }
  const dir = tempDir(t);
  const tls = ensureLocalTls(dir);
  const leafFile = join(dir, 'leaf.pem');
  writeFileSync(leafFile, tls.cert);
  const verify = spawnSync('openssl', ['verify', '-CAfile', tls.caFile, '-purpose', 'sslserver', leafFile], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stderr + verify.stdout);
  const text = spawnSync('openssl', ['x509', '-in', tls.caFile, '-noout', '-text'], { encoding: 'utf8' }).stdout;
  assert.match(text, /CA:TRUE, pathlen:0/);
  assert.match(text, /Certificate Sign, CRL Sign/);
});

test('the CA and leaf are reused across starts; private keys are sealed at rest', (t) => {
  const dir = tempDir(t);
  const first = ensureLocalTls(dir);
  const second = ensureLocalTls(dir);
  assert.equal(second.cert, first.cert);
  const paths = tlsPaths(dir);
  for (const sealed of [paths.caKey, paths.leafKey]) {
    assert.doesNotMatch(readFileSync(sealed, 'utf8'), /PRIVATE KEY/);
  }
});

test('a leaf lacking a newly needed name is reissued under the same CA', (t) => {
  const dir = tempDir(t);
  const first = ensureLocalTls(dir);
  const second = ensureLocalTls(dir, ['issuer.example.test']);
  assert.notEqual(second.cert, first.cert);
  assert.equal(readFileSync(second.caFile, 'utf8'), readFileSync(first.caFile, 'utf8'));
  assert.ok(new X509Certificate(second.cert).checkHost('issuer.example.test'));
});
