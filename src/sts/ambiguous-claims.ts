/**
 * Claims that must not become condition keys because their names collide case-insensitively.
 *
 * Condition keys are case-insensitive, so `<provider>:SUB` and `<provider>:sub` are one key and
 * whichever claim came last would decide it: a token could carry `"sub":"bad"` and
 * `"SUB":"good"` and pass `StringEquals <provider>:sub = good` (issue 10, finding 2).
 *
 * Drop, not refuse: AWS reads `sub`, `aud`, `azp` and `amr` from exactly those claims and
 * ignores the rest of a token's claims, so it accepts such a token and judges it by its real
 * `sub`. Refusing would deny calls AWS allows; dropping keeps AWS's answer while making sure
 * no look-alike decides anything. The decision record lists what was dropped.
 */
import type { JwtClaims } from '../oidc/token.js';

/** The claim names AWS turns into condition keys itself; they come from exactly these claims. */
const AWS_DEFINED = new Set(['sub', 'aud', 'azp', 'amr', 'oaud']);

/**
 * Names to leave out of the condition context: any spelling of an AWS-defined key other than the
 * exact one, and every member of a group of other names equal but for case (none may decide).
 */
export function ambiguousClaimNames(claims: JwtClaims): string[] {
  // Every call comes here, and almost no token has a claim name with an upper-case letter,
  // without which no two names can collide: that case returns before allocating anything.
  if (!hasUpperCaseName(claims)) return [];
  const folded = foldedNames(claims);
  const dropped: string[] = [];
  for (const [key, names] of folded) {
    if (AWS_DEFINED.has(key)) dropped.push(...names.filter((n) => n !== key));
    else if (names.length > 1) dropped.push(...names);
  }
  return dropped;
}

function hasUpperCaseName(claims: JwtClaims): boolean {
  for (const name in claims) if (name.toLowerCase() !== name) return true;
  return false;
}

/** The claim names grouped by their lower-case form. */
function foldedNames(claims: JwtClaims): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const name of Object.keys(claims)) {
    const key = name.toLowerCase();
    const names = byKey.get(key);
    if (names === undefined) byKey.set(key, [name]);
    else names.push(name);
  }
  return byKey;
}
