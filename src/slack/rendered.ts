import type { CommandOutput } from '../../commands/command.js';
import { renderBlocks } from '../render/blocks.js';
import type { SlackMessage } from './limits.js';
import type { OutputCache } from './output-cache.js';

/**
 * Commands that joined one audit all receive the same report object. Rendering it (and caching
 * it for "Show all") once per verb, instead of once per command, keeps the moment a shared audit
 * finishes from turning into dozens of identical renders that hold up the acks queued behind.
 */
export class RenderMemo {
  private readonly memo = new WeakMap<object, Map<CommandOutput['kind'], SlackMessage>>();
  constructor(private readonly cache: OutputCache) {}

  render(output: CommandOutput): SlackMessage {
    const anchor = output.kind === 'help' ? output : output.report;
    let byKind = this.memo.get(anchor);
    if (!byKind) {
      byKind = new Map();
      this.memo.set(anchor, byKind);
    }
    const hit = byKind.get(output.kind);
    if (hit) return hit;
    const message = renderBlocks(output, { moreKey: this.cache.put(output) });
    byKind.set(output.kind, message);
    return message;
  }
}
