/**
 * What IAM does for CreateOpenIDConnectProvider without a ThumbprintList: connect to the issuer,
 * read the chain it serves, refuse a faulty one, and keep the thumbprint AWS would compute.
 */
import { analyseChain, chainProblemError, type ChainAnalysis } from './tls-chain-analyse.js';
import { probeCertificateChain, type ProbeOptions } from './tls-chain-probe.js';

export interface ProviderThumbprint {
  thumbprint: string;
  analysis: ChainAnalysis;
}

/** Throws AwsError OpenIdIdpCommunicationError ("Could not connect to openid configuration…") on any fault. */
export async function providerThumbprint(url: string, options: ProbeOptions = {}): Promise<ProviderThumbprint> {
  let ders: Buffer[];
  try {
    ders = await probeCertificateChain(url, options);
  } catch {
    throw chainProblemError(url);
  }
  const analysis = analyseChain(ders);
  if (analysis.problems.length > 0 || analysis.thumbprint === undefined) throw chainProblemError(url);
  return { thumbprint: analysis.thumbprint, analysis };
}
