import type { AwsError } from '../error.js';
import { incompleteSignature, signatureDoesNotMatch } from './errors.js';

/** AWS accepts a signature made up to 15 minutes before or after its own clock. */
export const CLOCK_WINDOW_MS = 15 * 60 * 1000;

/** The longest X-Amz-Expires a presigned URL may ask for: one week. */
export const MAX_PRESIGN_SECONDS = 604800;

/** `20150830T123600Z` → Date, or undefined when not ISO-8601 basic format. */
export function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject rollovers such as month 13 or 25:00 (and years below 100, which Date.UTC moves to 19xx).
  const exact = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d &&
    date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return exact ? date : undefined;
}

/** Date → `20150830T123600Z`, cut out of the ISO form (every signed call formats its time). */
export function formatAmzDate(date: Date): string {
  const iso = date.toISOString();
  // Years beyond 0000–9999 are written with a sign and six digits: no fixed positions.
  if (iso.length !== 24) return iso.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export function invalidDateFormat(text: string): AwsError {
  return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

/**
 * The clock check of header-signed calls (and of presigned URLs without X-Amz-Expires).
 * Messages as real STS words them, e.g. "Signature expired: 20220127T001427Z is now earlier than
 * 20220127T014428Z (20220127T015928Z - 15 min.)" (aws/aws-cli#6676).
 */
export function checkClockWindow(amzDate: string, signedAt: Date, now: Date): void {
  const nowSeconds = new Date(Math.floor(now.getTime() / 1000) * 1000);
  if (signedAt.getTime() < nowSeconds.getTime() - CLOCK_WINDOW_MS) {
    const earliest = formatAmzDate(new Date(nowSeconds.getTime() - CLOCK_WINDOW_MS));
    throw signatureDoesNotMatch(
      `Signature expired: ${amzDate} is now earlier than ${earliest} (${formatAmzDate(nowSeconds)} - 15 min.)`,
    );
  }
  checkNotInFuture(amzDate, signedAt, nowSeconds);
}

/**
 * A presigned URL is valid from X-Amz-Date for X-Amz-Expires seconds. The expiry message is
 * [inferred]: the clock-window wording with the URL's own lifetime, as no capture was found.
 */
export function checkPresignedWindow(amzDate: string, signedAt: Date, expiresSeconds: number, now: Date): void {
  const nowSeconds = new Date(Math.floor(now.getTime() / 1000) * 1000);
  if (nowSeconds.getTime() > signedAt.getTime() + expiresSeconds * 1000) {
    const earliest = formatAmzDate(new Date(nowSeconds.getTime() - expiresSeconds * 1000));
    throw signatureDoesNotMatch(
      `Signature expired: ${amzDate} is now earlier than ${earliest} (${formatAmzDate(nowSeconds)} - ${expiresSeconds} sec.)`,
    );
  }
  checkNotInFuture(amzDate, signedAt, nowSeconds);
}

// "Signature not yet current: … is still later than … (… + 15 min.)" (serverless/enterprise#11).
function checkNotInFuture(amzDate: string, signedAt: Date, nowSeconds: Date): void {
  if (signedAt.getTime() > nowSeconds.getTime() + CLOCK_WINDOW_MS) {
    const latest = formatAmzDate(new Date(nowSeconds.getTime() + CLOCK_WINDOW_MS));
    throw signatureDoesNotMatch(
      `Signature not yet current: ${amzDate} is still later than ${latest} (${formatAmzDate(nowSeconds)} + 15 min.)`,
    );
  }
}
