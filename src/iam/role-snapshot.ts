/**
 * Questions about the execution role a snapshot holds (its types are in model.ts: RoleSnapshot),
 * and the decoding of IAM's URL-encoded policy documents, so a snapshot holds objects, never
 * strings.
 */
import type { MissingRole, PolicyDocument, RoleData, RoleSnapshot } from '../model.js';

/**
 * The IAM reads a role snapshot's policies come from: GetRole, the attached managed policies'
 * default versions and the inline policies. The role collector makes them; the role checks
 * declare them as their inputs.
 */
export const ROLE_POLICY_ACTIONS = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
] as const;

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
