import type { FunctionRef } from '../src/engine-contract.js';
import { parseFunctionArgs } from './args.js';
import type { Command } from './command.js';

const usage = 'role <function> [--region R]';

/** The execution role: escalation paths, wildcards, unused access, and a least-privilege proposal. */
export const role: Command<FunctionRef> = {
  name: 'role',
  summary: "the execution role's analysis and a proposed least-privilege policy",
  example: 'role orders-api',
  usage,
  parse: (args, engine) => parseFunctionArgs(args, engine, usage),
  async run(ref, engine) {
    return { kind: 'role', report: await engine.audit(ref, { roleProposal: true }) };
  },
};
