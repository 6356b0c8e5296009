import type { FunctionRef } from '../src/engine-contract.js';
import { parseFunctionArgs } from './args.js';
import type { Command } from './command.js';

const usage = 'audit <function-name | function-arn> [--region R]';

/** The full audit of one function: exposure, secrets, runtime, logs, resilience, mappings. */
export const audit: Command<FunctionRef> = {
  name: 'audit',
  summary: 'audit one function (the default verb)',
  example: 'orders-api',
  usage,
  parse: (args, engine) => parseFunctionArgs(args, engine, usage),
  async run(ref, engine, context) {
    if (context?.early && engine.auditEarly) {
      const { report, update } = await engine.auditEarly(ref);
      return { kind: 'audit', report, ...(update ? { update } : {}) };
    }
    return { kind: 'audit', report: await engine.audit(ref) };
  },
};
