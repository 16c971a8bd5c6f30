/** What the report says of the run's model and of `register:`, as plain text. Pure. */
import type { Registration, RunSummary } from './types.js'

/** e.g. "judged by its logged model 'model' (m-4e9c…)"; undefined: by its own metrics. */
export function modelText(run: RunSummary): string | undefined {
  if (run.model === undefined) return undefined
  return `judged by the metrics of its logged model '${run.model.name}' (${run.model.modelId})`
}

/** One line on the registration, and whether it is a problem. */
export function registrationText(registration: Registration): { text: string; problem: boolean } {
  const { name, alias, version, previousVersion } = registration
  if (version !== undefined) {
    const moved =
      previousVersion === undefined
        ? `@${alias} points to it`
        : `@${alias} moved to it from version ${previousVersion}`
    return {
      text: `Registered as version ${version} of '${name}' (models:/${name}/${version}); ${moved}.`,
      problem: false
    }
  }
  const reason = registration.reason ?? 'Not registered.'
  return { text: reason, problem: registration.failed === true }
}
