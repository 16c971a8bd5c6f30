/**
 * Step 8b: registry promotion (`register:`). On a push to the default branch, a run whose
 * verdict does not fail (and whose grade is at least `min_grade`) has its model registered as a
 * new version of the registered model, the alias moved to it, and the label recorded on the
 * version. Anything that goes wrong is a warning: the run and its report are never lost for it.
 */
import type { RegisterSettings } from '../core/config/types.js'
import type { RunContext } from '../core/context.js'
import { modelUriOf, versionTags, whyNotRegister } from '../core/registration.js'
import type { Registration, Report } from '../core/report/types.js'
import type { LoggedModel, Run } from '../core/runs.js'
import { errorMessage } from '../errors.js'
import type { Log, ModelRegistry, Outputs } from '../ports.js'

export interface RegisterInput {
  register: RegisterSettings
  /** The config's `model.name`: which of the run's models. */
  modelName?: string
  /** The run whose model is registered, and its logged model (MLflow 3) when it has one. */
  run: Run
  model?: LoggedModel
  report: Report
  context: RunContext
  trackingUri: string
  /** Where the version says its report is (the label's files in the run's artifacts). */
  reportAt?: string
}

export async function registerModel(
  input: RegisterInput,
  deps: { registry?: ModelRegistry; log: Log; outputs: Outputs }
): Promise<Registration> {
  const { register, report, context } = input
  const base = { name: register.name, alias: register.alias }
  const skip = whyNotRegister(register, context, report)
  if (skip !== undefined) {
    deps.log.info(skip)
    return { ...base, reason: skip }
  }
  const model = modelUriOf(input.run, input.model, input.modelName)
  const fail = (reason: string, source?: string): Registration => {
    // A warning in the log; the report says it once, in its registration line.
    deps.log.warning(`The model was not registered: ${reason}`)
    return { ...base, ...(source ? { source } : {}), reason, failed: true }
  }
  if ('problem' in model) return fail(model.problem)
  if (deps.registry === undefined) return fail('no MLflow client is at hand to register with.')
  const registry = deps.registry
  try {
    const version = await deps.log.group(
      `Registering ${model.uri} as a new version of '${register.name}'`,
      () =>
        registry.register({
          trackingUri: input.trackingUri,
          ...base,
          modelUri: model.uri,
          tags: versionTags(report, context, input.reportAt)
        })
    )
    deps.outputs.set('model-version', version.version)
    deps.outputs.set('model-uri', `models:/${register.name}/${version.version}`)
    const moved =
      version.previousVersion === undefined
        ? `@${register.alias} now points to it`
        : `@${register.alias} moved to it from version ${version.previousVersion}`
    deps.log.info(`Registered version ${version.version} of '${register.name}'; ${moved}.`)
    return { ...base, source: model.uri, ...version }
  } catch (error) {
    return fail(errorMessage(error), model.uri)
  }
}
