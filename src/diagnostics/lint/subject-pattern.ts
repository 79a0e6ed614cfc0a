/**
 * How broad a StringLike pattern over GitLab's subject (or one of its parts) really is.
 *
 * GitLab's `sub` is `project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}`
 * (https://docs.gitlab.com/ci/secrets/id_token_authentication/). IAM's `*` matches any run of
 * characters, `/` and `:` included
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html),
 * so a pattern that reads as "the projects of mygroup" also admits every subgroup, and `main*`
 * admits `main-evil`. Each check here looks at one part of the subject and, when it is broader than
 * it reads, says so with a concrete value that passes.
 *
 * The same part checks serve the `:sub` key (after splitting the pattern) and the Trustbridge
 * per-claim keys `:project_path`, `:ref_type` and `:ref`.
 */
import { compileGlob, hasWildcard } from '../../policy/glob.js';
import type { FindingCode, Severity } from './finding.js';

/** A finding before it is placed in a statement and a key. */
export interface PatternFinding {
  code: FindingCode;
  severity: Severity;
  message: string;
  fix: string;
}

export type SubjectPart = 'project_path' | 'ref_type' | 'ref';

const SUBJECT_PREFIX = 'project_path:';
const REF_TYPE_MARK = ':ref_type:';
const REF_MARK = ':ref:';

/** `*`, `**`, `?*`…: a pattern that admits (almost) anything. */
export function isAllWildcards(pattern: string): boolean {
  return pattern.length > 0 && /^[*?]+$/.test(pattern);
}

/** A concrete value the pattern admits: each `*` becomes `filler`, each `?` an `x`. */
function instance(pattern: string, filler: string): string {
  return pattern.replaceAll('*', filler).replaceAll('?', 'x');
}

/** Checks a pattern for one subject part (as a `:sub` segment or its own claim key). */
export function checkSubjectPart(part: SubjectPart, pattern: string, prefix: string): PatternFinding[] {
  if (!hasWildcard(pattern)) return [];
  switch (part) {
    case 'project_path':
      return checkProjectPath(pattern, prefix);
    case 'ref_type':
      return [{
        code: 'ref-type-wildcard',
        severity: 'warning',
        message: `ref_type ${JSON.stringify(pattern)} admits tags as well as branches: anyone who can push a tag with the branch's name gets in`,
        fix: 'Name the ref type exactly: ref_type:branch (or ref_type:tag).',
      }];
    case 'ref':
      return checkRef(pattern, prefix);
  }
}

function checkProjectPath(pattern: string, prefix: string): PatternFinding[] {
  if (pattern.startsWith('*') || pattern.startsWith('?')) {
    return [{
      code: 'wildcard-subject',
      severity: 'error',
      message: `project_path ${JSON.stringify(pattern)} admits any project on the instance, e.g. ${JSON.stringify(instance(pattern, 'attacker/project'))}`,
      fix: 'Name the project (project_path:mygroup/myproject:…) or its group.',
    }];
  }
  const star = pattern.indexOf('*');
  const group = pattern.slice(0, star - 1);
  if (pattern.endsWith('/*') && star === pattern.length - 1 && !hasWildcard(group)) {
    const example = `${group}/subgroup/project`;
    return [{
      code: 'project-glob-admits-subgroups',
      severity: 'warning',
      message: `${JSON.stringify(pattern)} also admits projects in every subgroup of ${group}, e.g. ${JSON.stringify(example)}: IAM's * matches "/" too`,
      fix: `To admit only ${group}'s own projects, list them, or (on Trustbridge, which keys every claim) require ${prefix}:namespace_path StringEquals ${JSON.stringify(group)}.`,
    }];
  }
  const example = instance(pattern, '-other');
  return [{
    code: 'project-prefix-glob',
    severity: 'warning',
    message: `${JSON.stringify(pattern)} also admits other projects whose path starts the same way, e.g. ${JSON.stringify(example)}`,
    fix: 'Name the project exactly; list several projects as separate values.',
  }];
}

