// Order statistics. Medians, not means: on a shared, noisy machine one preempted repetition
// should not move the reported number.

/** Sorted copy, ascending. */
function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The q-quantile (0..1) by nearest rank; NaN for an empty input. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[rank]!;
}

/** Median; for an even count, the mean of the two middle values. */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Half the range relative to the median: a quick "how noisy was this" figure (0.05 = ±5%). */
export function spread(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  const s = sorted(values);
  const m = median(s);
  return m === 0 ? 0 : (s[s.length - 1]! - s[0]!) / 2 / Math.abs(m);
}
