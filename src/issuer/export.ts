/**
 * `trustbridge issuer export DIR`: discovery and JWKS as static files laid out at GitLab's
 * paths, for an issuer that relying parties cannot reach (gitlab-org/gitlab#391928;
 * https://docs.gitlab.com/ci/cloud_services/aws/, "Configure a non-public GitLab instance").
 * Upload DIR to a public host and mint tokens with `--url` set to that host's URL. Re-export
 * after every rotation: the public copy must carry the next key before it signs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { discoveryDocument, DISCOVERY_PATH, jwksDocument, JWKS_PATH } from './discovery.js';
import type { KeyRing } from './keyring.js';

export function exportStaticIssuer(keyring: KeyRing, publicUrl: string, outDir: string): string[] {
  const files: Array<[string, unknown]> = [
    [DISCOVERY_PATH, discoveryDocument(publicUrl)],
    [JWKS_PATH, jwksDocument(keyring.publishedKeys())],
  ];
  return files.map(([urlPath, body]) => {
    const path = join(outDir, ...urlPath.split('/').filter(Boolean));
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, JSON.stringify(body), 0o644);
    return path;
  });
}
