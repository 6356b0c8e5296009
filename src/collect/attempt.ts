import { classifyAwsError, failedCall, toAwsError } from '../aws/errors.js';
import { AwsError } from '../errors.js';
import type { Unverified } from '../model.js';

/**
 * Runs one AWS read. A failure becomes an `unverified` entry and `null`, never an exception and
 * never an empty answer: the checks that need this data then stay silent instead of passing.
 */
export async function attempt<T>(
  gaps: Unverified[],
  area: string,
  api: string,
  read: () => Promise<T>,
): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    // A read of several calls names the one that failed (the clients record it; `as` for the
    // rest), so the gap asks for the permission that is really missing.
    if (error instanceof AwsError) gaps.push({ area, api: error.api, reason: error.message });
    else {
      const failed = failedCall(error) ?? api;
      gaps.push({ area, api: failed, reason: classifyAwsError(error, failed).reason });
    }
    return null;
  }
}

/** Runs one call of a multi-call read, naming its API if it fails. */
export async function as<T>(api: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toAwsError(error, api);
  }
}

/** Collects every page of an SDK paginator. */
export async function allPages<Page, Item>(
  pages: AsyncIterable<Page>,
  items: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}
