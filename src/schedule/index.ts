export { type Clock, systemClock } from './clock.js';
export {
  buildDigest,
  type Digest,
  type DigestFinding,
  type DigestFunction,
  hasBlindSpots,
} from './digest.js';
export { DigestJob, type DigestJobOptions } from './job.js';
export { backoffMs, type DigestPayload } from './outbox.js';
export {
  createDigestPoster,
  type DigestPost,
  type DigestPoster,
  SlackRateLimitedError,
  webClientPoster,
} from './poster.js';
export { type DigestMessages, renderDigestBlocks, renderDigestText } from './render.js';
export { checkSchedule, slotKey } from './slot.js';
export { startDigest } from './start.js';
