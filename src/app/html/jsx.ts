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

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

export function escapeHtml(text: string): string {
  // Most texts have nothing to escape: testing first spares them the replacement's copy.
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : text;
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

// Markup is built by string concatenation: V8 joins such strings lazily, so an element's markup
// is not copied again into each of its ancestors, as joining arrays at every element would.
function renderChild(child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return '';
  if (child instanceof Html) return child.value;
  if (isChildList(child)) {
    let markup = '';
    for (const c of child) markup += renderChild(c);
    return markup;
  }
  return escapeHtml(String(child));
}

function renderAttributes(attributes: Attributes): string {
  let markup = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'children' || value === null || value === undefined || value === false) continue;
    const attributeName = name === 'className' ? 'class' : name === 'htmlFor' ? 'for' : name;
    markup +=
      value === true ? ` ${attributeName}` : ` ${attributeName}="${escapeHtml(String(value))}"`;
  }
  return markup;
}

export function h(
  tag: string | Component<Attributes>,
  attributes: Attributes | null,
  ...children: Child[]
): Html {
  if (typeof tag === 'function') {
    return tag({ ...attributes, children: children.length === 1 ? children[0] : children });
  }
  let markup = `<${tag}${attributes ? renderAttributes(attributes) : ''}>`;
  if (VOID_ELEMENTS.has(tag)) return new Html(markup);
  for (const child of children) markup += renderChild(child);
  return new Html(`${markup}</${tag}>`);
}

export function Fragment(props: { children?: Child }): Html {
  return new Html(renderChild(props.children));
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
