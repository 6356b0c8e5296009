import type { AuditReport, ScanReport } from '../src/model.js';

/** A function as a user names it: a name, a partial or full ARN, in a region. */
export interface FunctionRef {
  /** Name or ARN exactly as given (validated). */
  function: string;
  region: string;
}

/** What the verbs need from the engine; the CLI and Slack wire the same real engine. */
export interface Engine {
  /** Regions the operator configured (AUDIT_REGIONS); the first is the default. */
  readonly regions: readonly string[];
  audit(ref: FunctionRef, options?: { logsSinceMs?: number }): Promise<AuditReport>;
  scan(regions: readonly string[], onProgress?: (done: number, total: number) => void): Promise<ScanReport>;
}

/** A verb's result, rendered by the caller: text/JSON/SARIF on the CLI, Block Kit in Slack. */
export type CommandOutput =
  | { kind: 'audit'; report: AuditReport }
  | { kind: 'triggers'; report: AuditReport }
  | { kind: 'logs'; report: AuditReport }
  | { kind: 'scan'; report: ScanReport }
  | { kind: 'help'; text: string };

export interface Command<Args> {
  name: string;
  /** One line for the help list. */
  summary: string;
  /** `audit <function> [--region R]`, without the program name. */
  usage: string;
  /** Throws UsageError with a message that says what was expected. */
  parse(args: readonly string[], engine: Engine): Args;
  run(args: Args, engine: Engine, onProgress?: (done: number, total: number) => void): Promise<CommandOutput>;
}
