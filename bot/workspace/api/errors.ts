/**
 * A Web API error as Slack reports it: HTTP 200 with `{ ok: false, error: "<code>" }` and,
 * for some codes, more fields (`needed` and `provided` for missing_scope, messages for
 * invalid_arguments). ratelimited is the one answered with HTTP 429 and Retry-After.
 */
export class SlackError extends Error {
  readonly error: string;
  readonly extra: Record<string, unknown>;
  readonly status: number;

  constructor(error: string, extra: Record<string, unknown> = {}, status = 200) {
    super(error);
    this.name = 'SlackError';
    this.error = error;
    this.extra = extra;
    this.status = status;
  }
}

export const invalidArguments = (messages: string[]) =>
  new SlackError('invalid_arguments', { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
