import { UsageError } from '../src/errors.js';
import type { Command } from './command.js';

/** Filled in by index.ts to avoid an import cycle: the verbs the help lists. */
export const helpRegistry: { verbs: readonly Command<unknown>[] } = { verbs: [] };

export function helpText(program: string): string {
  const lines = helpRegistry.verbs.map((v) => `  ${program} ${v.usage}\n      ${v.summary}`);
  return [
    `${program}: how exposed is each of your AWS Lambda functions?`,
    '',
    ...lines,
    '',
    'A function is a name or an ARN. Findings carry an id, a severity, evidence and a fix;',
    'anything lambda-audit could not read is listed as unverified, never as a pass.',
  ].join('\n');
}

export const help: Command<{ verb: string | null }> = {
  name: 'help',
  summary: 'this help',
  example: 'help role',
  usage: 'help [verb]',
  parse(args) {
    const [verb, ...extra] = args;
    if (extra.length > 0) throw new UsageError('usage: help [verb]');
    return { verb: verb ?? null };
  },
  async run({ verb }) {
    if (!verb) {
      const listed = helpRegistry.verbs.map(({ name, summary, usage, example }) => ({
        name,
        summary,
        usage,
        example,
      }));
      return { kind: 'help', text: helpText('/lambda-audit'), verbs: listed };
    }
    const found = helpRegistry.verbs.find((v) => v.name === verb);
    if (!found) throw new UsageError(`no verb '${verb}'; try help`);
    return { kind: 'help', text: `/lambda-audit ${found.usage}\n${found.summary}` };
  },
};
