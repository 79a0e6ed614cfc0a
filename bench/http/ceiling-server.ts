/**
 * The ceiling the HTTP benchmark compares against: bare node:http in `workers` processes
 * (node:cluster, as `serve --workers` does) doing per request the one piece of work no STS can
 * skip — an RS256 signature check (crypto.verify) of the same token — and answering a fixed XML
 * document. Nothing else: no routing, no parsing beyond the body, no policy, no store.
 *
 *   node ceiling-server.js <port> <workers>     env CEILING_TOKEN (compact JWT), CEILING_JWK (public JWK JSON)
 */
import cluster from 'node:cluster';
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';

const [port, workers] = process.argv.slice(2).map(Number);
const token = process.env['CEILING_TOKEN'] ?? '';
const jwk = JSON.parse(process.env['CEILING_JWK'] ?? '{}') as object;
const XML = '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult/><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>';

if (cluster.isPrimary) {
  for (let i = 0; i < (workers ?? 2); i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  const dot = token.lastIndexOf('.');
  const signed = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const ok = verify('sha256', signed, key, signature);
      response.writeHead(ok ? 200 : 403, { 'content-type': 'text/xml' });
      response.end(XML);
    });
  }).listen(port, '127.0.0.1', () => process.send?.('listening'));
}
