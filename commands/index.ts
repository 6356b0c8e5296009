import type { CommandOutput, Engine, PagedOutput } from '../src/engine-contract.js';
import { audit } from './audit.js';
import type { Command, RunContext } from './command.js';
import { help, helpRegistry } from './help.js';
import { logs } from './logs.js';
import { role } from './role.js';
import { scan } from './scan.js';
import { snoozed } from './snoozed.js';
import { triggers } from './triggers.js';

/** Every verb, in help order. Adding a verb adds one line here. */
export const verbs: readonly Command<unknown>[] = [
  audit,
  triggers,
  role,
  logs,
  scan,
  snoozed,
  help,
] as Command<unknown>[];
helpRegistry.verbs = verbs;

/** Finds the verb for the words; anything that is not a verb is a function name for `audit`. */
export function resolveVerb(words: readonly string[]): { verb: Command<unknown>; args: readonly string[] } {
  const [first, ...rest] = words;
  if (first === undefined || first === '')
    return { verb: help, args: [] } as { verb: Command<unknown>; args: string[] };
  const verb = verbs.find((v) => v.name === first);
  return verb ? { verb, args: rest } : { verb: audit as Command<unknown>, args: words };
}

/**
 * Runs the verb the words name. The CLI and the Slack command both come through here; they
 * differ only in how they render the output. Throws UsageError for bad input, AwsError when
 * AWS stops the audit.
 */
export async function runCommand(
  words: readonly string[],
  engine: Engine,
  context: RunContext = {},
): Promise<CommandOutput> {
  const { verb, args } = resolveVerb(words);
  return verb.run(verb.parse(args, engine), engine, context);
}

/** runCommand for the CLI: a scan's functions are read page by page as they are printed. */
export async function runCommandPaged(
  words: readonly string[],
  engine: Engine,
  context: RunContext = {},
): Promise<PagedOutput> {
  const { verb, args } = resolveVerb(words);
  const parsed = verb.parse(args, engine);
  return verb.runPaged ? verb.runPaged(parsed, engine, context) : verb.run(parsed, engine, context);
}
