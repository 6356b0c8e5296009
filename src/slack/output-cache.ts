import { randomBytes } from 'node:crypto';
import type { CommandOutput } from '../engine-contract.js';
import { RESPONSE_URL_TTL_MS } from './deliver.js';

/**
 * Recent answers, so a "Show all" click can be served from memory: the button carries only the
 * key. Entries live as long as the click's response_url could be used; the cap bounds memory
 * when many large scans are asked for at once.
 */
export class OutputCache {
  private readonly entries = new Map<string, { output: CommandOutput; at: number }>();
  constructor(
    private readonly ttlMs: number = RESPONSE_URL_TTL_MS,
    private readonly max: number = 200,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores the output and returns its key: 16 unguessable URL-safe characters. */
  put(output: CommandOutput): string {
    const key = randomBytes(12).toString('base64url');
    this.entries.set(key, { output, at: this.now() });
    // Maps iterate in insertion order, so the first entries are the oldest.
    for (const [old, entry] of this.entries) {
      if (this.entries.size <= this.max && this.now() - entry.at < this.ttlMs) break;
      this.entries.delete(old);
    }
    return key;
  }

  get(key: string): CommandOutput | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.at >= this.ttlMs) return undefined;
    return entry.output;
  }
}
