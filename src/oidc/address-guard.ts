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
  const bytes = ipv6Bytes(address);
  if (isTeredo(bytes)) return true;
  const embedded = embeddedIpv4(bytes);
  if (embedded !== undefined) return blocked.check(embedded, 'ipv4');
  return blocked.check(address.toLowerCase(), 'ipv6');
}

/**
 * The IPv4 address an IPv6 address stands for, whatever its spelling: the URL parser turns
 * `[64:ff9b::127.0.0.1]` into `[64:ff9b::7f00:1]`, so matching dotted text is not enough.
 * IPv4-mapped and SIIT-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d, RFC 4291
 * §2.5.5.1), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48, RFC 6052 and RFC 8215) and
 * 6to4 (2002:AABB:CCDD::/48, RFC 3056) all reach the embedded IPv4 host.
 */
function embeddedIpv4(bytes: Buffer): string | undefined {
  const zeros = (from: number, to: number): boolean => bytes.subarray(from, to).every((b) => b === 0);
  const v4 = (at: number): string => [...bytes.subarray(at, at + 4)].join('.');
  const word = (at: number): number => bytes.readUInt16BE(at);
  if (zeros(0, 10) && word(10) === 0xffff) return v4(12);
  if (zeros(0, 8) && word(8) === 0xffff && word(10) === 0) return v4(12);
  if (zeros(0, 12)) return v4(12);
  if (word(0) === 0x64 && word(2) === 0xff9b && zeros(4, 12)) return v4(12);
  // Local-use NAT64 may put the IPv4 address at any of RFC 6052's offsets: refuse the prefix whole.
  if (word(0) === 0x64 && word(2) === 0xff9b && word(4) === 1) return '0.0.0.0';
  if (word(0) === 0x2002) return v4(2);
  return undefined;
}

/** Teredo (2001::/32, RFC 4380) tunnels to an obfuscated IPv4 client: never an issuer. */
function isTeredo(bytes: Buffer): boolean {
  return bytes.readUInt16BE(0) === 0x2001 && bytes.readUInt16BE(2) === 0;
}

/** The 16 bytes of an IPv6 address (any valid spelling, including a dotted IPv4 tail). */
function ipv6Bytes(address: string): Buffer {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const words = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  words.forEach((w, i) => bytes.writeUInt16BE(Number.parseInt(w, 16), i * 2));
  return bytes;
}

export class BlockedAddressError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_BLOCKED_ADDRESS';
  override readonly code = BlockedAddressError.code;
  override readonly name = 'BlockedAddressError';
}

/** A net/tls `lookup` that drops blocked addresses and fails when none is left. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
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
