/** How long a pod has run, as kubectl prints it (45s, 12m, 3h); undefined before it started. */
export function podAge(startedAt: string | undefined, now: Date = new Date()): string | undefined {
  if (!startedAt) return undefined;
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(startedAt)) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}
