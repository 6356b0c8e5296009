import type { ScanRequest } from '../src/engine-contract.js';
import { UsageError } from '../src/errors.js';
import { checkRegion, parseFlags } from './args.js';
import type { Command, RunContext } from './command.js';

const usage = 'scan [--region R ...] [--org] [--progress]';

/** The caller's scan request, with --org. */
const scanRequest = (org: boolean, context: RunContext | undefined): ScanRequest => {
  const request = context?.scan ?? {};
  return org ? { ...request, org } : request;
};

/** Every function in the configured regions (or the ones named), of every audited account. */
export const scan: Command<{ regions: string[]; org: boolean }> = {
  name: 'scan',
  summary:
    'audit every function in the configured regions; --org: in every account of the organization (AUDIT_ORG_ROLE_NAME)',
  example: 'scan --region eu-west-1',
  usage,
  parse(args, engine) {
    const { values, positionals } = parseFlags(
      args,
      { region: { type: 'string', multiple: true }, org: { type: 'boolean' } },
      usage,
    );
    if (positionals.length > 0) throw new UsageError(`scan takes no function name. Usage: ${usage}`);
    const regions = (values.region ?? []).flatMap((r) => r.split(',')).filter(Boolean);
    const chosen = regions.length > 0 ? regions.map((r) => checkRegion(r, engine)) : [...engine.regions];
    if (chosen.length === 0) throw new UsageError('no region: pass --region or set AUDIT_REGIONS');
    return { regions: chosen, org: values.org === true };
  },
  async run({ regions, org }, engine, context) {
    return {
      kind: 'scan',
      report: await engine.scan(regions, context?.onProgress, scanRequest(org, context)),
    };
  },
  async runPaged(args, engine, context) {
    if (!engine.scanResult) return this.run(args, engine, context);
    const request = scanRequest(args.org, context);
    return {
      kind: 'scan-result',
      result: await engine.scanResult(args.regions, context?.onProgress, request),
    };
  },
};
