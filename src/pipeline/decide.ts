/** Step 6: the verdict per metric and the care label, from the two sets of runs. Pure. */
import { compareRuns } from '../core/compare/compare.js'
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
  const now = centreOf(candidate.runs) ?? {}
  const before = centreOf(baseline.runs)
  return {
    comparison: compareRuns(config, now, before),
    label: rateCareLabel(config, now, before)
  }
}
