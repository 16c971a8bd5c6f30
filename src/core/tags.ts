/**
 * The tags this action records on every run: where it ran (so later runs can find it as their
 * baseline) and what it ran on (so runtime metrics are compared on the same platform). Pure.
 */
import type { RunContext } from './context.js'
import type { Environment } from './report/types.js'

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
  parentRun: 'mlflow.parentRunId'
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
