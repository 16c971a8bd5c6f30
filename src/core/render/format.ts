/** Numbers as the report shows them: six significant digits, exponents for the very large or small. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞'
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(3).replace(/\.?0+e/, 'e')
  return String(Number(value.toPrecision(6)))
}

/**
 * [low, high] around `values` with `share` of their span added on each side, so no line touches
 * a chart's frame; a single value gets ±10% (±1 at zero), so the range is never empty.
 */
export function paddedRange(values: number[], share: number): [number, number] {
  const low = Math.min(...values)
  const high = Math.max(...values)
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1
    return [low - pad, high + pad]
  }
  const pad = (high - low) * share
  return [low - pad, high + pad]
}
