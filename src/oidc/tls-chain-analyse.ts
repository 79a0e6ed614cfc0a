/**
 * What is wrong with a served certificate chain, the way GitLab's tutorial describes the faults
 * that make IAM answer "Could not connect to openid configuration of provider": the chain "must
 * start with the domain or issuer URL, then the intermediate certificate, and end with the root
 * certificate" — no wrong order, no duplicates, no additional certificates.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { AwsError } from '../aws/error.js';

export interface ChainCertificate {
  /** Position in the served chain (0 = first sent). */
  index: number;
  subject: string;
  issuer: string;
  ca: boolean;
  selfSigned: boolean;
  sha1: string;
}

export type ChainProblemKind = 'empty' | 'unparseable' | 'duplicate' | 'out-of-order' | 'unrelated';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** Positions (0-based, served order) of the certificates concerned. */
  indexes: number[];
  message: string;
}

export interface ChainAnalysis {
  certificates: ChainCertificate[];
  /** Served positions of the certificates that form the path from the leaf upwards. */
  path: number[];
  problems: ChainProblem[];
  /**
   * The AWS thumbprint: hex SHA-1 of the LAST certificate the server sends. AWS's procedure
   * ("Obtain the thumbprint for an OpenID Connect identity provider", IAM user guide:
   * run `openssl s_client -showcerts` and, with more than one certificate, take the last one
   * displayed, "the certificate of the top intermediate CA") and the CreateOpenIDConnectProvider
   * model doc ("the hex-encoded SHA-1 hash value of the X.509 certificate", 40 characters).
   */
  thumbprint: string | undefined;
}

export function analyseChain(ders: readonly Buffer[]): ChainAnalysis {
  const problems: ChainProblem[] = [];
  if (ders.length === 0) return { certificates: [], path: [], problems: [{ kind: 'empty', indexes: [], message: 'the server sent no certificate' }], thumbprint: undefined };
  const parsed: Array<{ info: ChainCertificate; x509: X509Certificate } | undefined> = ders.map((der, index) => {
    try {
      const x509 = new X509Certificate(der);
      const selfSigned = x509.checkIssued(x509) && x509.verify(x509.publicKey);
      return { x509, info: { index, subject: x509.subject.replace(/\n/g, ', '), issuer: x509.issuer.replace(/\n/g, ', '), ca: x509.ca, selfSigned, sha1: sha1(der) } };
    } catch {
      problems.push({ kind: 'unparseable', indexes: [index], message: `certificate #${index + 1} is not a valid X.509 certificate` });
      return undefined;
    }
  });
  const certs = parsed.filter((p): p is NonNullable<typeof p> => p !== undefined);

  // Duplicates: every later copy of an already-sent certificate.
  const seen = new Map<string, number>();
  const unique: typeof certs = [];
  for (const cert of certs) {
    const first = seen.get(cert.info.sha1);
    if (first === undefined) {
      seen.set(cert.info.sha1, cert.info.index);
      unique.push(cert);
    } else {
      problems.push({ kind: 'duplicate', indexes: [first, cert.info.index], message: `certificate #${cert.info.index + 1} (${cert.info.subject}) repeats #${first + 1}` });
    }
  }

  // The path: from the leaf (the first non-CA certificate), each next one the issuer of the previous.
  const leaf = unique.find((c) => !c.info.ca) ?? unique[0];
  const path: typeof certs = [];
  for (let current = leaf; current !== undefined; ) {
    path.push(current);
    if (current.info.selfSigned) break;
    const child: X509Certificate = current.x509;
    current = unique.find((c) => !path.includes(c) && child.checkIssued(c.x509) && child.verify(c.x509.publicKey));
  }

  const unrelated = unique.filter((c) => !path.includes(c));
  for (const cert of unrelated) {
    problems.push({ kind: 'unrelated', indexes: [cert.info.index], message: `certificate #${cert.info.index + 1} (${cert.info.subject}) is not part of the leaf's issuer chain` });
  }
  const positions = path.map((c) => c.info.index);
  const inOrder = positions[0] === certs[0]?.info.index && positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? -1));
  if (!inOrder) {
    problems.push({ kind: 'out-of-order', indexes: positions, message: `the chain is served as #${positions.map((p) => p + 1).join(' → #')} instead of leaf first, each certificate followed by its issuer` });
  }
  const last = ders[ders.length - 1] as Buffer;
  return { certificates: certs.map((c) => c.info), path: positions, problems, thumbprint: sha1(last) };
}

function sha1(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex');
}

/**
 * IAM's answer to CreateOpenIDConnectProvider (without ThumbprintList) when the issuer's chain is
 * bad or unreachable. Message: GitLab's "Configure OpenID Connect in AWS" tutorial (troubleshooting),
 * which shows the console rendering with the URL in backticks. Code: the IAM model's
 * OpenIdIdpCommunicationError, 400 ("The request failed because IAM cannot connect to the OpenID
 * Connect identity provider URL"; listed among CreateOpenIDConnectProvider's errors) — no raw
 * capture of this case exists, so the code is an inference from the model.
 */
export function chainProblemError(url: string): AwsError {
  return new AwsError('OpenIdIdpCommunicationError', `Could not connect to openid configuration of provider: \`${url}\``, 400);
}
