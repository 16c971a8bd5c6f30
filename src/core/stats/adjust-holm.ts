/**
 * Holm's step-down adjustment, for a family of rules tested at once: the adjusted p-values keep
 * the chance of any false alarm among them ≤ α when each is compared with α
 * (`statsmodels.stats.multitest.multipletests(p, method='holm')`). With m p-values sorted
 * ascending, p₍ᵢ₎ becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎). Returned in the input's
 * order; NaN stays NaN and does not count towards m.
 */
export function adjustHolm(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => a.p - b.p)
  const m = order.length
  const adjusted = pValues.map(() => Number.NaN)
  let running = 0
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p))
    adjusted[i] = running
  })
  return adjusted
}
