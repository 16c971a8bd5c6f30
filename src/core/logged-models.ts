/**
 * Which of a run's logged models (MLflow 3) judges it. Metrics can be logged on a model
 * (`mlflow.log_metric(…, model_id=…)`), also by a later evaluation run, and a run may log several
 * models whose metrics share names: the run's own latest `accuracy` is then whichever model's was
 * logged last. The chosen model's metrics stand in for the run's own of the same names; the run's
 * other metrics stay. Pure.
 */
import type { LoggedModel, Run } from './runs.js'

export interface ModelChoice {
  /** The model that judges the run (and that `register:` registers); undefined: none. */
  model?: LoggedModel
  /** Why no model, or which of several, for the report. */
  note?: string
}

/**
 * The run's model: the one named `name` (the newest, when it was logged twice), else the only one
 * that carries metrics, else none. Models of other runs are ignored.
 */
export function chooseModel(run: Run, models: LoggedModel[], name?: string): ModelChoice {
  const own = models
    .filter(m => m.sourceRunId === undefined || m.sourceRunId === run.info.runId)
    .sort((a, b) => b.creationTime - a.creationTime)
  const runName = `run ${run.info.runId}`
  if (name !== undefined) {
    const named = own.filter(m => m.name === name)
    const [model] = named
    if (model === undefined) {
      const others = own.length === 0 ? 'none' : own.map(m => `'${m.name}'`).join(', ')
      return {
        note: `${runName} has no logged model named '${name}' (it has ${others}): it is judged by its own metrics.`
      }
    }
    const twice =
      named.length > 1
        ? `${runName} logged ${named.length} models named '${name}': the newest, ${model.modelId}, judges it.`
        : undefined
    return twice === undefined ? { model } : { model, note: twice }
  }
  const measured = own.filter(m => Object.values(m.metrics).some(v => !Number.isNaN(v)))
  if (measured.length === 1) return { model: measured[0] }
  if (measured.length > 1) {
    return {
      note: `${runName} logged ${measured.length} models with metrics (${measured.map(m => `'${m.name}'`).join(', ')}): it is judged by its own metrics. Set model.name in the config to judge it by one of them.`
    }
  }
  return own.length === 1 ? { model: own[0] } : {}
}

/**
 * The run with the model's metrics in place of its own of the same names. When they say nothing
 * the run does not (MLflow links a run's metrics to the model it logs), the run is unchanged.
 */
export function judgedBy(run: Run, model: LoggedModel): Run {
  const own = run.data.metrics
  // A NaN on the model does not hide a number the run has.
  const taken = Object.entries(model.metrics).filter(
    ([key, value]) => !Number.isNaN(value) || !Number.isFinite(own[key] ?? Number.NaN)
  )
  const differs = taken.some(
    ([key, value]) => !Object.hasOwn(own, key) || !Object.is(own[key], value)
  )
  if (!differs) return run
  return {
    ...run,
    data: { ...run.data, metrics: { ...run.data.metrics, ...Object.fromEntries(taken) } },
    model: { modelId: model.modelId, name: model.name }
  }
}
