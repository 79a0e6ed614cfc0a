/** A session's IssuedAt and Expiration: whole seconds, as AWS's Expiration has no fraction (salrashid123's capture). */
export function sessionWindow(now: Date, durationSeconds: number): { issuedAt: Date; expiresAt: Date } {
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { issuedAt, expiresAt: new Date(issuedAt.getTime() + durationSeconds * 1000) };
}
