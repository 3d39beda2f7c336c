// @ts-check
/** Message times in the reader's local zone: the hour for today, the date too for older days. */

/** @param {string} ts Slack's `seconds.micros` */
export function tsDate(ts) {
  return new Date(Math.round(Number(ts) * 1000));
}

/** @param {Date} a @param {Date} b */
function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** @param {Date} d */
export function dayKey(d) {
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

const clock = { hour: 'numeric', minute: '2-digit' };

/** The hour alone, for a continuation's gutter. @param {string} ts */
export function clockTime(ts) {
  return tsDate(ts).toLocaleTimeString(undefined, /** @type {Intl.DateTimeFormatOptions} */ (clock));
}

/**
 * `14:05` today; `Mar 3, 14:05` on an older day; the year too when it is not this year.
 * @param {string} ts @param {Date} [now]
 */
export function shortTime(ts, now = new Date()) {
  const d = tsDate(ts);
  if (sameDay(d, now)) return d.toLocaleTimeString(undefined, /** @type {Intl.DateTimeFormatOptions} */ (clock));
  const date = { month: 'short', day: 'numeric', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) };
  return d.toLocaleString(undefined, /** @type {Intl.DateTimeFormatOptions} */ ({ ...date, ...clock }));
}

/** @param {string} ts */
export function fullTime(ts) {
  return tsDate(ts).toLocaleString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * A day divider's label: Today, Yesterday, or `Monday, March 3` (with the year when not this one).
 * @param {Date} d @param {Date} [now]
 */
export function dayLabel(d, now = new Date()) {
  if (sameDay(d, now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
}

/** ISO 8601 for `<time datetime>`. @param {string} ts */
export function isoTime(ts) {
  return tsDate(ts).toISOString();
}
