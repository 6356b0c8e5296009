import type { FunctionRef } from '../src/engine-contract.js';
import { functionRef, parseDuration, parseFlags } from './args.js';
import type { Command } from './command.js';

const usage = 'logs <function> [--region R] [--since 1h]';

/** The function's log health and recent failures. */
export const logs: Command<{ ref: FunctionRef; sinceMs: number }> = {
  name: 'logs',
  summary: 'log group health and recent errors (default: the last 24 hours)',
  example: 'logs orders-api --since 6h',
  usage,
  parse(args, engine) {
    const { values, positionals } = parseFlags(
      args,
      { region: { type: 'string' }, since: { type: 'string' } },
      usage,
    );
    return {
      ref: functionRef(positionals, values.region, engine, usage),
      sinceMs: parseDuration(values.since ?? '24h'),
    };
  },
  async run({ ref, sinceMs }, engine) {
    return { kind: 'logs', report: await engine.audit(ref, { logsSinceMs: sinceMs }) };
  },
};
