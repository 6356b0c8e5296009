/**
 * A least-privilege proposal as data: what it keeps and why, what it removes, what the function
 * needs but is not granted. least-privilege.ts makes it; proposal-diff.ts words it.
 */
import type { PolicyDocument } from '../model.js';
import type { NeededAction } from './function-needs.js';

export type KeepReason = 'used' | 'untracked' | 'configuration';

export interface KeptAction {
  action: string;
  reason: KeepReason;
  /** Last use IAM reports for the action (tracked) or its service (untracked). */
  lastUsed: string | null;
  resources: string[];
  notResource: boolean;
  /** For configuration needs: what needs it. */
  why?: string;
}

export interface RemovedService {
  service: string;
  name: string | null;
  lastUsed: string | null;
  /** Actions of the service kept anyway because the configuration needs them. */
  keptForConfiguration: string[];
}

export interface RemovedAction {
  action: string;
  lastUsed: string | null;
  reason: 'unused' | 'escalation' | 'passrole';
}

export interface Proposal {
  role: string;
  windowDays: number;
  confidence: 'high' | 'low';
  /** Why confidence is low, and other caveats a reviewer should read first. */
  caveats: string[];
  policy: PolicyDocument;
  kept: KeptAction[];
  removedServices: RemovedService[];
  removedActions: RemovedAction[];
  /** Needed by the configuration but not granted today: never added (the proposal only narrows). */
  notGranted: NeededAction[];
  /** Human-readable diff: what goes, what stays and why. */
  diff: string;
}
