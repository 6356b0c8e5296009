import type { CommandOutput, Engine, PagedOutput, ScanRequest } from '../src/engine-contract.js';

export interface Command<Args> {
  name: string;
  /** One line for the help list. */
  summary: string;
  /** One typical use, without the program name: `role orders-api`. */
  example: string;
  /** `audit <function> [--region R]`, without the program name. */
  usage: string;
  /** Throws UsageError with a message that says what was expected. */
  parse(args: readonly string[], engine: Engine): Args;
  run(args: Args, engine: Engine, context?: RunContext): Promise<CommandOutput>;
  /** run() for a caller that reads a scan page by page (the CLI); verbs without it answer as run() does. */
  runPaged?(args: Args, engine: Engine, context?: RunContext): Promise<PagedOutput>;
}

/** How the caller wants the answer: progress of a scan; an audit's answer early (Slack: then updated). */
export interface RunContext {
  onProgress?: (done: number, total: number) => void;
  /** Answer an audit before IAM's last-accessed job ends; the output's `update` completes it. */
  early?: boolean;
  /** `scan`: where its units are kept, and its progress by account and region. */
  scan?: ScanRequest;
}
