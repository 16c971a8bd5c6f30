/** The MLflow filter strings that find baseline runs. Pure. */
import { InputError } from '../../errors.js'
import { TAG } from '../tags.js'

export interface BaselineQuery {
  experimentId: string
  /** The entry point of the candidate run, when it came from `mlflow run`. */
  entryPoint?: string
  /** The branch whose runs are baselines (the PR's base branch, or the pushed branch). */
  branch: string
  /** More conditions, already in MLflow's grammar (a commit, a time range). */
  conditions?: string[]
}

/** Quotes a value for an MLflow filter string. */
export function quoteFilterValue(value: string): string {
  if (!value.includes("'")) return `'${value}'`
  if (!value.includes('"')) return `"${value}"`
  throw new InputError(
    'baseline-branch',
    `a branch name with both ' and " cannot be searched for: ${value}`
  )
}

/** Finished runs of the branch (and of the candidate's entry point). */
export function baselineFilter(query: Omit<BaselineQuery, 'experimentId'>): string {
  const parts = [
    "attributes.status = 'FINISHED'",
    `tags.\`${TAG.ref}\` = ${quoteFilterValue(`refs/heads/${query.branch}`)}`
  ]
  if (query.entryPoint !== undefined) {
    parts.push(`tags.\`mlflow.project.entryPoint\` = ${quoteFilterValue(query.entryPoint)}`)
  }
  parts.push(...(query.conditions ?? []))
  return parts.join(' AND ')
}

/** Runs of this commit (the action tags each run with the commit it measured). */
export function commitCondition(sha: string): string {
  return `tags.\`${TAG.headSha}\` = ${quoteFilterValue(sha)}`
}

/** Runs that started at or before (`until`) or at or after (`since`) a time, in ms. */
export function timeCondition(bound: 'since' | 'until', ms: number): string {
  return `attributes.start_time ${bound === 'since' ? '>=' : '<='} ${Math.round(ms)}`
}
