/**
 * A game command that cannot go on, with a string code a caller can branch on; the CLI
 * prints the message (which says what to do) and exits 2, as for its other usage errors.
 */
export class GameError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GameError';
    this.code = code;
  }
}
