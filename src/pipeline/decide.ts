/**
 * Step 6: the verdict per metric and the care label, from the two sets of runs. Pure. A letter
 * moves only with a change the data tell apart from noise: a metric whose runs show no
 * significant change is rated as its baseline is.
 */
import { compareSets } from '../core/compare/compare-sets.js'
import { centreOf, type RunSet } from '../core/compare/samples.js'
import type { ComparisonResult } from '../core/compare/types.js'
import type { CareLabelConfig } from '../core/config/types.js'
import { rateCareLabel } from '../core/label/rate.js'
import type { CareLabel } from '../core/label/types.js'

export interface Decision {
  comparison: ComparisonResult
  label: CareLabel
}

export function decide(config: CareLabelConfig, candidate: RunSet, baseline: RunSet): Decision {
  const comparison = compareSets(config, candidate, baseline)
  const now = centreOf(candidate.runs) ?? {}
  const before = centreOf(baseline.runs)
  for (const m of comparison.metrics) {
    if (before === undefined) break
    // Each metric against its own baseline: the runs it was compared with (same platform).
    if (m.baseline === undefined) delete before[m.metric]
    else before[m.metric] = m.baseline
    if (m.decision?.significance === 'none' && m.baseline !== undefined) now[m.metric] = m.baseline
  }
  return { comparison, label: rateCareLabel(config, now, before) }
}
