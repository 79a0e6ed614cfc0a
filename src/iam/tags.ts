/**
 * Tag rules shared by providers, roles and policies. Roles and OIDC providers treat keys
 * case-insensitively (AWS's duplicate message says so in LocalStack's test_iam_roles snapshot); managed policies keep
 * `a` and `A` apart and say only "Duplicate tag keys found." (LocalStack policy-tag snapshot).
 */
import type { WireStruct } from '../aws/shape.js';
import type { Tag } from '../store/records.js';
import { TAG_LIST_MAX } from './inputs.js';
import { messages } from './messages.js';

export type TagKeyCase = 'insensitive' | 'sensitive';

function keyOf(key: string, mode: TagKeyCase): string {
  return mode === 'insensitive' ? key.toLowerCase() : key;
}

export function assertUniqueTagKeys(tags: readonly Tag[], mode: TagKeyCase): void {
  const seen = new Set(tags.map((t) => keyOf(t.key, mode)));
  if (seen.size === tags.length) return;
  throw mode === 'insensitive' ? messages.duplicateTagKeysCaseInsensitive() : messages.duplicateTagKeys();
}

/** TagX: new values replace existing keys; the result may not exceed 50 tags. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], mode: TagKeyCase): Tag[] {
  assertUniqueTagKeys(added, mode);
  const replaced = new Set(added.map((t) => keyOf(t.key, mode)));
  const merged = [...existing.filter((t) => !replaced.has(keyOf(t.key, mode))), ...added];
  if (merged.length > TAG_LIST_MAX) throw messages.tooManyTags();
  return merged;
}

/** UntagX: absent keys are ignored, as AWS does. */
export function removeTags(existing: readonly Tag[], keys: readonly string[], mode: TagKeyCase): Tag[] {
  const removed = new Set(keys.map((k) => keyOf(k, mode)));
  return existing.filter((t) => !removed.has(keyOf(t.key, mode)));
}

/** List*Tags returns tags sorted by key (code-unit order: "A" before "a"). */
export function sortTags(tags: readonly Tag[]): Tag[] {
  return [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function tagsToWire(tags: readonly Tag[]): WireStruct[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}
