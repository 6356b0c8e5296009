import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { sleepWithinDeadline } from '../aws/deadline.js';
import { isNotFound } from '../aws/errors.js';
import { decodePolicyDocument } from '../iam/role-snapshot.js';
import type { AttachedManagedPolicy, InlinePolicy, PolicyDocument, RoleData, Unverified } from '../model.js';
import { allPages, as, attempt } from './attempt.js';
import {
  type JobPolling,
  LAST_ACCESSED_RUNNING,
  type LastAccessedRead,
  readLastAccessed,
  withLastAccessed,
} from './role-last-accessed.js';

/** What one role read produced: the data and the gaps, shared by every function using the role. */
export interface RoleRead {
  role: RoleData | null;
  unverified: Unverified[];
}

/** What collect needs of a role reader (function.ts): the role of an ARN, read through `iam`. */
export interface RoleSource {
  read(iam: IAMClient, arn: string): Promise<RoleRead>;
}

/**
 * Roles without waiting for IAM's last-accessed job (seconds, against a few hundred ms for the
 * rest): each role comes with the job's own answer while it runs, `IN_PROGRESS`, and `job(arn)`
 * is the job started or joined for it, to complete the role once it is done.
 */
export interface EarlyRoles extends RoleSource {
  job(arn: string): Job | undefined;
}

/** A last-accessed job and, once it has settled, its outcome. */
export interface Job {
  outcome: Promise<LastAccessedRead>;
  settled: LastAccessedRead | null;
}

/** Managed policy documents by ARN, each read once. */
type PolicyCache = Map<string, Promise<{ doc: PolicyDocument | null; gap: Unverified | null }>>;

/** Waits between polls of the last-accessed job: doubled each time, capped, within a budget. */
export type RoleReaderOptions = Partial<JobPolling>;

/** How the last-accessed job is polled unless told otherwise: waits of 200 ms, doubled up to 2 s, 20 s in all. */
export const LAST_ACCESSED_POLLING: Required<Omit<RoleReaderOptions, 'sleep'>> = {
  pollFirstMs: 200,
  pollMaxMs: 2_000,
  pollBudgetMs: 20_000,
};

const iso = (date: Date | undefined): string | undefined => date?.toISOString();
const roleName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
const isAwsManaged = (arn: string): boolean => /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);

/**
 * `read()` shared through `cache` under `key`, except that a result with a gap (a deadline passed,
 * a throttle outlasted retries) is dropped once it settles: the next audit asks again rather than
 * being served the gap.
 */
function cachedUnlessGap<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  read: () => Promise<T>,
  hasGap: (value: T) => boolean,
): Promise<T> {
  const cached = cache.get(key);
  if (cached) return cached;
  const started = read();
  cache.set(key, started);
  void started.then((value) => {
    if (hasGap(value) && cache.get(key) === started) cache.delete(key);
  });
  return started;
}

/**
 * Reads execution roles. A role, a customer-managed policy version and an AWS-managed policy
 * document are each fetched once per reader and shared by every function that uses them;
 * AWS-managed documents are the same in every account, so they are keyed without one (and shared
 * with the readers `forAccount` makes). IAM's
 * last-accessed job is read apart from the rest, so that an answer need not wait for it.
 */
export class RoleReader implements RoleSource {
  /** Roles as read without their last-accessed job (it shows `IN_PROGRESS`). */
  private readonly roles = new Map<string, Promise<RoleRead>>();
  private readonly jobs = new Map<string, Promise<LastAccessedRead>>();
  /** Customer-managed policies (of this reader's accounts). */
  private readonly policies: PolicyCache = new Map();
  private readonly polling: JobPolling;

  constructor(
    options: RoleReaderOptions = {},
    /** AWS-managed documents: the same in every account, shared with the readers made by forAccount. */
    private readonly awsManaged: PolicyCache = new Map(),
  ) {
    this.polling = {
      pollFirstMs: options.pollFirstMs ?? LAST_ACCESSED_POLLING.pollFirstMs,
      pollMaxMs: options.pollMaxMs ?? LAST_ACCESSED_POLLING.pollMaxMs,
      pollBudgetMs: options.pollBudgetMs ?? LAST_ACCESSED_POLLING.pollBudgetMs,
      // The wait between polls ends early, as a gap, when the audit's deadline passes.
      sleep: options.sleep ?? sleepWithinDeadline,
    };
  }

  /**
   * A reader for one account's roles that shares this one's AWS-managed documents: a scan drops
   * it (its roles, policies and jobs) when the account's last unit is done, so what it holds
   * grows with the accounts in flight, not with the accounts scanned.
   */
  forAccount(): RoleReader {
    return new RoleReader(this.polling, this.awsManaged);
  }

  /** The role behind `arn`, read through `iam` (a client for the role's account), job included. */
  async read(iam: IAMClient, arn: string): Promise<RoleRead> {
    const [read, job] = await Promise.all([this.withoutJob(iam, arn), this.job(iam, arn).outcome]);
    return withLastAccessed(read, job, arn);
  }

  /** A view of this reader whose roles do not wait for the last-accessed job. */
  early(): EarlyRoles {
    const started = new Map<string, Job>();
    return {
      // The role's own reads go out before the job's: the answer waits for them, not for it.
      read: (iam, arn) => {
        const read = this.withoutJob(iam, arn);
        started.set(arn, this.job(iam, arn));
        return read;
      },
      job: (arn) => started.get(arn),
    };
  }

  private withoutJob(iam: IAMClient, arn: string): Promise<RoleRead> {
    return cachedUnlessGap(
      this.roles,
      arn,
      () => this.readRole(iam, arn),
      ({ unverified }) => unverified.length > 0,
    );
  }

