/**
 * Which baseline runs measured on the same platform as the candidate. Runtime, memory and energy
 * depend on the machine: comparing them across runners turns the difference between machines
 * into a false alarm. Pure: the platform is read from the tags the action records on every run.
 */
import type { Run } from '../runs.js'
import { TAG } from '../tags.js'

/** The parts of a platform, each a run tag, and how the report names them. */
const PARTS: Array<[tag: string, name: string]> = [
  [TAG.runnerOs, 'OS'],
  [TAG.runnerArch, 'architecture'],
  ['care-label.env.cpu', 'CPU'],
  ['care-label.env.gpu', 'GPU']
]

/** The tags that say where a run was measured: all a comparison needs of a run but its metrics. */
export const PLATFORM_TAGS: readonly string[] = PARTS.map(([tag]) => tag)

/** The run's platform in words, e.g. "Linux X64, AMD EPYC 7763 × 4, no GPU"; undefined untagged. */
export function describePlatform(run: Run): string | undefined {
  const tags = run.data.tags
  if (PARTS.every(([tag]) => tags[tag] === undefined)) return undefined
  return PARTS.map(([tag]) => tags[tag] ?? '?').join(', ')
}

/**
 * Why the baseline run was measured elsewhere than the candidate, in words (e.g. "CPU: Intel
 * Xeon × 2, not AMD EPYC × 4"), or undefined when it was measured on the same platform. A part
 * one run does not record is not compared (a run logged before the action recorded it).
 */
export function platformDifference(candidate: Run, baseline: Run): string | undefined {
  const differences: string[] = []
  for (const [tag, name] of PARTS) {
    const now = candidate.data.tags[tag]
    const before = baseline.data.tags[tag]
    if (now !== undefined && before !== undefined && now !== before) {
      differences.push(`${name}: ${before}, not ${now}`)
    }
  }
  return differences.length > 0 ? differences.join('; ') : undefined
}

/** The baseline runs measured on the candidate's platform. */
export function onSamePlatform(candidate: Run, baseline: Run[]): Run[] {
  return baseline.filter(run => platformDifference(candidate, run) === undefined)
}
