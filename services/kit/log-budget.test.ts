import { describe, expect, it } from 'vitest';
import { createLogBudget } from './log-budget.js';

describe('createLogBudget', () => {
  it('lets the first N lines of each second through and reports the rest when the second is over', () => {
    let now = 10_000;
    const budget = createLogBudget(3, () => now);
    const reports: Array<[number, number]> = [];
    const take = () => budget.take((n, s) => reports.push([n, s]));
    expect([take(), take(), take(), take(), take()]).toEqual([true, true, true, false, false]);
    expect(reports).toEqual([]);
    now += 1000;
    expect(take()).toBe(true);
    expect(reports).toEqual([[2, 10]]);
    now += 5000;
    expect(take()).toBe(true); // a quiet stretch reports nothing
    expect(reports).toEqual([[2, 10]]);
  });
});
