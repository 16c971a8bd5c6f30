/** What the report says of the run (its model, its sweep) and of `register:`, as plain text. Pure. */
import type { Registration, RunSummary } from './types.js'

/** e.g. "judged by its logged model 'model' (m-4e9c…)"; undefined: by its own metrics. */
export function modelText(run: RunSummary): string | undefined {
  if (run.model === undefined) return undefined
  return `judged by the metrics of its logged model '${run.model.name}' (${run.model.modelId})`
}

/** e.g. "the best of 12 child runs of sweep run tune-7 by val_loss, min"; undefined: no sweep. */
export function sweepText(run: RunSummary): string | undefined {
  const sweep = run.sweep
  if (sweep === undefined) return undefined
  return `the best of ${sweep.children} child run${sweep.children === 1 ? '' : 's'} of sweep run ${sweep.parentRunName || sweep.parentRunId} by ${sweep.by}`
}

/** What the report says beside the run: its sweep and its model, in one parenthesis. */
export function runNote(run: RunSummary): string | undefined {
  const parts = [sweepText(run), modelText(run)].filter(p => p !== undefined)
  return parts.length === 0 ? undefined : parts.join('; ')
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
