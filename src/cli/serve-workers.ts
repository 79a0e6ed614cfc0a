/**
 * `serve --workers N`: N processes sharing one listening port (node:cluster), so one machine's
 * cores all serve. It works because nothing per-session lives in a process: credentials are
 * sealed tokens and state is in the store. The primary prepares the store and the admin key
 * once, then forks; each worker runs the ordinary API and reports its URL. The primary also
 * fetches issuers' JWKS for all of them (src/oidc/shared-jwks.ts): one fetch per issuer per
 * cache period for the whole serve, not one per worker.
 */
import cluster, { type Worker } from 'node:cluster';
import { answerKeySetAsk, JwksCache, keysFromPrimary } from '../oidc/index.js';
import { DEFAULT_REGION, issuerHttpOptions, prepareStore, type ApiOptions } from '../stack/api.js';
import { writeEnvFile } from '../workspace/env-file.js';
import { untilSignal } from './process.js';

interface ReadyMessage {
  trustbridgeReady: string;
}

function isReady(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && typeof (message as ReadyMessage).trustbridgeReady === 'string';
}

export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** In a worker: tell the primary the API is up. */
export function reportReady(url: string): void {
  process.send?.({ trustbridgeReady: url } satisfies ReadyMessage);
}

/** In a worker: issuers' keys as copies of the primary's, asked for over the IPC channel. */
export function keysOfPrimary(): JwksCache {
  const keys = keysFromPrimary((ask, failed) => {
    process.send?.(ask, undefined, {}, (error: Error | null) => {
      if (error) failed(error);
    });
  });
  process.on('message', (message: unknown) => keys.deliver(message));
  return keys.cache;
}

/** In the primary: fork the workers, write D/env once they listen, stop them on a signal. */
export async function runPrimary(options: ApiOptions & { workers: number }): Promise<void> {
  const adminKey = await prepareStore(options);
  const keys = new JwksCache({ http: issuerHttpOptions(options) });
  const workers: Worker[] = [];
  const listening = new Promise<string>((resolve, reject) => {
    for (let i = 0; i < options.workers; i++) {
      const worker = cluster.fork();
      worker.on('message', (message: unknown) => {
        if (isReady(message)) resolve(message.trustbridgeReady);
        // A worker that has gone needs no answer: a failed send is dropped, not thrown.
        else answerKeySetAsk(keys, message, (answer) => worker.send(answer, undefined, {}, () => undefined));
      });
      worker.once('exit', (code) => reject(new Error(`a serve worker exited with code ${code ?? 'null'} before listening`)));
      workers.push(worker);
    }
  });
  const url = await listening;
  const envPath = writeEnvFile(options.dir, {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: adminKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: adminKey.secretAccessKey,
    AWS_DEFAULT_REGION: DEFAULT_REGION,
  });
  process.stdout.write(`IAM/STS API listening on ${url} (${options.workers} workers)\nCredentials for the AWS CLI: source ${envPath}\n`);
  await untilSignal();
  await Promise.all(
    workers.map((worker) => new Promise<void>((done) => {
      if (worker.isDead()) return done();
      worker.once('exit', () => done());
      // The worker closes gracefully on SIGTERM, as a lone `serve` does.
      worker.process.kill('SIGTERM');
    })),
  );
  await keys.close();
}
