/**
 * The SSRF guard: which addresses an issuer fetch may connect to. Issuer URLs come from API
 * callers (CreateOpenIDConnectProvider) and tokens name them, so without this guard STS could be
 * steered at loopback services, the cloud metadata endpoint or the private network.
 *
 * The check runs inside the socket's DNS lookup (guardedLookup), i.e. on the address actually
 * connected to, so a name that resolves publicly once and privately the next time (DNS rebinding)
 * is still caught. IP-literal hosts skip DNS, so callers check them with isBlockedAddress first.
 */
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { TrustbridgeError } from '../errors.js';

const blocked = new BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** True for loopback, private, CGNAT, link-local (incl. 169.254.169.254), ULA, multicast and reserved addresses. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms reach an IPv4 host.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (embedded?.[1] !== undefined) return blocked.check(embedded[1], 'ipv4');
  return blocked.check(lower, 'ipv6');
}

export class BlockedAddressError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_BLOCKED_ADDRESS';
  override readonly code = BlockedAddressError.code;
  override readonly name = 'BlockedAddressError';
}

/**
 * Which private hosts may be reached: all of them (`true`, for tests and explicit
 * --allow-private-issuers), none (`false`), or only the named hosts — `up` names its own issuer
 * so the rest of the private network stays out of reach.
 */
export type PrivateAllowance = boolean | ReadonlySet<string>;

export function privateAllowed(allowance: PrivateAllowance, hostname: string): boolean {
  return typeof allowance === 'boolean' ? allowance : allowance.has(hostname.toLowerCase());
}

/** A net/tls `lookup` that drops blocked addresses and fails when none is left. */
export function guardedLookup(allowance: PrivateAllowance): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowPrivate = privateAllowed(allowance, hostname);
      const allowed = allowPrivate ? addresses : addresses.filter((a) => !isBlockedAddress(a.address));
      if (allowed.length === 0) {
        const list = addresses.map((a) => a.address).join(', ');
        return callback(new BlockedAddressError(`${hostname} resolves only to private or reserved addresses (${list})`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      const first = allowed[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}
