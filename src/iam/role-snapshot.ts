/**
 * What collect reads about an execution role: plain data shaped after IAM's responses
 * (GetRole, ListAttachedRolePolicies + GetPolicy + GetPolicyVersion, ListRolePolicies +
 * GetRolePolicy, GetServiceLastAccessedDetails). Policy documents arrive URL-encoded from IAM;
 * collect decodes them (see `decodePolicyDocument`) so a snapshot holds objects, never strings.
 */
import type { PolicyDocument } from '../model.js';

/** A managed policy attached to the role, with its default version's document. */
export interface AttachedManagedPolicy {
  PolicyName: string;
  PolicyArn: string;
  DefaultVersionId?: string;
  /** `null`: the version could not be read (the gap is in the snapshot's `unverified`). */
  document: PolicyDocument | null;
}

/** An inline policy embedded in the role. */
export interface InlinePolicy {
  PolicyName: string;
  /** `null`: GetRolePolicy failed (the gap is in the snapshot's `unverified`). */
  document: PolicyDocument | null;
}

/** One entry of `ServicesLastAccessed[].TrackedActionsLastAccessed` (ACTION_LEVEL jobs). */
export interface TrackedActionLastAccessed {
  /** The action name as IAM reports it, e.g. `GetObject` (a `s3:` prefix is tolerated). */
  ActionName: string;
  LastAccessedEntity?: string;
  /** ISO date; absent when the tracked action was never used in IAM's tracking period. */
  LastAccessedTime?: string;
  LastAccessedRegion?: string;
}

/** One entry of `GetServiceLastAccessedDetails.ServicesLastAccessed`. */
export interface ServiceLastAccessed {
  ServiceName: string;
  /** The IAM service prefix, e.g. `s3`. */
  ServiceNamespace: string;
  /** ISO date; absent when the service was never used in IAM's tracking period. */
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
  /** Present only for services whose actions IAM tracks individually. */
  TrackedActionsLastAccessed?: TrackedActionLastAccessed[];
}

/** `GetServiceLastAccessedDetails` for the role, read once the job is `COMPLETED`. */
export interface ServiceLastAccessedDetails {
  JobType: 'ACTION_LEVEL' | 'SERVICE_LEVEL';
  JobStatus: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  JobCreationDate?: string;
  /** ISO date the data is as of; the "now" of the window is the audit's clock, not this. */
  JobCompletionDate?: string;
  ServicesLastAccessed: ServiceLastAccessed[];
}

/** Everything read about one execution role. */
export interface RoleSnapshot {
  Arn: string;
  RoleName: string;
  Path?: string;
  /** ISO date. */
  CreateDate: string;
  /** The trust policy, decoded. */
  AssumeRolePolicyDocument: PolicyDocument;
  /** GetRole's `RoleLastUsed`; empty when IAM has never seen the role used. */
  RoleLastUsed: { LastUsedDate?: string; Region?: string };
  attachedPolicies: AttachedManagedPolicy[];
  inlinePolicies: InlinePolicy[];
  /** `null`: the last-accessed job could not be generated or read. */
  lastAccessed: ServiceLastAccessedDetails | null;
  /** ARNs of every function whose execution role this is (this one included); `null`: unknown. */
  usedBy: string[] | null;
}

/** GetRole answered `NoSuchEntity`: the function's role has been deleted. */
export interface MissingRole {
  missing: true;
  arn: string;
}

export type RoleData = RoleSnapshot | MissingRole;

export function isMissingRole(role: RoleData): role is MissingRole {
  return 'missing' in role && role.missing === true;
}

/** True when some attached or inline policy could not be read: absence of a grant proves nothing. */
export function hasUnreadPolicy(role: RoleSnapshot): boolean {
  return [...role.attachedPolicies, ...role.inlinePolicies].some((p) => p.document === null);
}

/**
 * Decodes a policy document as IAM returns it (URL-encoded JSON text) or passes an object
 * through. Throws on malformed JSON: collect turns that into an `unverified` entry.
 */
export function decodePolicyDocument(raw: string | PolicyDocument): PolicyDocument {
  if (typeof raw !== 'string') return raw;
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
  return JSON.parse(text) as PolicyDocument;
}