function checkRef(pattern: string, prefix: string): PatternFinding[] {
  if (isAllWildcards(pattern)) {
    return [{
      code: 'any-ref',
      severity: 'info',
      message: `ref ${JSON.stringify(pattern)} admits every branch (or tag), including unprotected ones any developer can push`,
      fix: `Name the ref, or also require ${prefix}:ref_protected StringEquals "true".`,
    }];
  }
  const star = pattern.indexOf('*');
  if (star > 0 && !'/-_.'.includes(pattern.charAt(star - 1))) {
    const example = instance(pattern, '-evil');
    return [{
      code: 'ref-prefix-glob',
      severity: 'warning',
      message: `ref ${JSON.stringify(pattern)} also admits refs that merely start the same way, e.g. ${JSON.stringify(example)}`,
      fix: `Name the ref exactly (StringEquals), or end the prefix with a separator such as "release/*" and protect those refs (${prefix}:ref_protected).`,
    }];
  }
  return [];
}

/**
 * Checks a StringLike pattern over the whole `sub`. Splits it at `:ref_type:` and `:ref:` and
 * checks each part; a pattern that does not look like a GitLab subject is reported once.
 */
export function checkSubjectPattern(pattern: string, prefix: string): PatternFinding[] {
  if (isAllWildcards(pattern)) {
    return [{
      code: 'wildcard-subject',
      severity: 'error',
      message: `${JSON.stringify(pattern)} admits every subject the issuer signs: any project, any branch or tag`,
      fix: 'Name the project and ref: project_path:mygroup/myproject:ref_type:branch:ref:main.',
    }];
  }
  if (!pattern.startsWith(SUBJECT_PREFIX)) {
    if (pattern.startsWith('*') || pattern.startsWith('?')) return checkProjectPath(pattern, prefix);
    return [{
      code: 'unexpected-sub-format',
      severity: 'warning',
      message: `${JSON.stringify(pattern)} does not have the shape of a GitLab subject, so no GitLab token can match it`,
      fix: 'GitLab subjects look like project_path:mygroup/myproject:ref_type:branch:ref:main.',
    }];
  }
  const rest = pattern.slice(SUBJECT_PREFIX.length);
  const refTypeAt = rest.indexOf(REF_TYPE_MARK);
  if (refTypeAt < 0) return checkProjectOnly(rest, prefix);
  const findings = checkSubjectPart('project_path', rest.slice(0, refTypeAt), prefix);
  const afterProject = rest.slice(refTypeAt + REF_TYPE_MARK.length);
  const refAt = afterProject.indexOf(REF_MARK);
  if (refAt < 0) return [...findings, ...checkSubjectPart('ref_type', afterProject, prefix)];
  return [
    ...findings,
    ...checkSubjectPart('ref_type', afterProject.slice(0, refAt), prefix),
    ...checkSubjectPart('ref', afterProject.slice(refAt + REF_MARK.length), prefix),
  ];
}

/** `project_path:G/P:*` or `project_path:G/*`: the project part carries everything after it. */
function checkProjectOnly(rest: string, prefix: string): PatternFinding[] {
  const colon = rest.indexOf(':');
  const project = colon < 0 ? rest : rest.slice(0, colon);
  const tail = colon < 0 ? '' : rest.slice(colon + 1);
  const findings = checkSubjectPart('project_path', project, prefix);
  if (findings.length > 0) {
    // Nothing follows the project part: its trailing * also stands for any ref_type and ref.
    const swallowsRefs = colon < 0 && project.endsWith('*');
    return swallowsRefs ? findings.map((f) => ({ ...f, message: `${f.message}; and, as nothing follows, any branch or tag` })) : findings;
  }
  const example = `project_path:${project}:ref_type:tag:ref:anything`;
  if (tail !== '' && compileGlob(`project_path:${rest}`)(example)) {
    return [{
      code: 'any-ref',
      severity: 'info',
      message: `${JSON.stringify(`project_path:${rest}`)} admits every branch and every tag of ${project}, e.g. ${JSON.stringify(example)}`,
      fix: `Add :ref_type:branch:ref:<name>, or require ${prefix}:ref_protected StringEquals "true".`,
    }];
  }
  return [];
}
