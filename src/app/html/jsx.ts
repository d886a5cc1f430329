/**
 * A small server-side JSX runtime that escapes by default: text and attribute values are
 * escaped unless they are already `Html` produced by this runtime. `raw()` is the one way
 * around it, for markup the platform generates itself (never user input).
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = Html | string | number | boolean | null | undefined | readonly Child[];
type AttributeValue = string | number | boolean | null | undefined;
export type Attributes = Record<string, AttributeValue | Child>;
export type Component<P> = (props: P) => Html;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Marks trusted, platform-generated markup as safe. Never pass user input. */
export function raw(markup: string): Html {
  return new Html(markup);
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

function isChildList(child: Child): child is readonly Child[] {
  return Array.isArray(child);
}

function renderChild(child: Child, out: string[]): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (child instanceof Html) out.push(child.value);
  else if (isChildList(child)) for (const c of child) renderChild(c, out);
  else out.push(escapeHtml(String(child)));
}

function renderAttributes(attributes: Attributes, out: string[]): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'children' || value === null || value === undefined || value === false) continue;
    const attributeName = name === 'className' ? 'class' : name === 'htmlFor' ? 'for' : name;
    if (value === true) out.push(' ', attributeName);
    else out.push(' ', attributeName, '="', escapeHtml(String(value)), '"');
  }
}

export function h(
  tag: string | Component<Attributes>,
  attributes: Attributes | null,
  ...children: Child[]
): Html {
  if (typeof tag === 'function') {
    return tag({ ...attributes, children: children.length === 1 ? children[0] : children });
  }
  const out: string[] = ['<', tag];
  if (attributes) renderAttributes(attributes, out);
  out.push('>');
  if (VOID_ELEMENTS.has(tag)) return new Html(out.join(''));
  for (const child of children) renderChild(child, out);
  out.push('</', tag, '>');
  return new Html(out.join(''));
}

export function Fragment(props: { children?: Child }): Html {
  const out: string[] = [];
  renderChild(props.children, out);
  return new Html(out.join(''));
}

/** Renders a full document. */
export function renderDocument(page: Html): string {
  return '<!DOCTYPE html>' + page.value;
}

declare global {
  // The JSX namespace must be global for the classic transform; it is this runtime's only global.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = Html;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    type IntrinsicElements = Record<string, Attributes>;
  }
}
