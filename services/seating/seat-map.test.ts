import { describe, expect, it } from 'vitest';
import { describeMap, isInMap, parseSeat, rowLabels, rowPrices, seatsOf } from './seat-map.js';

const keynote = { rows: 10, seatsPerRow: 20 };

describe('parseSeat', () => {
  it.each([
    ['A7', 'A', 7],
    ['J20', 'J', 20],
    ['Z99', 'Z', 99],
    ['B1', 'B', 1],
  ])('reads %s as row %s, seat %i', (text, row, number) => {
    expect(parseSeat(text)).toEqual({ id: text, row, number });
  });

  it.each(['', 'a7', 'A0', 'A07', 'A100', 'AA1', '7A', 'A', ' A7', 'A7 ', 'A-7', 'Ä1'])('rejects %j', (text) => {
    expect(parseSeat(text)).toBeUndefined();
  });
});

describe('seat maps', () => {
  it('names rows A, B, ... up to the row count', () => {
    expect(rowLabels(10)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
    expect(rowLabels(26).at(-1)).toBe('Z');
  });

  it('knows which seats exist', () => {
    const inMap = (text: string) => {
      const seat = parseSeat(text);
      return seat !== undefined && isInMap(keynote, seat);
    };
    expect(['A1', 'A20', 'J1', 'J20', 'E7'].map(inMap)).toEqual([true, true, true, true, true]);
    expect(['A21', 'K1', 'Z99'].map(inMap)).toEqual([false, false, false]);
    expect(describeMap(keynote)).toBe('rows A-J, seats 1-20');
  });

  it('lists every seat once, front row first', () => {
    const seats = seatsOf(keynote);
    expect(seats).toHaveLength(200);
    expect(new Set(seats.map((s) => s.id)).size).toBe(200);
    expect(seats.slice(0, 2).map((s) => s.id)).toEqual(['A1', 'A2']);
    expect(seats.at(-1)?.id).toBe('J20');
  });

  it('prices the front rows up and the back rows down', () => {
    const prices = rowPrices(keynote, 10_000);
    expect(prices).toEqual({ A: 15_000, B: 15_000, C: 15_000, D: 10_000, E: 10_000, F: 10_000, G: 10_000, H: 7500, I: 7500, J: 7500 });
    expect(rowPrices({ rows: 1, seatsPerRow: 5 }, 999)).toEqual({ A: 999 });
  });
});
