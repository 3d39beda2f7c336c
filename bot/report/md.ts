/** Markdown building blocks that survive whatever text coworkers, agents and logs put in them. */

/** One table cell: pipes escaped, line breaks kept visible as `<br>`. */
export const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** Inline text on one line of a list. */
export const inline = (text: string): string => text.replace(/\r?\n+/g, ' ⏎ ');

export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** A fenced block whose fence is longer than any run of backticks inside, so a response cannot close it early. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Inline code that holds backticks too. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  return longest > 0 ? `${tick} ${text} ${tick}` : `${tick}${text}${tick}`;
}

export const section = (title: string, ...body: string[]): string => [`## ${title}`, ...body.filter((b) => b !== '')].join('\n\n');
