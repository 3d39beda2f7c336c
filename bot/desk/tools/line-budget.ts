/** One log line as an agent gets it: a stack trace or a dumped body is cut here. */
export const MAX_LINE_CHARS = 4_000;
/** All the lines of one answer: well under the desk's 1 MB answer limit, with room for the rest of the answer. */
export const MAX_LINES_CHARS = 400_000;

export interface LineBudgetCut {
  /** Lines the answer would have held, and the newest ones it holds. */
  lines: number;
  shown: number;
  /** Lines shortened to MAX_LINE_CHARS. */
  shortened: number;
}

/**
 * The newest items whose text fits the budget, oldest first as given, each text cut to
 * MAX_LINE_CHARS; `truncated` says what was left out, so an agent knows to narrow the query.
 */
export function newestWithin<T>(items: readonly T[], text: (item: T) => string, withText: (item: T, text: string) => T): { items: T[]; truncated?: LineBudgetCut } {
  const kept: T[] = [];
  let used = 0;
  let shortened = 0;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i] as T;
    const full = text(item);
    const cut = full.length > MAX_LINE_CHARS ? `${full.slice(0, MAX_LINE_CHARS)}…` : full;
    if (used + cut.length > MAX_LINES_CHARS) break;
    used += cut.length;
    if (cut !== full) shortened += 1;
    kept.push(cut === full ? item : withText(item, cut));
  }
  kept.reverse();
  const truncated = kept.length < items.length || shortened > 0;
  return { items: kept, ...(truncated ? { truncated: { lines: items.length, shown: kept.length, shortened } } : {}) };
}

/** newestWithin for plain lines. */
export function newestLines(lines: readonly string[]): { lines: string[]; truncated?: LineBudgetCut } {
  const { items, truncated } = newestWithin(lines, (l) => l, (_l, t) => t);
  return { lines: items, ...(truncated ? { truncated } : {}) };
}
