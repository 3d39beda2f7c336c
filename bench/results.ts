import { z } from 'zod';

/** The six parts of the issue, in the table's order. */
export const SECTIONS = ['footprint', 'incident', 'overhead', 'desk', 'journal', 'recovery'] as const;
export type Section = (typeof SECTIONS)[number];

const goalSchema = z.object({
  /** The figure must be below (`<`) or at most (`<=`) the value; `>=` for floors such as throughput kept. */
  op: z.enum(['<', '<=', '>=']),
  value: z.number(),
  /** As the table prints it: "< 1 GiB", "≤ 2× direct". */
  text: z.string().min(1),
});

export const figureSchema = z.object({
  section: z.enum(SECTIONS),
  name: z.string().min(1),
  /** null when the figure was not measured in this run; `note` says why. */
  value: z.number().finite().nullable(),
  unit: z.string().min(1),
  goal: goalSchema.optional(),
  /** Set whenever there is a goal and a value. */
  met: z.boolean().optional(),
  /** The command that reproduces this figure on its own. */
  command: z.string().min(1),
  note: z.string().optional(),
});
export type Figure = z.infer<typeof figureSchema>;
export type Goal = z.infer<typeof goalSchema>;

export const resultsSchema = z.object({
  version: z.literal(1),
  quick: z.boolean(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  machine: z.object({ cpus: z.number().int().positive(), cpuModel: z.string(), memoryGiB: z.number().positive(), node: z.string(), platform: z.string() }),
  figures: z.array(figureSchema).min(1),
});
export type Results = z.infer<typeof resultsSchema>;

/** A figure with `met` filled in from its goal. */
export function figure(f: Omit<Figure, 'met'>): Figure {
  if (!f.goal || f.value === null) return f;
  const { op, value } = f.goal;
  const met = op === '<' ? f.value < value : op === '<=' ? f.value <= value : f.value >= value;
  return { ...f, met };
}

/** What every section runner gets from bench/main.ts. */
export interface BenchContext {
  /** The clone's root (dist/, chaos/scenarios, node_modules/.bin). */
  root: string;
  /** `make bench QUICK=1`: shorter loads, no incident. */
  quick: boolean;
  /** A fresh temporary folder for this section's state; removed by main.ts afterwards. */
  workDir: string;
  /** One progress line on stderr ("overhead: storefront / bare express, 10 s ..."). */
  progress: (line: string) => void;
}
