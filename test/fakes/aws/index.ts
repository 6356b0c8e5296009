/** The fake AWS: start it, describe its world, turn its knobs. */
export type { DenyRule, FailureRule, Knobs } from './knobs.js';
export { managedPolicyArns } from './managed-policies.js';
export {
  type FakeAws,
  type FakeAwsCall,
  type FakeAwsCounts,
  type FakeAwsOptions,
  startFakeAws,
} from './server.js';
export * from './world.js';
export * from './world-buckets.js';
export * from './world-load-balancers.js';
export * from './world-monitoring.js';