  private job(iam: IAMClient, arn: string): Job {
    const outcome = cachedUnlessGap(
      this.jobs,
      arn,
      () => readLastAccessed(iam, arn, this.polling),
      ({ gap }) => gap !== null,
    );
    const job: Job = { outcome, settled: null };
    void outcome.then((read) => {
      job.settled = read;
    });
    return job;
  }

  private async readRole(iam: IAMClient, arn: string): Promise<RoleRead> {
    const gaps: Unverified[] = [];
    const RoleName = roleName(arn);
    // NoSuchEntity from any call keyed by the role's name means the role is gone: that is data
    // (role-missing), even when another of these calls was denied.
    let gone = false;
    /** One read keyed by the role's name: a gap naming `api` when it fails; null once the role is gone. */
    const byName = <T>(api: string, read: () => Promise<T>): Promise<T | null> =>
      attempt(gaps, 'role', api, async () => {
        try {
          return await read();
        } catch (error) {
          if (!isNotFound(error)) throw error;
          gone = true;
          return null;
        }
      });
    // Everything keyed by the role's name starts at once; only the policies' documents wait.
    // The attached policies' list goes out first: ListAttachedRolePolicies -> GetPolicy ->
    // GetPolicyVersion is the longest chain of an audit.
    const attachedRead = byName('iam:ListAttachedRolePolicies', () =>
      allPages(paginateListAttachedRolePolicies({ client: iam }, { RoleName }), (p) => p.AttachedPolicies),
    ).then((list) =>
      list
        ? Promise.all(list.map((p) => this.attachedPolicy(iam, p.PolicyArn ?? '', p.PolicyName ?? '', gaps)))
        : null,
    );
    const inlineRead = byName('iam:ListRolePolicies', () =>
      allPages(paginateListRolePolicies({ client: iam }, { RoleName }), (p) => p.PolicyNames),
    ).then((names) =>
      names ? Promise.all(names.map((name) => this.inlinePolicy(iam, RoleName, name, gaps))) : null,
    );
    const roleRead = byName(
      'iam:GetRole',
      async () => (await iam.send(new GetRoleCommand({ RoleName }))).Role ?? null,
    );
    const [role, attached, inline] = await Promise.all([roleRead, attachedRead, inlineRead]);
    if (gone) return { role: { missing: true, arn }, unverified: gaps };
    if (role === null) return { role: null, unverified: gaps };
    // Without the full list of policies, an absent grant proves nothing: the role is a gap.
    if (attached === null || inline === null) return { role: null, unverified: gaps };
    return {
      role: {
        Arn: role.Arn ?? arn,
        RoleName: role.RoleName ?? RoleName,
        ...(role.Path ? { Path: role.Path } : {}),
        CreateDate: iso(role.CreateDate) ?? new Date(0).toISOString(),
        AssumeRolePolicyDocument: role.AssumeRolePolicyDocument
          ? decodePolicyDocument(role.AssumeRolePolicyDocument)
          : { Version: '2012-10-17', Statement: [] },
        RoleLastUsed: {
          ...(role.RoleLastUsed?.LastUsedDate ? { LastUsedDate: iso(role.RoleLastUsed.LastUsedDate) } : {}),
          ...(role.RoleLastUsed?.Region ? { Region: role.RoleLastUsed.Region } : {}),
        },
        attachedPolicies: attached,
        inlinePolicies: inline,
        lastAccessed: LAST_ACCESSED_RUNNING,
        usedBy: null,
      },
      unverified: gaps,
    };
  }

  private async attachedPolicy(
    iam: IAMClient,
    PolicyArn: string,
    PolicyName: string,
    gaps: Unverified[],
  ): Promise<AttachedManagedPolicy> {
    const awsManaged = isAwsManaged(PolicyArn);
    const key = awsManaged ? PolicyArn.replace(/^arn:[^:]+/, 'arn:aws') : PolicyArn;
    const read = cachedUnlessGap(
      awsManaged ? this.awsManaged : this.policies,
      key,
      () => this.readManagedPolicy(iam, PolicyArn),
      ({ gap }) => gap !== null,
    );
    const { doc, gap } = await read;
    if (gap) gaps.push(gap);
    return { PolicyName, PolicyArn, document: doc };
  }

  private async readManagedPolicy(iam: IAMClient, PolicyArn: string) {
    const gaps: Unverified[] = [];
    const doc = await attempt(gaps, 'role', 'iam:GetPolicyVersion', async () => {
      const policy = await as('iam:GetPolicy', iam.send(new GetPolicyCommand({ PolicyArn })));
      const VersionId = policy.Policy?.DefaultVersionId;
      if (!VersionId) throw new Error(`policy ${PolicyArn} has no default version`);
      const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId }));
      const document = version.PolicyVersion?.Document;
      if (!document) throw new Error(`policy ${PolicyArn} ${VersionId} has no document`);
      return decodePolicyDocument(document);
    });
    return { doc, gap: gaps[0] ?? null };
  }

  private async inlinePolicy(
    iam: IAMClient,
    RoleName: string,
    PolicyName: string,
    gaps: Unverified[],
  ): Promise<InlinePolicy> {
    const doc = await attempt(gaps, 'role', 'iam:GetRolePolicy', async () => {
      const answer = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
      if (!answer.PolicyDocument) throw new Error(`inline policy ${PolicyName} has no document`);
      return decodePolicyDocument(answer.PolicyDocument);
    });
    return { PolicyName, document: doc };
  }
}
