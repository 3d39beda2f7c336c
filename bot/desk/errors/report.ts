import { z } from 'zod';

const MAX_MESSAGE = 4000;
const MAX_STACK = 16_000;

const clipped = (max: number) => z.string().transform((s) => (s.length > max ? `${s.slice(0, max)}…` : s));
const optionalText = (max: number) => clipped(max).nullish().transform((s) => s ?? undefined);

/**
 * One exception as the service kit reports it (services/kit/error-report.ts, `ErrorReport`):
 * the contract between every deployable and the desk. Unknown keys are ignored so an older
 * desk takes a newer reporter's events; long texts are clipped rather than refused.
 */
export const errorReportSchema = z.object({
  type: z.string().trim().min(1).max(200),
  code: optionalText(200),
  message: clipped(MAX_MESSAGE),
  stack: optionalText(MAX_STACK),
  service: z.string().trim().min(1).max(100),
  release: z.string().max(200),
  traceId: optionalText(64),
  level: z.enum(['error', 'fatal']),
  timestamp: z.iso.datetime({ offset: true }),
  context: z.record(z.string(), z.unknown()).default({}),
});

export type StoredReport = z.output<typeof errorReportSchema>;
