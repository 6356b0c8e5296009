/**
 * Reading a Lambda resource policy (GetPolicy) the way checks.md defines it, in four parts:
 * statements (normalise, classify principals), conditions (restrictive or decorative), grants
 * (apply unconditional Denies; what a grant allows) and evidence (how findings show them). Pure
 * functions over `model.ts` data; no AWS SDK here. Import from here.
 */
export * from './resource-policy/conditions.js';
export * from './resource-policy/evidence.js';
export * from './resource-policy/grants.js';
export * from './resource-policy/statements.js';
