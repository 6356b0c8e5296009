/**
 * IAM's service-last-accessed job for an execution role (ACTION_LEVEL): started, polled with
 * backoff until it completes, and read page by page. It takes seconds where the rest of a role
 * takes a few hundred milliseconds, so RoleReader reads it apart and a role can be answered with
 * the job still running (LAST_ACCESSED_RUNNING), completed later by withLastAccessed().
 */
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { isNotFound } from '../aws/errors.js';
import { isMissingRole } from '../iam/role-snapshot.js';
import type { RoleData, ServiceLastAccessed, ServiceLastAccessedDetails, Unverified } from '../model.js';
import { attempt } from './attempt.js';

/** What IAM's last-accessed job gave for a role: its details, or the gap standing in for them. */
export interface LastAccessedRead {
  details: ServiceLastAccessedDetails | null;
  gap: Unverified | null;
  /** The job's NoSuchEntity: the role is gone. */
  gone: boolean;
}

/** Waits between polls of the job: doubled each time from `pollFirstMs`, capped, within a budget. */
export interface JobPolling {
  pollFirstMs: number;
  pollMaxMs: number;
  pollBudgetMs: number;
  sleep: (ms: number) => Promise<void>;
}

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** What IAM answers about a last-accessed job until it completes; a role read early carries it. */
export const LAST_ACCESSED_RUNNING: ServiceLastAccessedDetails = {
  JobType: 'ACTION_LEVEL',
  JobStatus: 'IN_PROGRESS',
  ServicesLastAccessed: [],
};

/** The role completed with its last-accessed job's outcome (a deleted role becomes `missing`). */
export function withLastAccessed<R extends { role: RoleData | null; unverified: Unverified[] }>(
  read: R,
  job: LastAccessedRead,
  arn: string,
): R {
  const unverified = job.gap ? [...read.unverified, job.gap] : read.unverified;
  if (job.gone) return { ...read, role: { missing: true, arn }, unverified };
  if (!read.role || isMissingRole(read.role)) return { ...read, unverified };
  return { ...read, role: { ...read.role, lastAccessed: job.details }, unverified };
}

/** The job's outcome for the role `arn`: a failed read is a gap, NoSuchEntity a gone role. */
export async function readLastAccessed(
  iam: IAMClient,
  arn: string,
  polling: JobPolling,
): Promise<LastAccessedRead> {
  const gaps: Unverified[] = [];
  let gone = false;
  const details = await attempt(gaps, 'role', 'iam:GetServiceLastAccessedDetails', async () => {
    try {
      return await lastAccessed(iam, arn, polling);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      gone = true;
      return null;
    }
  });
  return { details, gap: gaps[0] ?? null, gone };
}

/** Starts IAM's last-accessed job for the role and polls it with backoff until it is done. */
async function lastAccessed(
  iam: IAMClient,
  Arn: string,
  { pollFirstMs, pollMaxMs, pollBudgetMs, sleep }: JobPolling,
): Promise<ServiceLastAccessedDetails> {
  const job = await iam.send(
    new GenerateServiceLastAccessedDetailsCommand({ Arn, Granularity: 'ACTION_LEVEL' }),
  );
  const JobId = job.JobId;
  if (!JobId) throw new Error('GenerateServiceLastAccessedDetails returned no JobId');
  let wait = pollFirstMs;
  let waited = 0;
  for (;;) {
    const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    if (first.JobStatus === 'FAILED')
      throw new Error(`the last-accessed job failed: ${first.Error?.Message ?? 'no reason given'}`);
    if (first.JobStatus === 'COMPLETED') return allServices(iam, JobId, first);
    if (waited >= pollBudgetMs)
      throw new Error(`the last-accessed job did not finish within ${pollBudgetMs / 1000} s`);
    await sleep(wait);
    waited += wait;
    wait = Math.min(wait * 2, pollMaxMs);
  }
}

async function allServices(
  iam: IAMClient,
  JobId: string,
  first: GetServiceLastAccessedDetailsCommandOutput,
): Promise<ServiceLastAccessedDetails> {
  const services = [...(first.ServicesLastAccessed ?? [])];
  let page = first;
  while (page.IsTruncated && page.Marker) {
    page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: page.Marker }));
    services.push(...(page.ServicesLastAccessed ?? []));
  }
  return {
    JobType: first.JobType === 'SERVICE_LEVEL' ? 'SERVICE_LEVEL' : 'ACTION_LEVEL',
    JobStatus: 'COMPLETED',
    ...(first.JobCreationDate ? { JobCreationDate: iso(first.JobCreationDate) } : {}),
    ...(first.JobCompletionDate ? { JobCompletionDate: iso(first.JobCompletionDate) } : {}),
    ServicesLastAccessed: services.map(
      (s): ServiceLastAccessed => ({
        ServiceName: s.ServiceName ?? '',
        ServiceNamespace: s.ServiceNamespace ?? '',
        ...(s.LastAuthenticated ? { LastAuthenticated: iso(s.LastAuthenticated) } : {}),
        ...(s.LastAuthenticatedEntity ? { LastAuthenticatedEntity: s.LastAuthenticatedEntity } : {}),
        ...(s.LastAuthenticatedRegion ? { LastAuthenticatedRegion: s.LastAuthenticatedRegion } : {}),
        ...(s.TotalAuthenticatedEntities !== undefined
          ? { TotalAuthenticatedEntities: s.TotalAuthenticatedEntities }
          : {}),
        ...(s.TrackedActionsLastAccessed
          ? {
              TrackedActionsLastAccessed: s.TrackedActionsLastAccessed.map((a) => ({
                ActionName: a.ActionName ?? '',
                ...(a.LastAccessedEntity ? { LastAccessedEntity: a.LastAccessedEntity } : {}),
                ...(a.LastAccessedTime ? { LastAccessedTime: iso(a.LastAccessedTime) } : {}),
                ...(a.LastAccessedRegion ? { LastAccessedRegion: a.LastAccessedRegion } : {}),
              })),
            }
          : {}),
      }),
    ),
  };
}
