import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from './clients.js';

const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * Credentials for another account through STS AssumeRole (AUDIT_ACCOUNT_ROLES), refreshed five
 * minutes before they expire. Concurrent callers share one AssumeRole call.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  now = () => Date.now(),
): () => Promise<Credentials> {
  let current: Promise<Credentials> | null = null;
  let expires = 0;
  return () => {
    // expires is 0 until the first answer: callers meanwhile share the call in flight.
    if (!current || (expires > 0 && now() > expires - REFRESH_BEFORE_MS)) {
      expires = 0;
      const call: Promise<Credentials> = sts
        .send(
          new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'lambda-audit', DurationSeconds: 3600 }),
        )
        .then((answer) => {
          const c = answer.Credentials;
          if (!c?.AccessKeyId || !c.SecretAccessKey)
            throw new Error(`sts:AssumeRole ${roleArn} returned no credentials`);
          expires = c.Expiration?.getTime() ?? now() + 3_600_000;
          return {
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
            ...(c.Expiration ? { expiration: c.Expiration } : {}),
          };
        });
      current = call;
      call.catch(() => {
        if (current === call) current = null;
      });
    }
    return current;
  };
}

/** The account id in an IAM role ARN. */
export function accountOfRole(roleArn: string): string {
  return roleArn.split(':')[4] ?? '';
}
