/**
 * The issuer's local certificate authority, kept in `<dir>/tls/`: a CA (ca.pem — what clients
 * trust via AWS_CA_BUNDLE / NODE_EXTRA_CA_CERTS / --ca) and a leaf for localhost, 127.0.0.1,
 * ::1 and the issuer URL's host. Private keys are sealed under the master key. The leaf is
 * reissued when it nears expiry or lacks a needed name; the CA is made once and kept, so a
 * client that trusts it once keeps trusting the issuer.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, join } from 'node:path';
import { MasterKey } from '../../store/master-key.js';
import { writeFileAtomic } from '../atomic-file.js';
import { createCertificate, ipBytes, KeyUsageBit } from './x509.js';

export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const DAY_MS = 86_400_000;
const CA_LIFETIME_DAYS = 3650;
/** Under the 398-day ceiling browsers and many TLS stacks enforce for leaf certificates. */
const LEAF_LIFETIME_DAYS = 397;
const LEAF_RENEW_BEFORE_DAYS = 30;
/** Backdating absorbs clock skew between this host and a client. */
const BACKDATE_MS = 3_600_000;

export interface LocalTls {
  caFile: string;
  /** PEM of the leaf (what the server presents; the CA is not sent, clients hold it). */
  cert: string;
  key: string;
}

interface TlsPaths {
  caCert: string;
  caKey: string;
  leafCert: string;
  leafKey: string;
}

export function tlsPaths(dir: string): TlsPaths {
  const tls = join(dir, 'tls');
  return {
    caCert: join(tls, 'ca.pem'),
    caKey: join(tls, 'ca-key.sealed'),
    leafCert: join(tls, 'server.pem'),
    leafKey: join(tls, 'server-key.sealed'),
  };
}

const newKeyPair = (): { publicKey: KeyObject; privateKey: KeyObject } => generateKeyPairSync('ec', { namedCurve: 'P-256' });

/**
 * A sealed key is bound to its file name within the data directory, not to the directory's
 * absolute path: a copied or restored directory must open elsewhere (issue 10, finding 9).
 */
function sealPurpose(path: string): string {
  return `tls-key:${basename(path)}`;
}

function saveSealedKey(master: MasterKey, path: string, key: KeyObject): void {
  const pem = key.export({ type: 'pkcs8', format: 'pem' });
  writeFileAtomic(path, master.encrypt(pem, sealPurpose(path)) + '\n');
}

/** Keys sealed by earlier versions carry their absolute path: opened once that way, then resealed. */
function loadSealedKey(master: MasterKey, path: string): KeyObject {
  const sealed = readFileSync(path, 'utf8').trim();
  try {
    return createPrivateKey(master.decrypt(sealed, sealPurpose(path)));
  } catch (err) {
    let key: KeyObject;
    try {
      key = createPrivateKey(master.decrypt(sealed, `tls-key:${path}`));
    } catch {
      throw err;
    }
    saveSealedKey(master, path, key);
    return key;
  }
}

interface Ca {
  cert: X509Certificate;
  privateKey: KeyObject;
}

function loadOrCreateCa(master: MasterKey, paths: TlsPaths, now: Date): Ca {
  if (existsSync(paths.caCert) && existsSync(paths.caKey)) {
    return { cert: new X509Certificate(readFileSync(paths.caCert)), privateKey: loadSealedKey(master, paths.caKey) };
  }
  const { publicKey, privateKey } = newKeyPair();
  const subject = { organization: 'Trustbridge', commonName: `Trustbridge local CA ${now.toISOString().slice(0, 10)}` };
  const pem = createCertificate({
    subject,
    issuer: subject,
    subjectPublicKey: publicKey,
    issuerPublicKey: publicKey,
    issuerPrivateKey: privateKey,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_LIFETIME_DAYS * DAY_MS),
    isCa: true,
    keyUsage: [KeyUsageBit.keyCertSign, KeyUsageBit.cRLSign],
  });
  saveSealedKey(master, paths.caKey, privateKey);
  writeFileAtomic(paths.caCert, pem, 0o644);
  return { cert: new X509Certificate(pem), privateKey };
}

/**
 * A name in comparable form: IP addresses as their bytes (X509Certificate prints `::1` as
 * `0:0:0:0:0:0:0:1`), DNS names lower-cased.
 */
function canonicalName(name: string): string {
  const family = isIP(name);
  return family === 0 ? name.toLowerCase() : ipBytes(name, family).toString('hex');
}

/** The names in a certificate's SAN, e.g. `DNS:localhost, IP Address:127.0.0.1`. */
function sanEntries(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '').split(', ').map((e) => canonicalName(e.replace(/^(DNS|IP Address):/, '')));
}

function leafIsUsable(leaf: X509Certificate, ca: Ca, names: string[], now: Date): boolean {
  const sans = sanEntries(leaf);
  return (
    leaf.checkIssued(ca.cert) &&
    leaf.verify(ca.cert.publicKey) &&
    new Date(leaf.validTo).getTime() - now.getTime() > LEAF_RENEW_BEFORE_DAYS * DAY_MS &&
    names.every((n) => sans.includes(canonicalName(n)))
  );
}

/** Ensures the CA and a leaf covering `extraNames` (besides loopback) exist; returns what a server needs. */
export function ensureLocalTls(dir: string, extraNames: string[] = [], now = new Date(), master = MasterKey.loadOrCreate(dir)): LocalTls {
  const paths = tlsPaths(dir);
  mkdirSync(join(dir, 'tls'), { recursive: true, mode: 0o700 });
  const ca = loadOrCreateCa(master, paths, now);
  const names = [...new Set([...LOOPBACK_NAMES, ...extraNames.map((n) => n.replace(/^\[|\]$/g, ''))])];
  if (existsSync(paths.leafCert) && existsSync(paths.leafKey)) {
    const leaf = new X509Certificate(readFileSync(paths.leafCert));
    if (leafIsUsable(leaf, ca, names, now)) {
      return { caFile: paths.caCert, cert: leaf.toString(), key: pem(loadSealedKey(master, paths.leafKey)) };
    }
  }
  const { publicKey, privateKey } = newKeyPair();
  const leafPem = createCertificate({
    subject: { organization: 'Trustbridge', commonName: names.find((n) => isIP(n) === 0) ?? 'localhost' },
    issuer: subjectOf(ca.cert),
    subjectPublicKey: publicKey,
    issuerPublicKey: ca.cert.publicKey,
    issuerPrivateKey: ca.privateKey,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + LEAF_LIFETIME_DAYS * DAY_MS),
    isCa: false,
    keyUsage: [KeyUsageBit.digitalSignature],
    altNames: names,
    serverAuth: true,
  });
  saveSealedKey(master, paths.leafKey, privateKey);
  writeFileAtomic(paths.leafCert, leafPem, 0o644);
  return { caFile: paths.caCert, cert: leafPem, key: pem(privateKey) };
}

function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The CA's subject as our Name (we wrote it: O then CN). */
function subjectOf(cert: X509Certificate): { organization?: string; commonName: string } {
  const fields = Object.fromEntries(cert.subject.split('\n').map((line) => line.split('=', 2) as [string, string]));
  return { ...(fields.O !== undefined ? { organization: fields.O } : {}), commonName: fields.CN ?? '' };
}
