/**
 * How scalars of the result tree are written. AWS writes timestamps as ISO-8601 UTC without
 * fractional seconds (`2020-05-31T05:11:05Z` in the AssumeRoleWithWebIdentity response captured in
 * salrashid123's README); booleans as `true`/`false`.
 */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatScalar(value: string | number | boolean | Date): string {
  if (value instanceof Date) return formatTimestamp(value);
  return String(value);
}
