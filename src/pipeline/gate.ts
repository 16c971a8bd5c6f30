/**
 * The gate: what the step says about each broken rule, and whether it fails. Pure: a regression
 * is a result of the comparison, and this decides what it does to the merge.
 */
import type { FileLocation } from '../errors.js'
import type { Report } from '../core/report/types.js'

export interface Annotation {
  level: 'error' | 'warning'
  message: string
  location?: FileLocation
}

export interface GateResult {
  /** Whether the step fails. */
  failed: boolean
  /** Why, in one line, when it fails. */
  message?: string
  annotations: Annotation[]
}

export function gate(report: Report, failOnRegression: boolean): GateResult {
  const metrics = report.comparison.metrics
  const broken = metrics.filter(m => m.status === 'fail' || m.status === 'missing')
  const annotations: Annotation[] = broken.map(m => {
    const failed = m.checks.filter(c => !c.passed).map(c => c.description)
    const what = m.status === 'missing' ? 'was not logged by the run' : `broke ${failed.join('; ')}`
    return {
      level: failOnRegression ? 'error' : 'warning',
      message: `Metric '${m.metric}' ${what}.`,
      location:
        report.config.file && m.line !== undefined
          ? { file: report.config.file, line: m.line }
          : undefined
    }
  })
  for (const m of metrics.filter(m => m.status === 'warn')) {
    annotations.push({
      level: 'warning',
      message: `Metric '${m.metric}' is worse than its rule allows (warn only).`
    })
  }
  const failed = report.verdict === 'fail' && failOnRegression
  return {
    failed,
    message: failed
      ? `${broken.length} metric check(s) failed: ${broken.map(m => m.metric).join(', ')}.`
      : undefined,
    annotations
  }
}
