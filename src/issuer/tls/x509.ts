/**
 * X.509 v3 certificates (RFC 5280) for the issuer's local CA and its HTTPS leaf, signed
 * ECDSA P-256/SHA-256 with node:crypto. Only what a TLS server certificate and its CA need:
 * basic constraints, key usage, extended key usage, subject alternative names and key ids.
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  tlv,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** KeyUsage bits (RFC 5280 §4.2.1.3), numbered from the most significant bit of the first byte. */
export const KeyUsageBit = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export interface Name {
  commonName: string;
  organization?: string;
}

export interface CertificateSpec {
  subject: Name;
  issuer: Name;
  subjectPublicKey: KeyObject;
  /** The issuer's public key, for the authority key identifier (same as subject's when self-signed). */
  issuerPublicKey: KeyObject;
  issuerPrivateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  keyUsage: number[];
  /** DNS names and IP addresses; IPs are recognised and encoded as iPAddress. */
  altNames?: string[];
  serverAuth?: boolean;
}

function name(n: Name): Buffer {
  const rdn = (oid: string, value: string): Buffer => set(sequence(objectIdentifier(oid), utf8String(value)));
  return sequence(...(n.organization !== undefined ? [rdn(OID.organization, n.organization)] : []), rdn(OID.commonName, n.commonName));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For EC P-256 the SPKI is SEQUENCE { algorithm, BIT STRING (0x00 || point) }; the point is its tail.
  const point = spki.subarray(spki.length - 65);
  return createHash('sha1').update(point).digest();
}

function keyUsageBits(bits: number[]): Buffer {
  const value = bits.reduce((acc, bit) => acc | (0x8000 >> bit), 0);
  const bytes = value & 0xff ? [value >> 8, value & 0xff] : [value >> 8];
  const last = bytes[bytes.length - 1] ?? 0;
  let unused = 0;
  while (unused < 7 && (last & (1 << unused)) === 0) unused++;
  return tlv(0x03, Buffer.from([unused, ...bytes]));
}

function altName(entry: string): Buffer {
  const family = isIP(entry);
  if (family === 0) return implicitPrimitive(2, Buffer.from(entry, 'ascii'));
  return implicitPrimitive(7, ipBytes(entry, family));
}

/** The iPAddress form of an address: 4 or 16 bytes. */
export function ipBytes(ip: string, family: number): Buffer {
  if (family === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = ip.includes('::') ? groups(tail) : [];
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

function extensions(spec: CertificateSpec): Buffer {
  const list = [
    extension(OID.basicConstraints, true, spec.isCa ? sequence(boolean(true), smallInteger(0)) : sequence()),
    extension(OID.keyUsage, true, keyUsageBits(spec.keyUsage)),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spec.subjectPublicKey))),
    extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyIdentifier(spec.issuerPublicKey)))),
  ];
  if (spec.serverAuth) list.push(extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))));
  if (spec.altNames !== undefined && spec.altNames.length > 0) {
    // Critical only when the subject is empty (RFC 5280 §4.2.1.6); ours always has a CN.
    list.push(extension(OID.subjectAltName, false, sequence(...spec.altNames.map(altName))));
  }
  return explicit(3, sequence(...list));
}

/** Builds and signs the certificate; returns PEM. */
export function createCertificate(spec: CertificateSpec): string {
  const signatureAlgorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  // Positive 127-bit serial: random, as CAs must (RFC 5280 allows up to 20 octets).
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    signatureAlgorithm,
    name(spec.issuer),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spec.subjectPublicKey.export({ type: 'spki', format: 'der' }),
    extensions(spec),
  );
  const signature = sign('sha256', tbs, spec.issuerPrivateKey);
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
