// ESLint 9 flat config: typescript-eslint's recommended rules, plus the layer rules of
// ARCHITECTURE.md encoded as import restrictions, so an import that points up a layer fails
// `npm run lint` (and CI). test/lint/layers.test.ts proves the rules bite.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What each folder of src/ may import from the other folders, lowest layer first. A folder not
 * listed for another may not import it; adding a folder means adding a line here and in
 * ARCHITECTURE.md.
 */
export const MAY_IMPORT = {
  aws: [],
  policy: ['aws'],
  store: ['aws'],
  workspace: ['aws'],
  oidc: ['aws', 'store'],
  server: ['aws'],
  issuer: ['aws', 'store', 'oidc', 'workspace'],
  sts: ['aws', 'policy', 'store', 'oidc'],
  iam: ['aws', 'policy', 'store', 'oidc'],
  apply: ['aws', 'workspace'],
  diagnostics: ['aws', 'policy', 'store', 'oidc', 'sts', 'iam', 'workspace'],
  console: ['aws', 'policy', 'store', 'oidc', 'issuer', 'sts', 'iam', 'apply', 'diagnostics', 'workspace', 'server'],
  stack: ['aws', 'policy', 'store', 'oidc', 'issuer', 'sts', 'iam', 'apply', 'diagnostics', 'workspace', 'server', 'console'],
  cli: ['aws', 'policy', 'store', 'oidc', 'issuer', 'sts', 'iam', 'apply', 'diagnostics', 'workspace', 'server', 'console', 'stack'],
};

const FOLDERS = Object.keys(MAY_IMPORT);

/**
 * The ways around a folder's front door, refused from elsewhere in src/ (tests may reach inside):
 * sts/, server/ and aws/sigv4/ are entered through their index.ts only; store/'s tables,
 * queries, engines and migrations stay inside it (services see store.ts's interfaces).
 */
const ENTRIES = [
  { folder: 'sts', inner: 'sts/(?!index\\.js$)', why: 'import STS through src/sts/index.ts' },
  { folder: 'server', inner: 'server/(?!index\\.js$)', why: 'import the HTTP server through src/server/index.ts' },
  { folder: 'aws', inner: 'aws/sigv4/(?!index\\.js$)', why: 'import SigV4 through src/aws/sigv4/index.ts' },
  {
    folder: 'store',
    inner: 'store/(records/|migrations/|(kysely-store|schema|sqlite|postgres|migrate)\\.js$)',
    why: "outside src/store use store.ts's interfaces (and records.ts, open.ts, …); tables, queries and migrations stay inside",
  },
];

/** The import restrictions for files in src/<folder>/. */
function restrictionsFor(folder) {
  const forbidden = FOLDERS.filter((f) => f !== folder && !MAY_IMPORT[folder].includes(f));
  const patterns = [];
  if (forbidden.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
      message: `src/${folder} may import only ${MAY_IMPORT[folder].join(', ') || 'nothing else in src'}: lower layers never import upper ones (see ARCHITECTURE.md).`,
    });
  }
  for (const entry of ENTRIES) {
    if (entry.folder === folder) continue;
    patterns.push({
      regex: `^(\\.\\./)+${entry.inner}`,
      message: `${entry.why} (see ARCHITECTURE.md).`,
    });
  }
  return patterns;
}

export default tseslint.config(
  { ignores: ['build/', 'node_modules/', 'coverage/', '.trustbridge/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      // tsc's noUnusedLocals / noUnusedParameters report these (with `_` for a deliberately unused parameter).
      '@typescript-eslint/no-unused-vars': 'off',
      // Wire text is matched byte for byte: XML indentation reads best as the spaces it is.
      'no-regex-spaces': 'off',
    },
  },
  ...FOLDERS.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictionsFor(folder) }] },
  })),
);
