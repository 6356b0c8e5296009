import { isMessageSource, SOURCE_WRITER_READS } from '../../invocation/messages.js';
import type { Check } from '../check.js';

/**
 * Trips on a topic, queue, bucket, bus, stream or table that invokes the function and whose
 * resource policy lets everyone write, e.g. an SNS topic policy with `"Principal": "*"` and
 * `"Action": "sns:Publish"` and no restrictive condition (not even `aws:SourceOwner`).
 */
export const sourcePublicWrite: Check = {
  id: 'source-public-write',
  severity: 'high',
  title: 'Anyone can write to a source that invokes the function',
  risk: 'Whoever can publish, send or put to the source chooses the function’s input: the function is as open as its widest source.',
  remediation:
    'Remove the public grant from the source’s policy, or hold it to your account, organisation or a source ARN with a restrictive condition.',
  categories: ['exposure', 'internet-exposed'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', ...SOURCE_WRITER_READS],
  run(_snapshot, context) {
    return context.paths
      .filter((p) => isMessageSource(p.kind) && p.reach === 'public')
      .map((p) => ({
        resource: p.source,
        key: p.qualifier ?? '',
        detail: `Anyone may write to ${p.kind} ${p.source}, which invokes the function (${p.why}).`,
        evidence: { path: { ...p } },
      }));
  },
};
