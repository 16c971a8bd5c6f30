/**
 * Student-t and standard normal distributions, from stdlib (no hand-written special functions).
 * The packages are CommonJS with `export =` typings, so they import as defaults under NodeNext.
 * Upper tails are taken by symmetry (cdf(−x)), which keeps tiny p-values exact where 1 − cdf(x)
 * would round to 0, as SciPy's `sf` does.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import tCdf from '@stdlib/stats-base-dists-t-cdf'
import tQuantile from '@stdlib/stats-base-dists-t-quantile'

/** P(T ≤ x) for Student's t with df degrees of freedom (df > 0, not necessarily whole). */
export function cdfT(x: number, df: number): number {
  return tCdf(x, df)
}

/** P(T > x): `scipy.stats.t.sf`. */
export function sfT(x: number, df: number): number {
  return tCdf(-x, df)
}

/** Quantiles already computed, for whole df (the common case: a window of K runs has K − 1). */
const T_QUANTILES = new Map<string, number>()
const T_QUANTILES_KEPT = 4096

/** The p-quantile of Student's t: `scipy.stats.t.ppf`. Memoised for whole df (pure). */
export function quantileT(p: number, df: number): number {
  if (!Number.isInteger(df)) return tQuantile(p, df)
  const key = `${p}|${df}`
  const known = T_QUANTILES.get(key)
  if (known !== undefined) return known
  const q = tQuantile(p, df)
  if (T_QUANTILES.size < T_QUANTILES_KEPT) T_QUANTILES.set(key, q)
  return q
}

/** P(Z ≤ x) for the standard normal. */
export function cdfNormal(x: number): number {
  return normalCdf(x, 0, 1)
}

/** P(Z > x): `scipy.stats.norm.sf`. */
export function sfNormal(x: number): number {
  return normalCdf(-x, 0, 1)
}

/** The p-quantile of the standard normal: `scipy.stats.norm.ppf`. */
export function quantileNormal(p: number): number {
  return normalQuantile(p, 0, 1)
}
