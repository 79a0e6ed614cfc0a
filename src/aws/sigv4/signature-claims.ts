/**
 * What a request claims about its signature, whichever form carried it: the Authorization
 * header or the presigned query string. Verification treats both the same from here on.
 */
export interface SignatureClaims {
  form: 'header' | 'query';
  algorithm: string;
  credential: string;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** The raw X-Amz-Date (or the Date header, converted to basic format). */
  amzDate: string;
  signedAt: Date;
  /** Presigned URLs only. */
  expiresSeconds: number | undefined;
  sessionToken: string | undefined;
}
