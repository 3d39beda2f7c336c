/** HTML built from tagged templates: interpolations are escaped unless they are Html already. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

type Part = Html | string | number | undefined | null | readonly Part[];

function renderPart(part: Part): string {
  if (part === undefined || part === null) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(renderPart).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    out += renderPart(part) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup (the page's own CSS), inserted as is. */
export function raw(text: string): Html {
  return new Html(text);
}

export function money(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
