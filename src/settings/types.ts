/** What one care-label run is asked to do, from action inputs or CLI flags (validated). */
import type { TrackingLocation } from './tracking-uri.js'

export type EnvManager = 'local' | 'uv' | 'virtualenv' | 'conda'
export const ENV_MANAGERS: EnvManager[] = ['local', 'uv', 'virtualenv', 'conda']

/**
 * Where `mlflow run` runs the project: here (local), as a Kubernetes Job, or as a Databricks job
 * run on a new cluster. The last two need `backendConfig`.
 */
export type Backend = 'local' | 'kubernetes' | 'databricks'
export const BACKENDS: Backend[] = ['local', 'kubernetes', 'databricks']

export type CommentMode = 'update' | 'new' | 'off' | 'on-change' | 'on-failure'
export const COMMENT_MODES: CommentMode[] = ['update', 'new', 'off', 'on-change', 'on-failure']

/**
 * report: run and compare, write the job summary and a result bundle, never write to GitHub
 * (a fork PR's stage 1); publish: post a bundle's report (stage 2, on workflow_run); auto: both
 * in one step when the token can write, else report. partial: a matrix job's share of the tests
 * (and the training, without run-id), uploaded as a partial bundle; aggregate: the partial
 * bundles of this workflow run merged into the one report, comment and check.
 */
export type Mode = 'auto' | 'report' | 'publish' | 'partial' | 'aggregate'
export const MODES: Mode[] = ['auto', 'report', 'publish', 'partial', 'aggregate']

/**
 * Which of the config's tests this step runs (the `tests` input): by name, and all whose
 * `runs_on` has one of the labels; undefined: all of them.
 */
export interface TestSelection {
  names: string[]
  labels: string[]
}

export interface Settings {
  mode: Mode
  /** Directory with an MLproject (ignored when runId is given). */
  project: string
  entryPoint: string
  parameters: Array<[string, string]>
  envManager: EnvManager
  backend: Backend
  /**
   * The backend's JSON file (`mlflow run --backend-config`), absolute; empty: none (local). Read
   * and checked when the settings are read.
   */
  backendConfig: string
  /**
   * How long a run may stay RUNNING or SCHEDULED after `mlflow run` returned (a Databricks run
   * is submitted, not waited for) before the step gives up on it.
   */
  waitTimeoutMinutes: number
  /** Empty: the MLproject's name, else the repository's name. */
  experimentName: string
  runName: string
  /** The tracking URI as given (empty: a local SQLite store in outputDir), for masking. */
  trackingUri: string
  /** The tracking URI, parsed, with relative paths resolved against the workspace. */
  tracking: TrackingLocation
  /** The repository's checkout: where relative paths (project, config, stores) start. */
  workspace: string
  configPath: string
  /** Whether configPath was given by the user (then it must exist). */
  configExplicit: boolean
  /** Adopt this run instead of running the project. */
  runId: string
  baselineRunId: string
  /** The branch whose runs are baselines; empty: the PR's base branch. */
  baselineBranch: string
  failOnRegression: boolean
  mlflowVersion: string
  /** Where the report files (and a local store) go. */
  outputDir: string
  /**
   * update: one sticky comment; new: a new comment each run; off: none; on-change / on-failure:
   * the sticky comment, created only when a letter changed or a rule failed (or only when a rule
   * failed), and updated whenever it exists.
   */
  comment: CommentMode
  /** Which sticky comment is this report's; empty: workflow/job. */
  reportKey: string
  /** The name of the check run; empty: no check run. */
  checkName: string
  /** The name of the local store's workflow artifact; empty: derived from the experiment. */
  artifactName: string
  /** Days the artifacts are kept; 0: the repository's default. */
  artifactRetentionDays: number
  /** Runs kept in the local store carried from run to run on the base branch. */
  historyRuns: number
  /**
   * Whose rules judge a pull request: `base` (the base branch's config file, so a pull request
   * cannot loosen its own gate) or `head` (the pull request's own).
   */
  rules: 'base' | 'head'
  /** The `tests` input; undefined: every test of the config. */
  tests?: TestSelection
}

/** Parses `key=value` lines; blank lines and lines starting with # are skipped. */
export function parseParameterLines(text: string): {
  parameters: Array<[string, string]>
  errors: string[]
} {
  const parameters: Array<[string, string]> = []
  const errors: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const eq = raw.indexOf('=')
    const key = eq < 0 ? '' : raw.slice(0, eq).trim()
    if (eq < 0 || key === '') {
      errors.push(`line ${index + 1} ('${line}') is not key=value`)
      return
    }
    // The value is kept exactly as written after '=' (only the line break is removed).
    parameters.push([key, raw.slice(eq + 1).replace(/\r$/, '')])
  })
  return { parameters, errors }
}
