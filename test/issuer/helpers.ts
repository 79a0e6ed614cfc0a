/** Shared by the issuer tests: throwaway data directories and HTTPS reads that trust the local CA. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, fetch } from 'undici';

export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'trustbridge-issuer-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface HttpsResult {
  status: number;
  headers: Headers;
  text: string;
}

export async function httpsGet(url: string, caFile: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<HttpsResult> {
  const dispatcher = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
  try {
    const response = await fetch(url, { ...init, dispatcher, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, headers: response.headers as unknown as Headers, text: await response.text() };
  } finally {
    await dispatcher.close();
  }
}

/** A Writable that keeps what it was given, for asserting on a job's output. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}
