// Which combinations of option values a differential calls: every combination when there are
// few, otherwise the defaults, each value alone, and a pairwise covering set (every value of
// every option meets every value of every other option in at least one case). A value that is
// refused whatever it is combined with (`alone`) is called alone only in pairwise mode: paired,
// it would hide the pairs it sits in.

/** Cases beyond which the full product gives way to pairwise coverage. */
export const FULL_PRODUCT_LIMIT = 64;

/** Index rows over axes of the given sizes; index 0 of an axis is its default (usually "absent"). */
export function combinations(
  sizes: readonly number[],
  limit = FULL_PRODUCT_LIMIT,
  alone: (axis: number, value: number) => boolean = () => false,
): number[][] {
  const total = sizes.reduce((a, b) => a * b, 1);
  if (total <= limit) {
    let rows: number[][] = [[]];
    for (const size of sizes) {
      rows = rows.flatMap((row) => Array.from({ length: size }, (_, v) => [...row, v]));
    }
    return rows;
  }
  const rows: number[][] = [sizes.map(() => 0)];
  sizes.forEach((size, axis) => {
    for (let v = 1; v < size; v++) rows.push(sizes.map((_, a) => (a === axis ? v : 0)));
  });
  const key = (i: number, a: number, j: number, b: number) => `${i}:${a}|${j}:${b}`;
  const uncovered = new Set<string>();
  for (let i = 0; i < sizes.length; i++)
    for (let j = i + 1; j < sizes.length; j++)
      for (let a = 0; a < (sizes[i] as number); a++)
        for (let b = 0; b < (sizes[j] as number); b++)
          if (!alone(i, a) && !alone(j, b)) uncovered.add(key(i, a, j, b));
  const cover = (row: number[]) => {
    for (let i = 0; i < row.length; i++)
      for (let j = i + 1; j < row.length; j++)
        uncovered.delete(key(i, row[i] as number, j, row[j] as number));
  };
  for (const row of rows) cover(row);
  while (uncovered.size > 0) {
    const [first] = uncovered;
    const [[i, a], [j, b]] = (first as string).split("|").map((p) => p.split(":").map(Number)) as [
      [number, number],
      [number, number],
    ];
    const row = sizes.map(() => -1);
    row[i] = a;
    row[j] = b;
    for (let k = 0; k < sizes.length; k++) {
      if (row[k] !== -1) continue;
      let best = 0;
      let bestGain = -1;
      for (let v = 0; v < (sizes[k] as number); v++) {
        if (alone(k, v)) continue;
        let gain = 0;
        for (let m = 0; m < sizes.length; m++) {
          if (m === k || row[m] === -1) continue;
          const pair = m < k ? key(m, row[m] as number, k, v) : key(k, v, m, row[m] as number);
          if (uncovered.has(pair)) gain++;
        }
        if (gain > bestGain) {
          best = v;
          bestGain = gain;
        }
      }
      row[k] = best;
    }
    rows.push(row);
    cover(row);
  }
  return rows;
}
