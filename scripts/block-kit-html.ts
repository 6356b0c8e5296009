/**
 * A small HTML approximation of how Slack shows Block Kit: enough to see order, density, code
 * blocks, buttons and menus, so a person can look at every surface the bot produces
 * (scripts/render-surfaces.ts screenshots it). Not Slack's renderer: fonts, emoji and spacing
 * are close, not equal.
 */

type Json = Record<string, unknown>;

const EMOJI: Record<string, string> = {
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  white_check_mark: '✅',
  warning: '⚠️',
  rotating_light: '🚨',
  skull: '💀',
  globe_with_meridians: '🌐',
  busts_in_silhouette: '👥',
  office: '🏢',
  grey_question: '❔',
  lock: '🔒',
  zzz: '💤',
  ticket: '🎫',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  mag: '🔍',
  arrows_counterclockwise: '🔄',
  house: '🏠',
  shield: '🛡️',
  bar_chart: '📊',
  calendar: '📅',
  new: '🆕',
  tada: '🎉',
  sparkles: '✨',
  satellite_antenna: '📡',
  wrench: '🔧',
  bulb: '💡',
  link: '🔗',
  speech_balloon: '💬',
  page_facing_up: '📄',
};

/** Slack mrkdwn (already escaped: &lt; &gt; &amp;) to HTML. */
export function mrkdwn(text: string): string {
  const blocks: string[] = [];
  let out = text.replace(/```([\s\S]*?)```/g, (_m, code: string) => {
    blocks.push(`<pre>${code.replace(/^\n/, '')}</pre>`);
    return `@@PRE${blocks.length - 1}@@`;
  });
  out = out
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '<span class="date">$1</span>')
    .replace(/<@([A-Z0-9]+)>/g, '<span class="mention">@$1</span>')
    .replace(/<!(\w+)>/g, '<span class="mention">@$1</span>')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '<a href="$1">$2</a>')
    .replace(/<(https?:[^|>]+)>/g, '<a href="$1">$1</a>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/\n/g, '<br>');
  return out.replace(/@@PRE(\d+)@@/g, (_m, i: string) => blocks[Number(i)] ?? '');
}

