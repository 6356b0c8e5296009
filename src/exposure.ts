/**
 * A function's exposure: the widest of its invocation paths, ranked as checks.md says
 * (`internet-open` > `internet-authenticated` > `cross-account` > `organization` > `unknown` >
 * `account` > `network` > `none`). Unknown is not private: it outranks every private answer.
 */
import { EXPOSURES, type Exposure, type InvocationPath, type Reach } from './model.js';

/** Open: anyone can use the path without authenticating (an API key identifies, it does not authenticate). */
export function isOpenPath(path: InvocationPath): boolean {
  return path.reach === 'public' && (path.auth === 'none' || path.auth === 'api-key');
}

const REACH_EXPOSURE: Record<Exclude<Reach, 'public'>, Exposure> = {
  accounts: 'cross-account',
  organization: 'organization',
  unknown: 'unknown',
  account: 'account',
  network: 'network',
  none: 'none',
};

/** What one path alone exposes the function to. */
export function pathExposure(path: InvocationPath): Exposure {
  if (path.reach === 'public') return isOpenPath(path) ? 'internet-open' : 'internet-authenticated';
  return REACH_EXPOSURE[path.reach];
}

/** Higher is wider: internet-open = 7 ... none = 0. */
export function exposureRank(exposure: Exposure): number {
  return EXPOSURES.length - 1 - EXPOSURES.indexOf(exposure);
}

/** The widest exposure among the paths; `none` when there is no path at all. */
export function exposureOf(paths: readonly InvocationPath[]): Exposure {
  let widest: Exposure = 'none';
  for (const path of paths) {
    const exposure = pathExposure(path);
    if (exposureRank(exposure) > exposureRank(widest)) widest = exposure;
  }
  return widest;
}

/** Internet-exposed, as checks.md defines it: `exposure` is `internet-open` or `internet-authenticated`. */
export function isInternetExposed(exposure: Exposure): boolean {
  return exposure === 'internet-open' || exposure === 'internet-authenticated';
}
