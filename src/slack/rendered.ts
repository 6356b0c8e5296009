import type { CommandOutput } from '../engine-contract.js';
import { renderBlocks } from '../render/blocks.js';
import type { FindingActions, FindingMarks } from '../render/finding-actions.js';
import type { SlackMessage } from '../render/limits.js';
import type { OutputCache } from './output-cache.js';

/**
 * Commands that joined one audit all receive the same report object. Rendering it (and caching
 * it for "Show all") once per verb, instead of once per command, keeps the moment a shared audit
 * finishes from turning into dozens of identical renders that hold up the acks queued behind.
 */
export class RenderMemo {
  private readonly memo = new WeakMap<object, Map<CommandOutput['kind'], SlackMessage>>();
  /** `actions`: the buttons audit answers get (absent: none); see render/finding-actions.ts. */
  constructor(
    private readonly cache: OutputCache,
    private readonly actions?: Omit<FindingActions, 'key'>,
  ) {}

  /** `marks`: decisions about the report's findings; an answer with any is rendered afresh. */
  render(output: CommandOutput, marks?: FindingMarks): SlackMessage {
    const anchor = 'report' in output ? output.report : output;
    let byKind = this.memo.get(anchor);
    if (!byKind) {
      byKind = new Map();
      this.memo.set(anchor, byKind);
    }
    const marked = marks !== undefined && marks.size > 0;
    const hit = marked ? undefined : byKind.get(output.kind);
    if (hit) return hit;
    const key = this.cache.put(output);
    const message = renderBlocks(output, {
      moreKey: key,
      ...(this.actions ? { actions: { ...this.actions, key } } : {}),
      ...(marked ? { marks } : {}),
    });
    if (!marked) byKind.set(output.kind, message);
    return message;
  }
}
