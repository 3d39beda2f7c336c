/** The last `max` things seen (order ids, cart cookies), oldest dropped first. */
export interface Recent<T> {
  add(item: T): void;
  /** The item at fraction `at` (0 ≤ at < 1) of the list, or undefined when empty. */
  at(at: number): T | undefined;
  size(): number;
}

export function createRecent<T>(max: number): Recent<T> {
  const items: T[] = [];
  return {
    add: (item) => {
      items.push(item);
      if (items.length > max) items.shift();
    },
    at: (at) => items[Math.floor(at * items.length)],
    size: () => items.length,
  };
}
