import type { Person } from './git.js';

/** The scenario's coworkers as the shop repository knows them (../shared/DESIGN.md). */
export const coworkers = {
  dan: { handle: 'dan', name: 'Dan Moreno', email: 'dan@shop.example' },
  kevin: { handle: 'kevin', name: 'Kevin Walsh', email: 'kevin@shop.example' },
  alicia: { handle: 'alicia', name: 'Alicia Chen', email: 'alicia@shop.example' },
  priya: { handle: 'priya', name: 'Priya Raman', email: 'priya@shop.example' },
} as const satisfies Record<string, Person>;

/** One text change: `from` must occur exactly once in the file before, `to` exactly once after. */
export interface Edit {
  file: string;
  from: string;
  to: string;
}

export interface PastCommit {
  daysAgo: number;
  /** UTC time of day, HH:MM. */
  at: string;
  author: Person;
  message: string;
  edits: Edit[];
}

/**
 * The weeks before the lab started, oldest first. Applied forward to the import they end
 * exactly at the seed config (lab/shop-seed), so the history is real diffs and HEAD is
 * what runs. Every message carries its ticket, as the team's convention asks.
 */
export const pastCommits: readonly PastCommit[] = [
  {
    daysAgo: 31, at: '10:14', author: coworkers.alicia,
    message: 'ORD-231 orders: double the store pool to 4 for the holiday load test\n\nThe load test saturated 2 connections at 3x normal traffic; 4 leaves headroom.',
    edits: [{ file: 'config/orders.yaml', from: 'poolSize: 2\n', to: 'poolSize: 4\n' }],
  },
  {
    daysAgo: 28, at: '15:40', author: coworkers.dan,
    message: 'FUL-140 fulfillment: add a flag to pause dispatch\n\nLets on-call stop webhooks to partners without a deploy; batches wait on the stream.',
    edits: [{
      file: 'flags.json',
      from: '"defaultVariant": "on"\n    }\n',
      to: '"defaultVariant": "on"\n    },\n    "fulfillmentDispatchPaused": {\n      "state": "ENABLED",\n      "variants": { "on": true, "off": false },\n      "defaultVariant": "off"\n    }\n',
    }],
  },
  {
    daysAgo: 24, at: '11:02', author: coworkers.dan,
    message: 'FUL-144 fulfillment: retry failed webhooks 3 times, 500 ms apart',
    edits: [
      { file: 'config/fulfillment.yaml', from: 'maxAttempts: 5\n', to: 'maxAttempts: 3\n' },
      { file: 'config/fulfillment.yaml', from: 'backoffMs: 2000\n', to: 'backoffMs: 500\n' },
    ],
  },
  {
    daysAgo: 21, at: '16:25', author: coworkers.kevin,
    message: 'PLAT-102 storefront: half-open the breaker after 15 s, not 60 s\n\nA minute of "We\'ll be right back" after orders recovers is a minute of lost checkouts.',
    edits: [{ file: 'config/storefront.yaml', from: 'resetTimeoutMs: 60000\n', to: 'resetTimeoutMs: 15000\n' }],
  },
  {
    daysAgo: 18, at: '09:48', author: coworkers.priya,
    message: 'TIX-77 seating: audit for double-booked seats every 10 s',
    edits: [{ file: 'config/seating.yaml', from: 'auditIntervalMs: 60000\n', to: 'auditIntervalMs: 10000\n' }],
  },
  {
    daysAgo: 14, at: '14:05', author: coworkers.alicia,
    message: 'ORD-240 orders: give up on a pool slot after 2 s instead of 10 s\n\nShoppers were staring at a spinner for 10 s when the pool was full; fail fast and let them retry.',
    edits: [{ file: 'config/orders.yaml', from: 'poolQueueTimeoutMs: 10000\n', to: 'poolQueueTimeoutMs: 2000\n' }],
  },
  {
    daysAgo: 10, at: '17:31', author: coworkers.dan,
    message: 'FUL-151 fulfillment: re-drive stuck batches after 5 s\n\nA minute was too long for a batch lost to a crashed dispatcher.',
    edits: [{ file: 'config/fulfillment.yaml', from: 'redriveAfterMs: 60000\n', to: 'redriveAfterMs: 5000\n' }],
  },
  {
    daysAgo: 7, at: '10:20', author: coworkers.kevin,
    message: 'PLAT-117 partners: model cargo\'s ack times from the partner SLA sheet (1-4 s)',
    edits: [{ file: 'config/partners.yaml', from: '  cargo:\n    minDelayMs: 500\n    maxDelayMs: 2000\n', to: '  cargo:\n    minDelayMs: 1000\n    maxDelayMs: 4000\n' }],
  },
  {
    daysAgo: 4, at: '13:12', author: coworkers.alicia,
    message: 'ORD-244 orders: batch up to 4 orders per partner webhook',
    edits: [{ file: 'config/orders.yaml', from: '  maxOrders: 8\n', to: '  maxOrders: 4\n' }],
  },
  {
    daysAgo: 2, at: '11:40', author: coworkers.priya,
    message: 'TIX-81 seating: 20 seats per row for the new venue layout',
    edits: [{ file: 'config/seating.yaml', from: 'seatsPerRow: 16\n', to: 'seatsPerRow: 20\n' }],
  },
];

/** The first commit: the platform team moving every service's source and config into one repository. */
export const importCommit = {
  daysAgo: 35, at: '09:30', author: coworkers.kevin,
  message: 'PLAT-88 Move the shop services and their deploy config into one repository\n\nOne place for config/<service>.yaml and flags.json; `firedrill deploy <service>` ships HEAD.',
};

function replaceOnce(text: string, from: string, to: string, where: string): string {
  const first = text.indexOf(from);
  if (first < 0 || text.indexOf(from, first + 1) >= 0) {
    throw new Error(`shop history: ${where}: expected exactly one ${JSON.stringify(from)}`);
  }
  return text.slice(0, first) + to + text.slice(first + from.length);
}

export function applyEdits(files: Record<string, string>, edits: readonly Edit[], reverse = false): Record<string, string> {
  const out = { ...files };
  for (const e of reverse ? [...edits].reverse() : edits) {
    const text = out[e.file];
    if (text === undefined) throw new Error(`shop history: no file ${e.file}`);
    out[e.file] = reverse ? replaceOnce(text, e.to, e.from, e.file) : replaceOnce(text, e.from, e.to, e.file);
  }
  return out;
}

/** The files as they were at the import: the seed with every later edit undone, newest first. */
export function importedFiles(seed: Record<string, string>): Record<string, string> {
  let files = seed;
  for (const c of [...pastCommits].reverse()) files = applyEdits(files, c.edits, true);
  return files;
}

/** `daysAgo` days before `now`'s UTC date, at `at` UTC. */
export function commitDate(now: Date, daysAgo: number, at: string): Date {
  const [h, m] = at.split(':').map(Number);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, h ?? 0, m ?? 0));
  return d;
}
