/**
 * IpAddress (and NotIpAddress via index.ts): IPv4 and IPv6 CIDR blocks; a bare address means a
 * single host (/32 or /128). An IPv4-mapped IPv6 request address matches IPv4 blocks.
 */
import { isIP } from 'node:net';
import type { OperatorFamily, ValueTest } from './family.js';
import { never } from './family.js';

interface Block {
  bits: bigint;
  prefix: number;
  width: 32 | 128;
}

/** An address as an integer with its width, or undefined. */
export function parseAddress(text: string): { bits: bigint; width: 32 | 128 } | undefined {
  const version = isIP(text);
  if (version === 4) {
    return { bits: text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n), width: 32 };
  }
  if (version !== 6) return undefined;
  let address = text.toLowerCase();
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  // An embedded dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    const v4 = parseAddress(dotted[1]);
    if (!v4) return undefined;
    address = address.slice(0, -dotted[1].length) + `${(v4.bits >> 16n).toString(16)}:${(v4.bits & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(fill).fill('0'), ...tailGroups];
  if (groups.length !== 8) return undefined;
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

function parseBlock(text: string): Block | undefined {
  const [address = '', prefixText] = text.trim().split('/');
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  const prefix = prefixText === undefined ? parsed.width : Number(prefixText);
  if (prefixText !== undefined && !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  if (prefix > parsed.width) return undefined;
  return { ...parsed, prefix };
}

function contains(block: Block, address: { bits: bigint; width: 32 | 128 }): boolean {
  let { bits, width } = address;
  if (block.width === 32 && width === 128 && bits >> 32n === 0xffffn) {
    bits &= 0xffffffffn;
    width = 32;
  }
  if (block.width !== width) return false;
  const shift = BigInt(width - block.prefix);
  return bits >> shift === block.bits >> shift;
}

export const ipFamily: OperatorFamily = {
  operators: ['IpAddress'],
  variables: false,
  glob: () => false,
  compile(_base, values): ValueTest {
    const blocks = values.map(parseBlock).filter((b): b is Block => b !== undefined);
    if (blocks.length === 0) return never;
    return (actual) => {
      const address = typeof actual === 'string' ? parseAddress(actual.trim()) : undefined;
      return address !== undefined && blocks.some((b) => contains(b, address));
    };
  },
};
