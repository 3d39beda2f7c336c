import { z } from 'zod';
import { SlackError, invalidArguments } from '../errors.js';

/** Slack refuses a view payload over 250 kB. */
const MAX_VIEW_BYTES = 250_000;

const plainText = (max: number) => z.object({
  type: z.literal('plain_text', 'must be a plain_text object'),
  text: z.string().min(1, 'must be at least 1 character').max(max, `must be less than ${max + 1} characters`),
  emoji: z.boolean().optional(),
}).loose();

/** A modal as views.open, views.push and views.update take it, with Slack's limits. */
export const viewSchema = z.object({
  type: z.literal('modal', 'must be modal (home tabs go through views.publish)'),
  title: plainText(24),
  blocks: z.array(z.looseObject({ type: z.string() }), 'must be an array of blocks').max(100, 'no more than 100 items allowed'),
  submit: plainText(24).optional(),
  close: plainText(24).optional(),
  callback_id: z.string().max(255, 'must be less than 256 characters').optional(),
  private_metadata: z.string().max(3000, 'must be less than 3001 characters').optional(),
  external_id: z.string().max(255, 'must be less than 256 characters').optional(),
  clear_on_close: z.boolean().optional(),
  notify_on_close: z.boolean().optional(),
}).loose();

export type ViewInput = z.output<typeof viewSchema>;

// Slack names the spot of each problem with a JSON pointer into the arguments.
const pointer = (path: ReadonlyArray<PropertyKey>) => `[json-pointer:/view${path.map((p) => `/${String(p)}`).join('')}]`;

/** The `view` argument (JSON text from a form, or an object from a JSON body), checked. */
export function parseView(raw: unknown): ViewInput {
  if (raw === undefined || raw === '') throw invalidArguments(['missing required field: view']);
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (Buffer.byteLength(raw) > MAX_VIEW_BYTES) throw new SlackError('view_too_large');
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw invalidArguments(['failed to parse view: not valid JSON [json-pointer:/view]']);
    }
  } else if (Buffer.byteLength(JSON.stringify(raw) ?? '') > MAX_VIEW_BYTES) {
    throw new SlackError('view_too_large');
  }
  const result = viewSchema.safeParse(value);
  if (!result.success) {
    throw invalidArguments(result.error.issues.map((i) => {
      const missing = i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined;
      return `${missing ? `missing required field: ${String(i.path.at(-1) ?? 'view')}` : i.message} ${pointer(i.path)}`;
    }));
  }
  const view = result.data;
  // Slack needs a submit button to collect input blocks.
  if (!view.submit && view.blocks.some((b) => b.type === 'input')) {
    throw invalidArguments([`must provide a submit button when the view has input blocks ${pointer(['submit'])}`]);
  }
  return view;
}
