import type { FunctionRef } from '../src/engine-contract.js';
import { parseFunctionArgs } from './args.js';
import type { Command } from './command.js';

const usage = 'triggers <function> [--region R]';

/** Who can invoke the function: resource policy, function URLs, event source mappings. */
export const triggers: Command<FunctionRef> = {
  name: 'triggers',
  summary: 'who can invoke a function, and the exposure findings',
  example: 'triggers orders-api',
  usage,
  parse: (args, engine) => parseFunctionArgs(args, engine, usage),
  async run(ref, engine) {
    return { kind: 'triggers', report: await engine.audit(ref) };
  },
};