function plain(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function textObject(obj: unknown): string {
  const t = obj as { type?: string; text?: string } | undefined;
  if (!t?.text) return '';
  return t.type === 'mrkdwn'
    ? mrkdwn(t.text)
    : plain(t.text).replace(/:([a-z0-9_+-]+):/g, (m, n: string) => EMOJI[n] ?? m);
}

function element(el: Json): string {
  switch (el.type) {
    case 'button':
      return `<span class="button ${el.style ?? ''}">${textObject(el.text)}</span>`;
    case 'overflow':
      return '<span class="button overflow">⋯</span>';
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
      return `<span class="button select">${textObject(el.placeholder) || 'Select'} ▾</span>`;
    case 'plain_text_input':
      return `<div class="input">${textObject(el.placeholder)}</div>`;
    case 'datepicker':
      return '<span class="button select">📅 Pick a date ▾</span>';
    case 'radio_buttons':
    case 'checkboxes':
      return ((el.options as Json[]) ?? []).map((o) => `<div>◯ ${textObject(o.text)}</div>`).join('');
    case 'image':
      return `<span class="img">${plain(String(el.alt_text ?? ''))}</span>`;
    case 'mrkdwn':
    case 'plain_text':
      return textObject(el);
    default:
      return `<span class="unknown">[${plain(String(el.type))}]</span>`;
  }
}

function block(b: Json): string {
  switch (b.type) {
    case 'header':
      return `<div class="header">${textObject(b.text)}</div>`;
    case 'divider':
      return '<hr>';
    case 'section': {
      const fields =
        (b.fields as Json[] | undefined)?.map((f) => `<div>${textObject(f)}</div>`).join('') ?? '';
      const accessory = b.accessory ? `<div class="accessory">${element(b.accessory as Json)}</div>` : '';
      return `<div class="section"><div class="body">${textObject(b.text)}${fields ? `<div class="fields">${fields}</div>` : ''}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${((b.elements as Json[]) ?? []).map(element).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${((b.elements as Json[]) ?? []).map(element).join(' ')}</div>`;
    case 'input':
      return `<div class="inputblock"><b>${textObject(b.label)}</b>${element(b.element as Json)}${b.hint ? `<div class="context">${textObject(b.hint)}</div>` : ''}</div>`;
    case 'rich_text':
      return '<div class="unknown">[rich text]</div>';
    default:
      return `<div class="unknown">[${plain(String(b.type))}]</div>`;
  }
}

const STYLE = `
body { font: 15px/1.46 -apple-system, "Segoe UI", "Noto Sans", Lato, sans-serif; color: #1d1c1d; margin: 0; background: #fff; }
.frame { width: 760px; padding: 16px 20px; }
.who { font-weight: 900; } .who small { color: #616061; font-weight: 400; margin-left: 6px; }
.ephemeral { color: #616061; font-size: 13px; margin-bottom: 4px; }
.header { font-size: 18px; font-weight: 900; margin: 8px 0 4px; }
.section { display: flex; gap: 12px; margin: 6px 0; } .body { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.context { color: #616061; font-size: 13px; margin: 4px 0; overflow-wrap: anywhere; }
.actions { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 8px; }
.button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-size: 14px; font-weight: 700; white-space: nowrap; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; } .button.danger { color: #e01e5a; }
.button.overflow { padding: 3px 8px; } .button.select { font-weight: 400; }
code { color: #c01343; background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 12.5px; }
pre { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px; font-size: 12.5px; white-space: pre-wrap; margin: 4px 0; }
hr { border: 0; border-top: 1px solid #ddd; margin: 10px 0; }
a { color: #1264a3; } .mention { color: #1264a3; background: #e8f5fa; } .date { border-bottom: 1px dotted #999; }
.unknown { color: #e01e5a; } .input { border: 1px solid #bbb; border-radius: 4px; padding: 6px; color: #888; margin: 4px 0; }
.inputblock { margin: 10px 0; }
.modal { width: 520px; border: 1px solid #ccc; border-radius: 8px; box-shadow: 0 4px 16px #0002; margin: 16px; }
.modal .title { font-weight: 900; font-size: 20px; padding: 14px 20px; border-bottom: 1px solid #ddd; }
.modal .content { padding: 8px 20px; } .modal .foot { border-top: 1px solid #ddd; padding: 12px 20px; text-align: right; }
.thread { border-left: 3px solid #ddd; padding-left: 12px; margin-top: 12px; }
.tab { font-weight: 700; border-bottom: 2px solid #1d1c1d; display: inline-block; margin-bottom: 8px; }
`;

export interface Surface {
  /** Blocks of a message, or a view (modal or home). */
  blocks: Json[];
  kind: 'message' | 'ephemeral' | 'modal' | 'home';
  title?: string;
  submit?: string;
  /** Replies shown under the message, as a thread. */
  thread?: Json[][];
}

function messageHtml(blocks: Json[]): string {
  return blocks.map(block).join('\n');
}

export function surfaceHtml(surface: Surface): string {
  let inner: string;
  if (surface.kind === 'modal') {
    inner = `<div class="modal"><div class="title">${plain(surface.title ?? '')}</div><div class="content">${messageHtml(surface.blocks)}</div><div class="foot"><span class="button">Cancel</span> <span class="button primary">${plain(surface.submit ?? 'Submit')}</span></div></div>`;
  } else {
    const head =
      surface.kind === 'home'
        ? '<div class="tab">Home</div>'
        : `${surface.kind === 'ephemeral' ? '<div class="ephemeral">👁 Only visible to you</div>' : ''}<div class="who">lambda-audit <small>APP 09:00</small></div>`;
    const thread = (surface.thread ?? [])
      .map((reply) => `<div class="who">lambda-audit <small>in thread</small></div>${messageHtml(reply)}`)
      .join('<hr>');
    inner = `<div class="frame">${head}${messageHtml(surface.blocks)}${thread ? `<div class="thread">${thread}</div>` : ''}</div>`;
  }
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${inner}</body></html>`;
}
