/**
 * Step 5b: the logged models (MLflow 3). A run can log its metrics on the models it logs
 * (`log_metric(…, model_id=…)`); where the candidate's run has such a model (the one
 * `model.name` names, else its only one with metrics), that model's metrics judge it, and each
 * baseline run is judged by its own model of the same name. Stores before MLflow 3 have no logged
 * models: then nothing changes.
 */
import { chooseModel, judgedBy } from '../core/logged-models.js'
import type { ModelSettings } from '../core/config/types.js'
import type { RunSet } from '../core/compare/samples.js'
import type { LoggedModel, Run } from '../core/runs.js'
import { errorMessage } from '../errors.js'
import type { TrackingStore } from '../ports.js'
import type { Candidate } from './obtain-candidate.js'
import type { Notes } from './notes.js'
import type { Stores } from './open-stores.js'
import type { Baseline } from './select-baseline.js'

export interface JudgedSides {
  candidate: Candidate
  baseline: Baseline
  /** The candidate's (its first run's, with repeats) model: the one `register:` registers. */
  model?: LoggedModel
}

/** How many runs' models are looked up at once (a window has up to 1,000 runs). */
const CONCURRENCY = 8

export async function judgeByModels(
  settings: ModelSettings | undefined,
  sides: { candidate: Candidate; baseline: Baseline },
  stores: Stores,
  deps: { notes: Notes }
): Promise<JudgedSides> {
  const { candidate, baseline } = sides
  const store = stores.primary()
  const first = candidate.set.runs[0]
  if (first === undefined) return sides
  let models: LoggedModel[]
  try {
    models = await store.loggedModels(first.info.experimentId, first.info.runId)
  } catch (error) {
    deps.notes.warn(
      `The logged models of run ${first.info.runId} could not be read (${errorMessage(error)}): it is judged by its own metrics.`
    )
    return sides
  }
  const choice = chooseModel(first, models, settings?.name)
  if (choice.note !== undefined) deps.notes.warn(choice.note)
  const model = choice.model
  if (model === undefined) return sides
  const measured = Object.keys(model.metrics).length > 0
  if (!measured) return { ...sides, model }
  const name = model.name
  const judgedCandidate = await judgeSet(candidate.set, name, store, 'candidate', deps.notes)
  const judgedBaseline = await judgeSet(
    baseline.set,
    name,
    baseline.from.store,
    'baseline',
    deps.notes
  )
  return {
    candidate: { ...candidate, set: judgedCandidate },
    baseline: { ...baseline, set: judgedBaseline },
    model
  }
}

/** Each run of the set judged by its model named `name`, where it logged one. */
async function judgeSet(
  set: RunSet,
  name: string,
  store: TrackingStore,
  side: 'candidate' | 'baseline',
  notes: Notes
): Promise<RunSet> {
  const runs: Run[] = new Array<Run>(set.runs.length)
  const missing: string[] = []
  let next = 0
  const work = async (): Promise<void> => {
    while (next < set.runs.length) {
      const index = next++
      const run = set.runs[index]
      if (run === undefined) continue
      const models = await store
        .loggedModels(run.info.experimentId, run.info.runId)
        .catch((): LoggedModel[] => [])
      const { model } = chooseModel(run, models, name)
      if (model === undefined) missing.push(run.info.runId)
      runs[index] = model === undefined ? run : judgedBy(run, model)
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, set.runs.length) }, work))
  if (missing.length > 0) {
    const which =
      missing.length === 1
        ? `Run ${missing[0]}`
        : `${missing.length} runs (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`
    const whose = missing.length === 1 ? 'its' : 'their'
    notes.warn(
      `${which} of the ${side} logged no model named '${name}': judged by ${whose} own metrics.`
    )
  }
  return { ...set, runs }
}
