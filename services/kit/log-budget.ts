/**
 * How many routine lines a second a service writes before it stops: the first `perSecond` in
 * each second go out, the rest are counted, and the count is reported once the second is
 * over (zap's and most log shippers' sampling). At the lab's traffic nothing is dropped; under
 * a load test the access log stops costing the shop a third of its throughput
 * (make bench ONLY=overhead). Failures and slow requests never go through a budget.
 */
export function createLogBudget(perSecond: number, now: () => number = Date.now) {
  let second = Math.floor(now() / 1000);
  let used = 0;
  let dropped = 0;
  return {
    /** Whether this line may be written; `onDropped(n)` hears of a finished second's dropped lines first. */
    take(onDropped: (count: number, second: number) => void): boolean {
      const s = Math.floor(now() / 1000);
      if (s !== second) {
        if (dropped > 0) onDropped(dropped, second);
        second = s;
        used = 0;
        dropped = 0;
      }
      if (used < perSecond) {
        used += 1;
        return true;
      }
      dropped += 1;
      return false;
    },
  };
}
