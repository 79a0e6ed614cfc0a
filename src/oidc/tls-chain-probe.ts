/**
 * Reads the certificate chain exactly as a server sends it. Node's getPeerCertificate(true)
 * cannot: it walks the chain OpenSSL rebuilt in issuer order, which hides the very faults AWS
 * trips over (out of order, duplicated or unrelated certificates — GitLab's tutorial,
 * "Could not connect to openid configuration of provider").
 *
 * So we speak just enough TLS 1.2 on a raw socket: a ClientHello (SNI, common ECDHE/RSA suites,
 * TLS 1.2 only), then read handshake records until the Certificate message, which TLS 1.2 sends
 * in the clear (RFC 5246 §7.4.2), and return its DER certificates in served order. The handshake
 * is abandoned right there; no key exchange happens. A TLS-1.3-only server answers with an alert;
 * AWS itself then falls back to thumbprints (IAM user guide, "Obtain the thumbprint…" note).
 */
import { connect, isIP, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { guardedLookup, isBlockedAddress } from './address-guard.js';
import { TrustbridgeError } from '../errors.js';

export interface ProbeOptions {
  timeoutMs?: number;
  allowPrivate?: boolean;
}

export class ChainProbeError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_CHAIN_PROBE';
  override readonly code = ChainProbeError.code;
  override readonly name = 'ChainProbeError';
  /** 'no-tls12': the server refused TLS 1.2 (AWS then falls back to thumbprints); 'failed': anything else. */
  constructor(message: string, readonly kind: 'no-tls12' | 'failed' = 'failed') {
    super(message);
  }
}

/** The DER certificates of the server's Certificate message, in the order served. */
export async function probeCertificateChain(url: string, options: ProbeOptions = {}): Promise<Buffer[]> {
  const target = new URL(url);
  if (target.protocol !== 'https:') throw new ChainProbeError(`${url} is not https`);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const allowPrivate = options.allowPrivate ?? false;
  if (!allowPrivate && isIP(host) !== 0 && isBlockedAddress(host)) throw new ChainProbeError(`${host} is a private or reserved address`);
  const port = Number(target.port || 443);
  const socket = connect({ host, port, lookup: guardedLookup(allowPrivate) });
  try {
    return await readChain(socket, isIP(host) === 0 ? host : undefined, options.timeoutMs ?? 5_000);
  } finally {
    socket.destroy();
  }
}

function readChain(socket: Socket, serverName: string | undefined, timeoutMs: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new ChainProbeError(`no Certificate message within ${timeoutMs} ms`)), timeoutMs);
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      fn();
    };
    let records = Buffer.alloc(0);
    let handshake = Buffer.alloc(0);
    socket.on('connect', () => socket.write(clientHello(serverName)));
    socket.on('error', (err) => done(() => reject(new ChainProbeError(err.message))));
    socket.on('end', () => done(() => reject(new ChainProbeError('the server closed the connection before sending its certificates'))));
    socket.on('data', (chunk: Buffer) => {
      records = Buffer.concat([records, chunk]);
      try {
        while (records.length >= 5) {
          const type = records[0];
          const length = records.readUInt16BE(3);
          if (records.length < 5 + length) break;
          const fragment = records.subarray(5, 5 + length);
          records = records.subarray(5 + length);
          if (type === 21) throw new ChainProbeError(`the server refused a TLS 1.2 handshake (alert ${fragment[1] ?? '?'})`, 'no-tls12');
          if (type !== 22) throw new ChainProbeError(`unexpected TLS record type ${type}`);
          handshake = Buffer.concat([handshake, fragment]);
          const certificates = certificatesFrom(handshake);
          if (certificates) return done(() => resolve(certificates));
        }
        if (handshake.length > 1 << 20) throw new ChainProbeError('handshake larger than 1 MiB without a Certificate message');
      } catch (err) {
        done(() => reject(err));
      }
    });
  });
}

/** Walks complete handshake messages; returns the certificate list once the Certificate (11) message is whole. */
function certificatesFrom(handshake: Buffer): Buffer[] | undefined {
  let offset = 0;
  while (offset + 4 <= handshake.length) {
    const type = handshake[offset];
    const length = handshake.readUIntBE(offset + 1, 3);
    if (offset + 4 + length > handshake.length) return undefined;
    const body = handshake.subarray(offset + 4, offset + 4 + length);
    if (type === 11) return parseCertificateList(body);
    if (type === 14) throw new ChainProbeError('the server sent ServerHelloDone without a Certificate message');
    offset += 4 + length;
  }
  return undefined;
}

function parseCertificateList(body: Buffer): Buffer[] {
  const total = body.readUIntBE(0, 3);
  const certificates: Buffer[] = [];
  let offset = 3;
  while (offset < 3 + total) {
    const length = body.readUIntBE(offset, 3);
    certificates.push(Buffer.from(body.subarray(offset + 3, offset + 3 + length)));
    offset += 3 + length;
  }
  return certificates;
}

const CIPHER_SUITES = [
  0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
];
const SIGNATURE_ALGORITHMS = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201];
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019];

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u24(n: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(n, 0, 3);
  return b;
}
function list16(values: number[]): Buffer {
  return Buffer.concat([u16(values.length * 2), ...values.map(u16)]);
}
function extension(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(data.length), data]);
}

function clientHello(serverName: string | undefined): Buffer {
  const extensions = [
    extension(0x000a, list16(GROUPS)), // supported_groups
    extension(0x000b, Buffer.from([1, 0])), // ec_point_formats: uncompressed
    extension(0x000d, list16(SIGNATURE_ALGORITHMS)), // signature_algorithms
    extension(0xff01, Buffer.from([0])), // renegotiation_info (empty)
  ];
  if (serverName !== undefined) {
    const name = Buffer.from(serverName, 'ascii');
    const entry = Buffer.concat([Buffer.from([0]), u16(name.length), name]);
    extensions.unshift(extension(0x0000, Buffer.concat([u16(entry.length), entry])));
  }
  const extensionBytes = Buffer.concat(extensions);
  const body = Buffer.concat([
    Buffer.from([3, 3]), // client_version TLS 1.2
    randomBytes(32),
    Buffer.from([0]), // no session id
    list16(CIPHER_SUITES),
    Buffer.from([1, 0]), // compression: null only
    u16(extensionBytes.length),
    extensionBytes,
  ]);
  const handshake = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  return Buffer.concat([Buffer.from([22, 3, 1]), u16(handshake.length), handshake]);
}
