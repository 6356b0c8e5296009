/**
 * Just enough YAML to read deploy/ templates in tests: block mappings and sequences (a sequence
 * indented under its key), plain, single- and double-quoted scalars, flow sequences of scalars,
 * numbers, booleans and comments. CloudFormation's short-form tags (!Ref) are not supported: the
 * templates use the long form (`Ref:`, `Fn::GetAtt:`). Anything else throws with the line number.
 */

export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  no: number;
}

/** The line without a trailing comment (a `#` after a space, outside quotes). */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

function scalar(raw: string, no: number): Yaml {
  const text = raw.trim();
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new Error(`line ${no}: unterminated flow sequence`);
    const inner = text.slice(1, -1).trim();
    return inner ? inner.split(',').map((item) => scalar(item, no)) : [];
  }
  if (
    text.startsWith('{') ||
    text.startsWith('!') ||
    text.startsWith('&') ||
    text.startsWith('*') ||
    text === '|' ||
    text === '>'
  )
    throw new Error(`line ${no}: unsupported YAML: ${text}`);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~' || text === '') return null;
  return text;
}

/** `key: value` -> [key, value] (value may be empty); null when the text is not a mapping entry. */
function entry(text: string): [string, string] | null {
  const match = /^("[^"]*"|'[^']*'|[^\s"'#][^#]*?):(?:\s+(.*))?$/.exec(text);
  if (!match) return null;
  const key = match[1] as string;
  return [key.startsWith('"') || key.startsWith("'") ? (scalar(key, 0) as string) : key, match[2] ?? ''];
}

export function parseYaml(source: string): Yaml {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    const text = stripComment(raw);
    if (text.trim() === '' || text.trim() === '---') return;
    if (raw.includes('\t')) throw new Error(`line ${i + 1}: tabs are not YAML indentation`);
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), no: i + 1 });
  });
  let at = 0;

  function block(indent: number): Yaml {
    const first = lines[at];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-' ? sequence(first.indent) : mapping(first.indent);
  }

  /** The value after `key:` or `- `: inline, or the deeper block below. */
  function value(inline: string, parentIndent: number): Yaml {
    if (inline !== '') return scalar(inline, lines[at - 1]?.no ?? 0);
    const next = lines[at];
    return next && next.indent > parentIndent ? block(next.indent) : null;
  }

  function mapping(indent: number, seed?: [string, string]): { [key: string]: Yaml } {
    const out: { [key: string]: Yaml } = {};
    if (seed) out[seed[0]] = value(seed[1], indent - 1);
    for (let line = lines[at]; line && line.indent === indent; line = lines[at]) {
      if (line.text.startsWith('- ')) break;
      const pair = entry(line.text);
      if (!pair) throw new Error(`line ${line.no}: expected key: value`);
      if (pair[0] in out) throw new Error(`line ${line.no}: duplicate key ${pair[0]}`);
      at += 1;
      out[pair[0]] = value(pair[1], indent);
    }
    const stray = lines[at];
    if (stray && stray.indent > indent) throw new Error(`line ${stray.no}: unexpected indentation`);
    return out;
  }

  function sequence(indent: number): Yaml[] {
    const out: Yaml[] = [];
    for (
      let line = lines[at];
      line && line.indent === indent && (line.text.startsWith('- ') || line.text === '-');
      line = lines[at]
    ) {
      at += 1;
      const rest = line.text === '-' ? '' : line.text.slice(2).trim();
      const pair = rest.startsWith('"') || rest.startsWith("'") || rest.startsWith('[') ? null : entry(rest);
      if (pair) out.push(mapping(indent + 2, pair));
      else out.push(value(rest, indent));
    }
    return out;
  }

  const root = block(0);
  if (at < lines.length) throw new Error(`line ${lines[at]?.no}: unexpected content`);
  return root;
}
