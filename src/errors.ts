/**
 * The typed errors and the one failure policy.
 *
 * Every error the user can act on is an ActionError whose message says what is wrong and how to
 * fix it. Where a message names an input, it names it through a `Surface`, so that the action
 * says `input 'entry-point'` and the CLI says `--entry-point`. `describeFailure` is the policy
 * that the action, the CLI and the publish stage share: a user error becomes its message (and a
 * file and line, when known), anything else is a bug and is reported as one. A regression is not
 * an error: it is a result, and the gate decides.
 */

/** How the place where the user typed a setting is named: action inputs, or CLI flags. */
export interface Surface {
  /** A setting named inside a sentence, e.g. `'entry-point'` or `--entry-point`. */
  input(name: string): string
  /** The lead of an error about one setting, e.g. `Input 'entry-point'` or `--entry-point`. */
  label(name: string): string
  /** What to call a run of this tool in hints, e.g. "this workflow" or "the CLI". */
  readonly name: 'action' | 'cli'
}

export const ACTION_SURFACE: Surface = {
  input: name => `'${name}'`,
  label: name => `Input '${name}'`,
  name: 'action'
}

/** A message, or a message that names inputs as the surface does. */
export type Wording = string | ((surface: Surface) => string)

function word(wording: Wording, surface: Surface): string {
  return typeof wording === 'string' ? wording : wording(surface)
}

export class ActionError extends Error {
  private readonly wording: Wording

  constructor(message: Wording, options?: { cause?: unknown }) {
    super(word(message, ACTION_SURFACE), options)
    this.name = new.target.name
    this.wording = message
  }

  /** The message as the given surface words it. */
  describe(surface: Surface): string {
    return word(this.wording, surface)
  }
}

/** An action input (or CLI flag) has a value we cannot use. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: Wording
  ) {
    super(surface => `${surface.label(input)}: ${word(message, surface)}`)
  }
}

/** A location in a user's file, for annotations. Lines and columns start at 1. */
export interface FileLocation {
  file: string
  line?: number
  column?: number
}

/** The care-label config file (or an MLproject file) is malformed or invalid. */
export class ConfigError extends ActionError {
  constructor(
    message: Wording,
    readonly location: FileLocation,
    options?: { cause?: unknown }
  ) {
    super(surface => `${formatLocation(location)}: ${word(message, surface)}`, options)
  }
}

/** The MLflow tracking server answered with an error, or could not be reached. */
export class MlflowApiError extends ActionError {
  constructor(
    message: string,
    readonly details: { status?: number; errorCode?: string; endpoint?: string } = {},
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

/** A local MLflow store (or a carried one) could not be opened, read or written. */
export class StoreError extends ActionError {}

/** A workflow artifact could not be found, uploaded or downloaded, or was refused. */
export class ArtifactError extends ActionError {}

/** Outside data that is not of the expected shape; the message names the field. */
export class DataFormatError extends ActionError {}

/** A report.json that is not what this action writes (a field of the wrong type or size). */
export class ReportFormatError extends DataFormatError {}

/** A filter or order_by that MLflow's search grammar does not accept. */
export class SearchSyntaxError extends ActionError {}

/** `mlflow run` failed, or the project cannot be run as asked. */
export class ProjectRunError extends ActionError {
  constructor(
    message: Wording,
    readonly location?: FileLocation,
    options?: { cause?: unknown }
  ) {
    super(
      surface =>
        location
          ? `${formatLocation(location)}: ${word(message, surface)}`
          : word(message, surface),
      options
    )
  }
}

/** A failed `mlflow run` whose run was logged: the run is kept, and its id reported. */
export class ProjectRunFailed extends ProjectRunError {
  constructor(
    message: string,
    readonly runId: string | undefined
  ) {
    super(message)
  }
}

export function formatLocation(location: FileLocation): string {
  let text = location.file
  if (location.line !== undefined) text += `:${location.line}`
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`
  return text
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/** What a failed run tells the user: their problem to fix, or a bug of ours. */
export interface Failure {
  kind: 'user' | 'bug'
  message: string
  /** The file and line to annotate, when the problem is in a file. */
  location?: FileLocation
}

/** The failure policy: how any error that ends a run is shown. */
export function describeFailure(error: unknown, surface: Surface): Failure {
  if (error instanceof ActionError) {
    const location =
      error instanceof ConfigError
        ? error.location
        : error instanceof ProjectRunError
          ? error.location
          : undefined
    return { kind: 'user', message: error.describe(surface), location }
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return {
    kind: 'bug',
    message: `Unexpected error, a bug in mlflow-care-label (please report it): ${detail}`
  }
}

/** MLflow's model registry refused or failed a registration (`errorCode` as MLflow names it). */
export class RegistryError extends ActionError {
  constructor(
    message: string,
    readonly errorCode?: string
  ) {
    super(message)
  }
}
