/** Finding the run to compare with. */
import { InputError, errorMessage } from '../errors.js'
import { TAG } from '../core/tags.js'
import type { Run, TrackingStore } from '../core/runs.js'

export interface BaselineQuery {
  /** `baseline-run-id`: use this run. */
  explicitRunId?: string
  experimentId: string
  /** The entry point of the candidate run, when it came from `mlflow run`. */
  entryPoint?: string
  /** The branch whose runs are baselines (the PR's base branch, or the pushed branch). */
  branch?: string
  /** The run being judged: never its own baseline. */
  candidateRunId: string
}

export interface BaselineChoice {
  run?: Run
  /** How the baseline was chosen, or why there is none, in words for the report. */
  how: string
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

export function baselineFilter(query: BaselineQuery): string {
  const parts = ["attributes.status = 'FINISHED'"]
  if (query.branch !== undefined)
    parts.push(`tags.\`${TAG.ref}\` = ${quoteFilterValue(`refs/heads/${query.branch}`)}`)
  if (query.entryPoint !== undefined) {
    parts.push(`tags.\`mlflow.project.entryPoint\` = ${quoteFilterValue(query.entryPoint)}`)
  }
  return parts.join(' AND ')
}

export async function findBaseline(
  store: TrackingStore,
  query: BaselineQuery
): Promise<BaselineChoice> {
  if (query.explicitRunId) {
    try {
      const run = await store.getRun(query.explicitRunId)
      return { run, how: `run ${query.explicitRunId}, given by baseline-run-id` }
    } catch (error) {
      throw new InputError(
        'baseline-run-id',
        `run '${query.explicitRunId}' could not be read from the ${store.description}: ${errorMessage(error)}`
      )
    }
  }
  if (query.branch === undefined) {
    return { how: 'no base branch is known for this event, so there is no baseline' }
  }
  const page = await store.searchRuns({
    experimentIds: [query.experimentId],
    filter: baselineFilter(query),
    orderBy: ['attributes.start_time DESC'],
    maxResults: 2
  })
  const run = page.runs.find(r => r.info.runId !== query.candidateRunId)
  const what = `the latest finished run${query.entryPoint ? ` of entry point '${query.entryPoint}'` : ''} on branch '${query.branch}'`
  if (run === undefined) {
    return {
      how: `no baseline: no ${what.replace('the latest ', '')} was found. Run this workflow on push to '${query.branch}' to record one.`
    }
  }
  return { run, how: what }
}
