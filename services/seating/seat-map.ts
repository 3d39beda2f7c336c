/** Seats are named by row letter and number: `A7` is row A, seat 7. */
export const MAX_ROWS = 26;
export const MAX_SEATS_PER_ROW = 99;

export const SEAT_PATTERN = /^([A-Z])([1-9]\d?)$/;

export interface SeatMap {
  rows: number;
  seatsPerRow: number;
}

export interface SeatRef {
  id: string;
  row: string;
  number: number;
}

export function rowLabels(rows: number): string[] {
  return Array.from({ length: Math.min(rows, MAX_ROWS) }, (_, i) => String.fromCharCode(65 + i));
}

/** `A7` → {row: 'A', number: 7}; anything else (lowercase, `A0`, `A07`, `AA1`) → undefined. */
export function parseSeat(text: string): SeatRef | undefined {
  const m = SEAT_PATTERN.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { id: text, row: m[1], number: Number(m[2]) };
}

export function isInMap(map: SeatMap, seat: SeatRef): boolean {
  return seat.row.charCodeAt(0) - 65 < map.rows && seat.number <= map.seatsPerRow;
}

/** Every seat of the map, row by row from the front. */
export function seatsOf(map: SeatMap): SeatRef[] {
  return rowLabels(map.rows).flatMap((row) =>
    Array.from({ length: map.seatsPerRow }, (_, i) => ({ id: `${row}${i + 1}`, row, number: i + 1 })));
}

export function describeMap(map: SeatMap): string {
  const rows = rowLabels(map.rows);
  return `rows ${rows[0] ?? ''}-${rows[rows.length - 1] ?? ''}, seats 1-${map.seatsPerRow}`;
}

/** Front rows cost more, back rows less: the first and last 30 % of rows are their own tier. */
export function rowPrices(map: SeatMap, basePriceCents: number): Record<string, number> {
  const rows = rowLabels(map.rows);
  const tier = Math.floor(rows.length * 0.3);
  const prices: Record<string, number> = {};
  rows.forEach((row, i) => {
    const factor = i < tier ? 1.5 : i >= rows.length - tier ? 0.75 : 1;
    prices[row] = Math.round(basePriceCents * factor);
  });
  return prices;
}
