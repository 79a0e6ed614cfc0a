/**
 * Reads one IAM action's parameters and checks them against the model's constraints, collecting
 * every violation before failing, as AWS does: one ValidationError whose message lists all of
 * them ("N validation errors detected: …"), members in alphabetical order of their camelCase
 * path (observed: clientIDList; thumbprintList; url — localstack/localstack
 * tests/aws/services/iam/test_iam_oidc.snapshot.json).
 *
 * IAM omits the offending value from each item ("Value at 'tags.1.member.key' failed to satisfy
 * constraint: …" in every 2026 real-AWS snapshot of localstack/localstack
 * tests/aws/services/iam/), unlike STS.
 */
import { AwsError } from '../aws/error.js';
import type { QueryParams } from '../aws/query-params.js';
import { NOT_NULL, rangeViolations, stringViolations, type StringConstraint } from '../aws/constraints.js';
import { validationError, type ConstraintViolation } from '../aws/validation-error.js';
import type { Tag } from '../store/records.js';

export type { StringConstraint };

export interface ListConstraint {
  /** The list's own size limit (tagListType: 50). */
  maxItems?: number;
  member: StringConstraint;
  /**
   * How AWS spells a bad member: it reports the whole list with every constraint of the member
   * shape in brackets (test_iam_oidc.snapshot.json), e.g. "[Member must have length less than or equal to 255,
   * Member must have length greater than or equal to 1]".
   */
  memberConstraintText: string;
}

/** camelCase as AWS writes member paths: only the first letter is lowered (ClientIDList → clientIDList). */
function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export class Inputs {
  private readonly violations: ConstraintViolation[] = [];

  constructor(private readonly params: QueryParams) {}

  private fail(member: string, constraint: string): void {
    this.violations.push({ member, value: undefined, constraint });
  }

  private checkString(member: string, value: string, c: StringConstraint): void {
    for (const constraint of stringViolations(value, c)) this.fail(member, constraint);
  }

  required(name: string, c: StringConstraint): string {
    const value = this.params.string(name);
    if (value === undefined) {
      this.fail(camel(name), NOT_NULL);
      return '';
    }
    this.checkString(camel(name), value, c);
    return value;
  }

  optional(name: string, c: StringConstraint): string | undefined {
    const value = this.params.string(name);
    if (value !== undefined) this.checkString(camel(name), value, c);
    return value;
  }

  /** One of a fixed set of values (policyScopeType and the like). */
  optionalEnum<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.params.string(name);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.fail(camel(name), `Member must satisfy enum value set: [${values.join(', ')}]`);
    return undefined;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    const text = this.params.string(name);
    if (text === undefined) return undefined;
    const value = /^-?[0-9]{1,15}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (Number.isNaN(value)) {
      // botocore never sends this; AWS's exact wording for a non-number is not captured.
      this.fail(camel(name), `Member must have value greater than or equal to ${min}`);
      return undefined;
    }
    for (const constraint of rangeViolations(value, min, max)) this.fail(camel(name), constraint);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const text = this.params.string(name);
    if (text === undefined) return undefined;
    return text.toLowerCase() === 'true';
  }

  list(name: string, c: ListConstraint, required = false): string[] | undefined {
    const values = this.params.list(name);
    if (values === undefined) {
      if (required) this.fail(camel(name), NOT_NULL);
      return undefined;
    }
    if (c.maxItems !== undefined && values.length > c.maxItems) {
      this.fail(camel(name), `Member must have length less than or equal to ${c.maxItems}`);
    }
    if (values.some((v) => stringViolations(v, c.member).length > 0)) {
      this.fail(camel(name), `Member must satisfy constraint: ${c.memberConstraintText}`);
    }
    return values;
  }

  /** A Tags list (tagListType): at most 50, keys 1..128, values 0..256, both patterned. */
  tags(name = 'Tags', required = false): Tag[] | undefined {
    const members = this.params.members(name);
    const member = camel(name);
    if (members === undefined) {
      if (required) this.fail(member, NOT_NULL);
      return undefined;
    }
    if (members.length > TAG_LIST_MAX) this.fail(member, `Member must have length less than or equal to ${TAG_LIST_MAX}`);
    return members.map((m, i) => {
      // AWS's path for a tag's parts: 'tags.1.member.key' (index before "member"), as captured.
      const at = (part: string) => `${member}.${i + 1}.member.${part}`;
      const key = m.string('Key');
      const value = m.string('Value');
      if (key === undefined) this.fail(at('key'), NOT_NULL);
      else this.checkString(at('key'), key, TAG_KEY);
      if (value === undefined) this.fail(at('value'), NOT_NULL);
      else this.checkString(at('value'), value, TAG_VALUE);
      return { key: key ?? '', value: value ?? '' };
    });
  }

  /** Throws the ValidationError if anything failed; call once every parameter has been read. */
  check(): void {
    if (this.violations.length === 0) return;
    const sorted = [...this.violations].sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
    throw validationError(sorted);
  }
}

