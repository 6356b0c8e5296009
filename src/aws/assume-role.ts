import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../errors.js';
import type { Credentials } from './clients.js';
import { classifyAwsError } from './errors.js';

const REFRESH_BEFORE_MS = 5 * 60_000;

/** What assuming the audit roles calls: iam/bot-policy.json grants it (see bot-policy.ts). */
export const ASSUME_ROLE_ACTIONS: readonly string[] = ['sts:AssumeRole'];

/** A credentials provider the SDK calls before every request (it does not cache it itself). */
export type CredentialsProvider = (() => Promise<Credentials>) & { memoized: true };

/**
 * Credentials for another account through STS AssumeRole (AUDIT_ACCOUNT_ROLES, AUDIT_ORG_ROLE_NAME),
 * refreshed five minutes before they expire by `now`, so a long scan never signs with expired
 * ones. Concurrent callers share one AssumeRole call. The provider is marked `memoized`: the SDK
 * then asks it before each request instead of caching by its own clock, and the refresh is ours.
 * A refusal surfaces in whichever call needed the credentials; it names sts:AssumeRole and the
 * role, not that call.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  options: { externalId?: string | null; now?: () => number } = {},
): CredentialsProvider {
  const now = options.now ?? (() => Date.now());
  let current: Promise<Credentials> | null = null;
  let expires = 0;
  const provider = () => {
    // expires is 0 until the first answer: callers meanwhile share the call in flight.
    if (!current || (expires > 0 && now() > expires - REFRESH_BEFORE_MS)) {
      expires = 0;
      const call: Promise<Credentials> = sts
        .send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: 'lambda-audit',
            DurationSeconds: 3600,
            ...(options.externalId ? { ExternalId: options.externalId } : {}),
          }),
        )
        .then(
          (answer) => {
            const c = answer.Credentials;
            if (!c?.AccessKeyId || !c.SecretAccessKey)
              throw new AwsError(
                'aws_error',
                'sts:AssumeRole',
                `sts:AssumeRole ${roleArn} returned no credentials`,
              );
            expires = c.Expiration?.getTime() ?? now() + 3_600_000;
            return {
              accessKeyId: c.AccessKeyId,
              secretAccessKey: c.SecretAccessKey,
              ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
              ...(c.Expiration ? { expiration: c.Expiration } : {}),
            };
          },
          (error: unknown) => {
            const failure = classifyAwsError(error, 'sts:AssumeRole');
            const message =
              failure.code === 'config' ? failure.reason : `could not assume ${roleArn}: ${failure.reason}`;
            throw new AwsError(failure.code, failure.api, message, { cause: error });
          },
        );
      current = call;
      call.catch(() => {
        if (current === call) current = null;
      });
    }
    return current;
  };
  return Object.assign(provider, { memoized: true as const });
}

/**
 * Assumes every audited account's role (AUDIT_ACCOUNT_ROLES, AUDIT_ORG_ROLE_NAME) through the
 * home account's STS client, with AUDIT_EXTERNAL_ID when the roles require one. That client is
 * paced by the home account's limiter: STS's quota is the caller's, and an organization's hundred
 * accounts assumed at once would otherwise be throttled.
 */
export class RoleAssumer {
  constructor(
    private readonly sts: STSClient,
    private readonly externalId: string | null = null,
    /** The clock sessions expire by (epoch ms). */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Credentials that act as `roleArn`, assumed on first use and refreshed before they expire. */
  credentialsFor(roleArn: string): CredentialsProvider {
    return assumeRoleCredentials(this.sts, roleArn, { externalId: this.externalId, now: this.now });
  }
}
