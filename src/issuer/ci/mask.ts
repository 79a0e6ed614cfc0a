/**
 * Masking of secret values in a job's output, as GitLab masks `masked: true` variables (the
 * ID tokens among them): each occurrence becomes `[MASKED]`. Output arrives in chunks that may
 * split a secret, so the tail that could be the start of one is held back until the next chunk.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export const MASK = '[MASKED]';
/** GitLab refuses to mask values shorter than 8 characters; they would mask too much. */
const MIN_MASKED_LENGTH = 8;

export class Masker {
  private readonly secrets: string[];
  private pending = '';

  constructor(secrets: Iterable<string>) {
    // Longest first, so a secret containing another is masked whole.
    this.secrets = [...new Set(secrets)].filter((s) => s.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  }

  /** Returns what can be shown now; keeps a possible partial secret for later. */
  push(text: string): string {
    const masked = this.replaceAll(this.pending + text);
    const hold = this.partialSecretSuffix(masked);
    this.pending = masked.slice(masked.length - hold);
    return masked.slice(0, masked.length - hold);
  }

  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  private replaceAll(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
  }

  /** Length of the longest suffix of `text` that is a proper prefix of some secret. */
  private partialSecretSuffix(text: string): number {
    let longest = 0;
    for (const secret of this.secrets) {
      for (let n = Math.min(secret.length - 1, text.length); n > longest; n--) {
        if (text.endsWith(secret.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}

/** A byte stream → masked byte stream (UTF-8 safe across chunk boundaries). */
export function maskingStream(secrets: Iterable<string>): Transform {
  const masker = new Masker(secrets);
  const decoder = new StringDecoder('utf8');
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      callback(null, masker.push(decoder.write(chunk)));
    },
    flush(callback: TransformCallback) {
      callback(null, masker.push(decoder.end()) + masker.flush());
    },
  });
}
