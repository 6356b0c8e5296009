/**
 * The parts of Jira's ADF validation that our documents could trip: a `doc` of version 1, known
 * node types, no empty text nodes, no marks inside code blocks, `code` combined only with `link`.
 * Jira answers 400 for these; the fake does the same so a malformed description fails a test.
 */

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'rule',
  'blockquote',
]);

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(node: Obj, inCode: boolean, path: string): string | null {
  if (typeof node.text !== 'string' || node.text.length === 0) return `${path}: text node with empty text`;
  if (node.marks === undefined) return null;
  if (!Array.isArray(node.marks)) return `${path}: marks must be an array`;
  if (inCode && node.marks.length > 0) return `${path}: marks are not allowed in a codeBlock`;
  const types = node.marks.map((m) => (isObj(m) ? m.type : undefined));
  if (types.includes('code') && types.some((t) => t !== 'code' && t !== 'link')) {
    return `${path}: the code mark combines only with link`;
  }
  return null;
}

function checkNode(node: unknown, inCode: boolean, path: string): string | null {
  if (!isObj(node) || typeof node.type !== 'string') return `${path}: not a node`;
  if (node.type === 'text') return checkText(node, inCode, path);
  if (node.type === 'hardBreak') return null;
  if (!BLOCKS.has(node.type)) return `${path}: unknown node type ${node.type}`;
  if (node.type === 'heading') {
    const level = isObj(node.attrs) ? node.attrs.level : undefined;
    if (typeof level !== 'number' || level < 1 || level > 6) return `${path}: heading needs attrs.level 1-6`;
  }
  if (node.content === undefined) return null;
  if (!Array.isArray(node.content)) return `${path}: content must be an array`;
  for (const [i, child] of node.content.entries()) {
    const problem = checkNode(child, node.type === 'codeBlock', `${path}.content[${i}]`);
    if (problem) return problem;
  }
  return null;
}

/** Null when the document is acceptable, else what Jira would complain about. */
export function adfProblem(doc: unknown): string | null {
  if (!isObj(doc) || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) {
    return 'expected an Atlassian Document Format document ({ type: "doc", version: 1, content: [] })';
  }
  for (const [i, child] of doc.content.entries()) {
    const problem = checkNode(child, false, `content[${i}]`);
    if (problem) return problem;
  }
  return null;
}

/** The plain text of a document, for assertions ("the body holds the policy"). */
export function adfText(doc: unknown): string {
  if (!isObj(doc)) return '';
  if (typeof doc.text === 'string') return doc.text;
  const content = Array.isArray(doc.content) ? doc.content : [];
  const sep = doc.type === 'doc' || doc.type === 'bulletList' ? '\n' : '';
  return content.map(adfText).join(sep);
}
