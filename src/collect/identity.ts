import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients.js';

/**
 * The account the clients act as. GetCallerIdentity needs no permission (no policy can deny it),
 * so it is not in the bot's policy.
 */
export async function callerAccount(clients: AwsClients): Promise<string | null> {
  const answer = await clients.sts.send(new GetCallerIdentityCommand({}));
  return answer.Account ?? null;
}
