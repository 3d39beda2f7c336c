import { z } from 'zod';
import { relativeTime, resolveOffset } from './world-time.js';

// A live message: +90s, +5m, +2h after the injection. No days: a live message is part of the game.
const LIVE = /^\+(\d{1,5})(s|m|h)$/;
const LIVE_UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
// A past message needs a negative offset: "-0d 09:00" or "-0m" could land after the injection.
const PAST = /^-(\d{1,4})[mhd](?: \d\d:\d\d)?$/;

export const SLACK_TIME_HINT = 'expected a time before the injection such as "-2d 09:14" (2 days before, at 09:14 UTC) or "-20m", '
  + 'or a live one such as "+90s" (that long after the injection, posted then)';

/** Milliseconds after the injection for a live time (`+90s`), undefined for a past one. */
export function liveOffsetMs(at: string): number | undefined {
  const m = LIVE.exec(at);
  return m ? Number(m[1]) * LIVE_UNIT_MS[m[2] as keyof typeof LIVE_UNIT_MS] : undefined;
}

export const isLive = (at: string): boolean => liveOffsetMs(at) !== undefined;

function isPast(at: string): boolean {
  const m = PAST.exec(at);
  return m !== null && Number(m[1]) > 0 && relativeTime.safeParse(at).success;
}

/** When a message in world/slack.yaml was written: before the injection, or live after it. */
export const slackTime = z.string().refine((s) => isLive(s) || isPast(s), SLACK_TIME_HINT);

/** A message's time as an absolute time, given when the scenario was injected. */
export function resolveSlackTime(at: string, injectedAt: Date): Date {
  const live = liveOffsetMs(at);
  if (live !== undefined) return new Date(injectedAt.getTime() + live);
  if (!isPast(at)) throw new Error(`${JSON.stringify(at)}: ${SLACK_TIME_HINT}`);
  return resolveOffset(at, injectedAt);
}
