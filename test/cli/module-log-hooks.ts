/**
 * Module-resolution hook for cli-lazy-imports.test.ts: appends every module URL the process
 * resolves (ESM imports, including the packages imported from ESM) to the file named by
 * TRUSTBRIDGE_MODULE_LOG.
 */
import { appendFileSync } from 'node:fs';

interface Resolved {
  url: string;
}
type NextResolve = (specifier: string, context: unknown) => Promise<Resolved>;

export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<Resolved> {
  const resolved = await next(specifier, context);
  const log = process.env['TRUSTBRIDGE_MODULE_LOG'];
  if (log !== undefined) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