/** Reads the inputs with `read`, then throws the collected ValidationError, if any. */
export function readInputs<T>(params: QueryParams, read: (inputs: Inputs) => T): T {
  const inputs = new Inputs(params);
  const values = read(inputs);
  inputs.check();
  return values;
}

function pattern(text: string): StringConstraint['pattern'] {
  return { regex: new RegExp(`^(?:${text})$`, 'u'), text };
}

// --- the IAM model's shapes (botocore data/iam/2010-05-08/service-2.json) ---------------------

export const TAG_LIST_MAX = 50;
export const TAG_KEY: StringConstraint = { min: 1, max: 128, pattern: pattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+') };
export const TAG_VALUE: StringConstraint = { min: 0, max: 256, pattern: pattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*') };
/** tagKeyListType as UntagX reports a bad key (captured in LocalStack's policy-tag snapshot). */
export const TAG_KEY_LIST: ListConstraint = {
  maxItems: TAG_LIST_MAX,
  member: TAG_KEY,
  memberConstraintText:
    '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, ' +
    'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]',
};

export const ARN: StringConstraint = { min: 20, max: 2048 };
export const ROLE_NAME: StringConstraint = { min: 1, max: 64, pattern: pattern('[\\w+=,.@-]+') };
export const POLICY_NAME: StringConstraint = { min: 1, max: 128, pattern: pattern('[\\w+=,.@-]+') };
export const ROLE_PATH: StringConstraint = { min: 1, max: 512, pattern: pattern('(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)') };
export const POLICY_PATH: StringConstraint = { min: 1, max: 512, pattern: pattern('((/[A-Za-z0-9\\.,\\+@=_-]+)*)/') };
export const PATH_PREFIX: StringConstraint = { min: 1, max: 512, pattern: pattern('\\u002F[\\u0021-\\u007F]*') };
export const ROLE_DESCRIPTION: StringConstraint = { max: 1000, pattern: pattern('[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*') };
export const POLICY_DESCRIPTION: StringConstraint = { max: 1000 };
export const POLICY_DOCUMENT: StringConstraint = { min: 1, max: 131072, pattern: pattern('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+') };
export const POLICY_VERSION_ID: StringConstraint = { pattern: pattern('v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?') };
export const MARKER: StringConstraint = { min: 1, max: 320, pattern: pattern('[\\u0020-\\u00FF]+') };
export const OIDC_URL: StringConstraint = { min: 1, max: 255 };
export const CLIENT_ID: StringConstraint = { min: 1, max: 255 };
export const CLIENT_ID_LIST: ListConstraint = {
  member: CLIENT_ID,
  memberConstraintText: '[Member must have length less than or equal to 255, Member must have length greater than or equal to 1]',
};
export const THUMBPRINT_LIST: ListConstraint = {
  member: { min: 40, max: 40 },
  memberConstraintText: '[Member must have length less than or equal to 40, Member must have length greater than or equal to 40]',
};
export const MAX_SESSION_DURATION = { min: 3600, max: 43200, default: 3600 } as const;
export const MAX_ITEMS = { min: 1, max: 1000, default: 100 } as const;

/** AwsError helpers for the codes IAM uses (statuses from botocore/data/iam/2010-05-08/service-2.json). */
export const iamError = {
  noSuchEntity: (message: string) => new AwsError('NoSuchEntity', message, 404),
  entityAlreadyExists: (message: string) => new AwsError('EntityAlreadyExists', message, 409),
  limitExceeded: (message: string) => new AwsError('LimitExceeded', message, 409),
  deleteConflict: (message: string) => new AwsError('DeleteConflict', message, 409),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, 400),
  validation: (message: string) => new AwsError('ValidationError', message, 400),
};
