/**
 * The error hierarchy. Every error the user can act on is an ActionError whose message says
 * what is wrong and how to fix it; `main.ts` turns it into a failed step (and an annotation when a
 * file and line are known). Anything else is a bug and is reported as one.
 */
export class ActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** An action input (or CLI flag) has a value we cannot use. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${message}`)
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
    message: string,
    readonly location: FileLocation,
    options?: { cause?: unknown }
  ) {
    super(`${formatLocation(location)}: ${message}`, options)
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

/** A local MLflow store could not be opened or read. */
export class StoreError extends ActionError {}

/** `mlflow run` failed, or the project cannot be run as asked. */
export class ProjectRunError extends ActionError {
  constructor(
    message: string,
    readonly location?: FileLocation,
    options?: { cause?: unknown }
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message, options)
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
