/**
 * What IAM needs from the store, and nothing more: the records its actions read and write, and
 * transactions over them. The Store (src/store/store.ts) satisfies IamStore as it is; each
 * action module's helpers take the narrower per-record interface they use.
 */
import type {
  AttachmentStore,
  InstanceProfileStore,
  ManagedPolicyStore,
  OidcProviderStore,
  PolicyVersionStore,
  RolePermissionStore,
  RolePolicyStore,
  RoleStore,
  Transactional,
} from '../store/store.js';

/** The records IAM's actions work on, inside or outside a transaction. */
export interface IamRecords
  extends OidcProviderStore,
    RoleStore,
    RolePolicyStore,
    ManagedPolicyStore,
    PolicyVersionStore,
    AttachmentStore,
    RolePermissionStore,
    InstanceProfileStore {}

export interface IamStore extends IamRecords, Transactional<IamRecords> {}
