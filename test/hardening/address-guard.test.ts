/**
 * Finding 7 (issue 10): IPv6 spellings of an IPv4 address must meet the same guard as the
 * dotted form. The WHATWG URL parser rewrites `[64:ff9b::127.0.0.1]` to `[64:ff9b::7f00:1]`, so a
 * guard that matches only dotted tails lets NAT64 (RFC 6052), IPv4-compatible (RFC 4291 §2.5.5.1),
 * 6to4 (RFC 3056) and Teredo (RFC 4380) forms of loopback through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBlockedAddress } from '../../src/oidc/address-guard.js';
import { IssuerFetchError, IssuerHttpClient } from '../../src/oidc/https-client.js';

const LOOPBACK_IN_DISGUISE = [
  '64:ff9b::127.0.0.1', '64:ff9b::7f00:1', // NAT64 well-known prefix
  '64:ff9b:1::7f00:1', // NAT64 local-use prefix (RFC 8215)
  '::127.0.0.1', '::7f00:1', // IPv4-compatible
  '::ffff:7f00:1', '::ffff:0:7f00:1', // IPv4-mapped, and the SIIT-translated form
  '2002:7f00:1::1', '2002:a9fe:a9fe::1', '2002:0a00:0001::', // 6to4 of 127.0.0.1, 169.254.169.254, 10.0.0.1
  '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo (client 127.0.0.1, obfuscated)
];

test('IPv6 forms that embed a private IPv4 address are blocked, in any spelling', () => {
  for (const address of LOOPBACK_IN_DISGUISE) assert.equal(isBlockedAddress(address), true, address);
  for (const address of ['64:ff9b::808:808', '::ffff:808:808', '2002:808:808::1', '2606:4700:4700::1111']) {
    assert.equal(isBlockedAddress(address), false, address);
  }
});

test('an issuer URL naming loopback through an IPv6 form is refused before any connection', async () => {
  const client = new IssuerHttpClient();
  try {
    for (const host of ['[64:ff9b::127.0.0.1]', '[::127.0.0.1]', '[2002:7f00:1::1]', '[::ffff:127.0.0.1]']) {
      await assert.rejects(client.getJson(`https://${host}:8443/.well-known/openid-configuration`, { maxBytes: 1024, signal: AbortSignal.timeout(2000) }),
        (err: unknown) => err instanceof IssuerFetchError && err.kind === 'blocked-address', host);
    }
  } finally {
    await client.close();
  }
});
