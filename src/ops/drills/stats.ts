/** The value below which the given share of the sorted values lie (nearest rank). */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** "p50 12 ms, p90 30 ms, p99 41 ms, max 52 ms (n = 1000)". */
export function describePercentiles(p: Percentiles, unit = 'ms'): string {
  const v = (x: number) => (Number.isNaN(x) ? '-' : `${Math.round(x)} ${unit}`);
  return `p50 ${v(p.p50)}, p90 ${v(p.p90)}, p99 ${v(p.p99)}, max ${v(p.max)} (n = ${p.count})`;
}
