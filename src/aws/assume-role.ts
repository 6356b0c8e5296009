import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../errors.js';
import { type AwsTarget, type Credentials, clientConfig } from './clients.js';
import { classifyAwsError } from './errors.js';

const REFRESH_BEFORE_MS = 5 * 60_000;

/** What assuming the audit roles calls: iam/bot-policy.json grants it (see bot-policy.ts). */
export const ASSUME_ROLE_ACTIONS: readonly string[] = ['sts:AssumeRole'];

/**
 * Credentials for another account through STS AssumeRole (AUDIT_ACCOUNT_ROLES), refreshed five
 * minutes before they expire. Concurrent callers share one AssumeRole call. A refusal surfaces
 * in whichever call needed the credentials; it names sts:AssumeRole and the role, not that call.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  options: { externalId?: string | null; now?: () => number } = {},
): () => Promise<Credentials> {
  const now = options.now ?? (() => Date.now());
  let current: Promise<Credentials> | null = null;
  let expires = 0;
  return () => {
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
}

/**
 * One STS client, acting with the home account's credentials, that assumes every audited
 * account's role (AUDIT_ACCOUNT_ROLES), with AUDIT_EXTERNAL_ID when the roles require one.
 */
export class RoleAssumer {
  private readonly sts: STSClient;

  constructor(
    home: Omit<AwsTarget, 'limiter'>,
    private readonly externalId: string | null = null,
  ) {
    this.sts = new STSClient(clientConfig(home));
  }

  /** Credentials that act as `roleArn`, assumed on first use and refreshed before they expire. */
  credentialsFor(roleArn: string): () => Promise<Credentials> {
    return assumeRoleCredentials(this.sts, roleArn, { externalId: this.externalId });
  }

  destroy(): void {
    this.sts.destroy();
  }
}
