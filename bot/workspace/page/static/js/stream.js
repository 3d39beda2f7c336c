// @ts-check
/**
 * The live feed: /page/stream read with fetch (so the token goes in a header, not
 * the URL), parsed as Server-Sent Events, reconnected with a growing pause when it drops.
 * @param {{ api: import('./api.js').Api, onEvent(event: Record<string, any>): void, onState(state: 'connecting' | 'open' | 'closed', reconnected: boolean): void }} opts
 */
export function connectStream(opts) {
  let attempt = 0;
  let opened = false;

  /** @param {string} chunk one SSE event: `data:` lines joined */
  const dispatch = (chunk) => {
    const data = chunk.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
    if (!data) return;
    try {
      opts.onEvent(JSON.parse(data));
    } catch (err) {
      console.error('page stream: bad event', err);
    }
  };

  const run = async () => {
    opts.onState('connecting', false);
    try {
      const res = await fetch('/page/stream', opts.api.streamInit());
      if (!res.ok || !res.body) throw new Error(`stream answered HTTP ${res.status}`);
      opts.onState('open', opened);
      opened = true;
      attempt = 0;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) {
      console.warn('page stream dropped', err);
    }
    opts.onState('closed', false);
    attempt += 1;
    setTimeout(() => void run(), Math.min(500 * 2 ** Math.min(attempt, 4), 8000));
  };
  void run();
}
