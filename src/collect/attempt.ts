import { classifyAwsError } from '../aws/errors.js';
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
    gaps.push({ area, api, reason: classifyAwsError(error, api).reason });
    return null;
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
