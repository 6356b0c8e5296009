import { UsageError } from '../src/errors.js';
import { checkRegion, parseFlags } from './args.js';
import type { Command } from './command.js';

const usage = 'scan [--region R ...]';

/** Every function in the configured regions (or the ones named). */
export const scan: Command<{ regions: string[] }> = {
  name: 'scan',
  summary: 'audit every function in the configured regions',
  example: 'scan --region eu-west-1',
  usage,
  parse(args, engine) {
    const { values, positionals } = parseFlags(args, { region: { type: 'string', multiple: true } }, usage);
    if (positionals.length > 0) throw new UsageError(`scan takes no function name. Usage: ${usage}`);
    const regions = (values.region ?? []).flatMap((r) => r.split(',')).filter(Boolean);
    const chosen = regions.length > 0 ? regions.map((r) => checkRegion(r, engine)) : [...engine.regions];
    if (chosen.length === 0) throw new UsageError('no region: pass --region or set AUDIT_REGIONS');
    return { regions: chosen };
  },
  async run({ regions }, engine, context) {
    return { kind: 'scan', report: await engine.scan(regions, context?.onProgress) };
  },
};
