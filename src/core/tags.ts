/**
 * The tags this action records on every run: where it ran (so later runs can find it as their
 * baseline) and what it ran on (so runtime metrics are compared on the same platform). Pure.
 */
import type { RunContext } from './context.js'
import type { Environment, Report } from './report/types.js'

/** Tags recorded on every run, so that later runs can find it as their baseline. */
export const TAG = {
  ref: 'care-label.git.ref',
  branch: 'care-label.git.branch',
  headSha: 'care-label.git.head-sha',
  baseRef: 'care-label.git.base-ref',
  pullRequest: 'care-label.pull-request',
  event: 'care-label.event',
  runUrl: 'care-label.workflow-run-url',
  runnerOs: 'care-label.runner.os',
  runnerArch: 'care-label.runner.arch',
  /** On a paired baseline run: the commit it ran (the pull request's merge base). */
  pairedBase: 'care-label.paired.base-sha',
  /** MLflow's own tag of a nested run: its parent's id. */
  parentRun: 'mlflow.parentRunId',
  /** On the run a report shows: its overall letter ("?": nothing was rated). */
  grade: 'care-label.grade',
  /** On the run a report shows: pass, fail or no-baseline. */
  verdict: 'care-label.verdict',
  /** Followed by a category, e.g. `care-label.grade.quality`: that category's letter. */
  gradePrefix: 'care-label.grade.',
  /** On a registered model version: where its report is. */
  report: 'care-label.report'
} as const

export function contextTags(context: RunContext): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG.event]: context.eventName,
    [TAG.runnerOs]: context.runnerOs,
    [TAG.runnerArch]: context.runnerArch
  }
  if (context.ref) tags[TAG.ref] = context.ref
  if (context.branch) tags[TAG.branch] = context.branch
  if (context.headSha) tags[TAG.headSha] = context.headSha
  if (context.baseRef) tags[TAG.baseRef] = context.baseRef
  if (context.pullRequest !== undefined) tags[TAG.pullRequest] = String(context.pullRequest)
  if (context.runUrl) tags[TAG.runUrl] = context.runUrl
  return tags
}

/** The environment as run tags, so a later report can show where its baseline was measured. */
export function environmentTags(environment: Environment): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const [key, value] of Object.entries(environment)) {
    if (typeof value === 'string' && value !== '') tags[`care-label.env.${key}`] = value
  }
  return tags
}

/** The label as run tags: the overall letter, the verdict, and each category's letter. */
export function labelTags(report: Report): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG.grade]: report.label.overall ?? '?',
    [TAG.verdict]: report.verdict
  }
  for (const category of report.label.categories) {
    // An unmeasured category is "?" as on the label, and so replaces a letter of an earlier label.
    tags[`${TAG.gradePrefix}${tagName(category.category)}`] = category.letter ?? '?'
  }
  return tags
}

/**
 * A category as part of a tag name: MLflow takes letters, digits, `_`, `-`, `.`, ` `, `/` and
 * `:` only; keeping to letters, digits, `_` and `-` leaves the dots as the name's separators.
 */
function tagName(category: string): string {
  return category.replace(/[^A-Za-z0-9_-]+/g, '_') || '_'
}
