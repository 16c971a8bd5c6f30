/**
 * Registry promotion (`register:`): whether this run's model becomes a new version of the
 * registered model, which model that is, and what the version records. Pure.
 */
import type { RegisterSettings } from './config/types.js'
import type { RunContext } from './context.js'
import type { Letter } from './label/types.js'
import type { Report } from './report/types.js'
import type { LoggedModel, Run } from './runs.js'
import { TAG, labelTags } from './tags.js'

/** Why nothing is registered, or undefined: register. */
export function whyNotRegister(
  register: RegisterSettings,
  context: RunContext,
  report: Pick<Report, 'verdict' | 'label'>
): string | undefined {
  const target = `a new version of '${register.name}' (@${register.alias})`
  const main = context.defaultBranch
  const onPush = `on a push to ${main ?? 'the default branch'}, a run that passes becomes ${target}`
  if (context.pullRequest !== undefined || context.eventName.startsWith('pull_request')) {
    return `Nothing is registered from a pull request: ${onPush}.`
  }
  if (context.eventName !== 'push') {
    return `Nothing is registered on a ${context.eventName} event: ${onPush}.`
  }
  if (main === undefined) {
    return `Nothing is registered: the event does not say which branch is the default one.`
  }
  if (context.branch !== main) {
    return `Nothing is registered from a push to ${context.branch || context.ref}: ${onPush}.`
  }
  if (report.verdict === 'fail') return `Not registered: the verdict is fail.`
  const grade = report.label.overall
  if (register.minGrade !== undefined && !atLeast(grade, register.minGrade)) {
    return `Not registered: the grade is ${grade ?? '?'}, below register.min_grade ${register.minGrade}.`
  }
  return undefined
}

/** Whether `letter` is `min` or better (A is best); an unrated run is not. */
function atLeast(letter: Letter | undefined, min: Letter): boolean {
  return letter !== undefined && letter <= min
}

/** An MLflow 2 model in the run's `mlflow.log-model.history` tag: its artifact path. */
function historyPaths(run: Run): string[] {
  const history = run.data.tags['mlflow.log-model.history']
  if (history === undefined) return []
  try {
    const parsed: unknown = JSON.parse(history)
    if (!Array.isArray(parsed)) return []
    return parsed.flatMap((entry: unknown) =>
      typeof entry === 'object' &&
      entry !== null &&
      'artifact_path' in entry &&
      typeof entry.artifact_path === 'string'
        ? [entry.artifact_path]
        : []
    )
  } catch {
    return []
  }
}

/**
 * The URI of the model to register: the logged model (`models:/<model_id>`, MLflow 3), else the
 * run's MLflow 2 model (`runs:/<run_id>/<path>`, by `model.name` or the only one), else
 * `runs:/<run_id>/<model.name>` as the config names it. A string: why there is none.
 */
export function modelUriOf(
  run: Run,
  model: LoggedModel | undefined,
  name: string | undefined
): { uri: string } | { problem: string } {
  if (model !== undefined) return { uri: `models:/${model.modelId}` }
  const runId = run.info.runId
  const paths = historyPaths(run)
  const path = name ?? (paths.length === 1 ? paths[0] : undefined)
  if (path !== undefined) return { uri: `runs:/${runId}/${path}` }
  if (paths.length > 1) {
    return {
      problem: `run ${runId} logged ${paths.length} models (${paths.join(', ')}): set model.name in the config to the one to register.`
    }
  }
  return {
    problem: `run ${runId} logged no model: log one with mlflow.<flavor>.log_model(model, name="model"), or set model.name to its artifact path.`
  }
}

/** What the new version records: the label, the commit, the workflow run and the report. */
export function versionTags(
  report: Report,
  context: RunContext,
  reportAt: string | undefined
): Record<string, string> {
  const tags = labelTags(report)
  if (context.headSha) tags[TAG.headSha] = context.headSha
  if (context.runUrl) tags[TAG.runUrl] = context.runUrl
  if (reportAt !== undefined) tags[TAG.report] = reportAt
  return tags
}
