import type { AwsTarget } from '../../src/aws/clients.js';
import { SAMPLE_WORLD } from '../../src/demo.js';
import { type FakeAws, type FakeAwsOptions, loadWorld, startFakeAws, type World } from './aws/index.js';

export const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };

/** The demo's sample account, loaded fresh (tests may change it). */
export function sampleWorld(): World {
  return loadWorld(SAMPLE_WORLD);
}

/** Starts the fake AWS on the sample account; returns it and the SDK target to reach it. */
export async function startSampleAws(
  options: Omit<FakeAwsOptions, 'world'> = {},
): Promise<{ fake: FakeAws; aws: Omit<AwsTarget, 'region'> }> {
  const fake = await startFakeAws({ world: sampleWorld(), ...options });
  return { fake, aws: { endpoint: fake.url, credentials: CREDENTIALS } };
}

/** Every environment value in a world: none of them may ever appear in any output. */
export function environmentValues(world: World): string[] {
  return Object.values(world.accounts).flatMap((account) =>
    Object.values(account.regions).flatMap((region) =>
      (region.functions ?? []).flatMap((fn) => {
        const env = fn.Configuration.Environment as { Variables?: Record<string, string> } | undefined;
        return Object.values(env?.Variables ?? {});
      }),
    ),
  );
}
