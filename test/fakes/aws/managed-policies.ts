/**
 * AWS-managed policies (arn:aws:iam::aws:policy/...), served from a snapshot of their real
 * documents so role analysis sees what AWS would return.
 */
import snapshot from './aws-managed-policies.json' with { type: 'json' };
import type { WorldManagedPolicy, WorldPolicyDocument } from './world.js';

interface SnapshotEntry {
  versionId: string;
  createDate: string;
  document: WorldPolicyDocument;
}

const POLICIES: Record<string, SnapshotEntry> = snapshot as unknown as Record<string, SnapshotEntry>;
const PREFIX = 'arn:aws:iam::aws:policy/';

/**
 * The managed policy for an ARN, or undefined. The snapshot keys some policies without their
 * path (AWSLambdaBasicExecutionRole really lives under /service-role/), so a miss on the exact
 * ARN falls back to the policy name.
 */
export function managedPolicy(arn: string): WorldManagedPolicy | undefined {
  if (!arn.startsWith(PREFIX)) return undefined;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const entry = POLICIES[arn] ?? POLICIES[`${PREFIX}${name}`];
  if (!entry) return undefined;
  return {
    Arn: arn,
    PolicyName: name,
    DefaultVersionId: entry.versionId,
    Document: entry.document,
    CreateDate: entry.createDate,
  };
}

/** The ARNs the snapshot holds, for worlds and tests that want to pick from them. */
export function managedPolicyArns(): string[] {
  return Object.keys(POLICIES);
}
