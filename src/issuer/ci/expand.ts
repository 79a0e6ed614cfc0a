/**
 * GitLab's variable expansion (`ExpandVariables.expand`): `$VAR`, `${VAR}` and `%VAR%`;
 * an undefined variable becomes the empty string (gitlab-org/gitlab lib/expand_variables.rb; MR 122668).
 */
const VARIABLE_REFERENCE = /\$([a-zA-Z_][a-zA-Z0-9_]*)|\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}|%([a-zA-Z_][a-zA-Z0-9_]*)%/g;

export function expandVariables(text: string, variables: Readonly<Record<string, string | undefined>>): string {
  return text.replace(VARIABLE_REFERENCE, (_match, a?: string, b?: string, c?: string) => variables[a ?? b ?? c ?? ''] ?? '');
}

/**
 * GitLab's `*_SLUG` form: lower-cased, every character outside a-z and 0-9 replaced by `-`,
 * at most 63 bytes, no leading or trailing `-`.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}
