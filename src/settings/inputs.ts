/** Action inputs → Settings. The only module that knows input names. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { InputError, errorMessage } from '../errors.js'
import { isObject } from '../util/guards.js'
import { parseTrackingUri } from './tracking-uri.js'
import {
  BACKENDS,
  COMMENT_MODES,
  ENV_MANAGERS,
  MODES,
  parseParameterLines,
  type Backend,
  type CommentMode,
  type EnvManager,
  type Settings,
  type TestSelection
} from './types.js'

export const DEFAULT_CONFIG = '.github/care-label.yml'
export const DEFAULT_MLFLOW_VERSION = '3.17.2'
/**
 * Minutes a run may stay RUNNING after `mlflow run` returned: time for a Databricks cluster to
 * start (several minutes) and for a training of an hour or so; a longer one raises it.
 */
export const DEFAULT_WAIT_TIMEOUT_MINUTES = 60

export type GetInput = (name: string) => string

function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim().toLowerCase()
  if (v === '') return fallback
  if (['true', 'yes', '1', 'on'].includes(v)) return true
  if (['false', 'no', '0', 'off'].includes(v)) return false
  throw new InputError(name, `'${value}' is not a boolean: use true or false.`)
}

function parseInteger(name: string, value: string, fallback: number): number {
  if (value === '') return fallback
  if (!/^\d+$/.test(value)) throw new InputError(name, `'${value}' is not a whole number.`)
  return Number(value)
}

/** One of `options`, exactly, or an InputError that lists them. */
function pick<T extends string>(name: string, value: string, options: readonly T[]): T {
  const found = options.find(option => option === value)
  if (found === undefined) {
    throw new InputError(name, `'${value}' is not one of ${options.join(', ')}.`)
  }
  return found
}

/** An MLflow run id, or empty. */
function runIdInput(name: string, value: string): string {
  if (value !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new InputError(
      name,
      `'${value}' is not an MLflow run id (32 hex characters, as shown in the MLflow UI).`
    )
  }
  return value
}

export function readSettings(getInput: GetInput, env: NodeJS.ProcessEnv): Settings {
  const input = (name: string): string => getInput(name).trim()
  const { parameters, errors } = parseParameterLines(getInput('parameters'))
  if (errors.length > 0) {
    throw new InputError('parameters', `${errors.join('; ')}. Write one key=value per line.`)
  }
  const manager = pick('env-manager', input('env-manager') || 'local', ENV_MANAGERS)
  const trackingUri = input('tracking-uri')
  const runId = runIdInput('run-id', input('run-id'))
  const baselineRunId = runIdInput('baseline-run-id', input('baseline-run-id'))
  const comment = pick('comment', input('comment') || 'update', COMMENT_MODES)
  const mode = pick('mode', input('mode') || 'auto', MODES)
  const retention = parseInteger('artifact-retention-days', input('artifact-retention-days'), 0)
  if (retention < 0 || retention > 90) {
    throw new InputError(
      'artifact-retention-days',
      `${retention} is out of range: GitHub keeps artifacts 1 to 90 days (0: the repository's default).`
    )
  }
  const historyRuns = parseInteger('history-runs', input('history-runs'), 100)
  if (historyRuns < 1) {
    throw new InputError('history-runs', `must be at least 1 (the run itself), not ${historyRuns}.`)
  }
  const artifactName = input('artifact-name')
  if (/[":<>|*?\\/\r\n]/.test(artifactName)) {
    throw new InputError(
      'artifact-name',
      `'${artifactName}' has a character artifact names may not contain (" : < > | * ? \\ / or a line break).`
    )
  }
  const rules = pick('rules', input('rules') || 'base', ['base', 'head'] as const)
  const config = input('config')
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd()
  const outputDir = path.resolve(
    workspace,
    input('output-dir') ||
      path.join(env['RUNNER_TEMP'] || path.join(workspace, '.tmp'), 'care-label')
  )
  const backend = readBackend(input('backend'), input('backend-config'), workspace)
  const waitTimeoutMinutes = parseInteger(
    'wait-timeout-minutes',
    input('wait-timeout-minutes'),
    DEFAULT_WAIT_TIMEOUT_MINUTES
  )
  if (waitTimeoutMinutes < 1) {
    throw new InputError('wait-timeout-minutes', `must be at least 1, not ${waitTimeoutMinutes}.`)
  }
  return {
    project: input('project') || '.',
    entryPoint: input('entry-point') || 'main',
    parameters,
    envManager: manager satisfies EnvManager,
    ...backend,
    waitTimeoutMinutes,
    experimentName: input('experiment-name'),
    runName: input('run-name'),
    trackingUri,
    tracking: parseTrackingUri(trackingUri, { workspace, outputDir, env }),
    workspace,
    configPath: config || DEFAULT_CONFIG,
    configExplicit: config !== '' && config !== DEFAULT_CONFIG,
    runId,
    baselineRunId,
    baselineBranch: input('baseline-branch'),
    failOnRegression: parseBoolean('fail-on-regression', getInput('fail-on-regression'), true),
    mlflowVersion: input('mlflow-version') || DEFAULT_MLFLOW_VERSION,
    outputDir,
    comment: comment satisfies CommentMode,
    reportKey: input('report-key'),
    checkName: input('check-name'),
    mode,
    artifactName,
    artifactRetentionDays: retention,
    historyRuns,
    rules,
    tests: readTestSelection(getInput('tests'))
  }
}

/**
 * The `tests` input: test names and `runs-on:<label>` entries, one per line or separated by
 * commas; `none`: no test (a matrix's training job); empty: every test of the config.
 */
export function readTestSelection(text: string): TestSelection | undefined {
  const entries = text
    .split(/[,\r\n]/)
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
  if (entries.length === 0) return undefined
  const selection: TestSelection = { names: [], labels: [] }
  if (entries.length === 1 && entries[0] === 'none') return selection
  for (const entry of entries) {
    const label = /^runs-on:(.*)$/.exec(entry)?.[1]?.trim()
    if (label === '') {
      throw new InputError(
        'tests',
        `'${entry}' names no runner label: write runs-on:<label>, e.g. runs-on:gpu.`
      )
    }
    if (entry === 'none') {
      throw new InputError(
        'tests',
        `'none' cannot stand beside test names: give either none or the tests to run.`
      )
    }
    if (label !== undefined) selection.labels.push(label)
    else selection.names.push(entry)
  }
  return selection
}

/** What each backend's config file is: named in the message when it is missing. */
const BACKEND_CONFIG_NEEDED: Record<Exclude<Backend, 'local'>, string> = {
  kubernetes:
    "the repository-uri to push the project's image to and the kube-job-template-path of the Job to run it in",
  databricks: 'the spec of the new cluster to run on (spark_version, node_type_id, num_workers, …)'
}

/**
 * `backend` and `backend-config`: the backend, and its JSON file resolved against the workspace
 * and checked now, so that a wrong file fails before MLflow creates a run (it creates the run
 * first, and leaves it RUNNING when the config then fails).
 */
function readBackend(
  backendInput: string,
  configInput: string,
  workspace: string
): { backend: Backend; backendConfig: string } {
  const name = backendInput || 'local'
  const backend = BACKENDS.find(b => b === name)
  if (backend === undefined) {
    throw new InputError('backend', `'${name}' is not one of ${BACKENDS.join(', ')}.`)
  }
  if (backend === 'local') {
    if (configInput !== '') {
      throw new InputError(
        'backend-config',
        s =>
          `only the kubernetes and databricks backends take one, and ${s.input('backend')} is local: set ${s.input('backend')} to one of them, or leave ${s.input('backend-config')} empty.`
      )
    }
    return { backend, backendConfig: '' }
  }
  if (configInput === '') {
    throw new InputError(
      'backend-config',
      s =>
        `is required when ${s.input('backend')} is ${backend}: the path of a JSON file (relative to the workspace) with ${BACKEND_CONFIG_NEEDED[backend]}, as MLflow documents it.`
    )
  }
  // MLflow reads a value ending in .json as a file, and parses any other as JSON text.
  if (!configInput.endsWith('.json')) {
    throw new InputError(
      'backend-config',
      `'${configInput}' does not end in .json, which is how MLflow tells a config file from inline JSON: rename the file.`
    )
  }
  const file = path.resolve(workspace, configInput)
  if (!existsSync(file)) {
    throw new InputError(
      'backend-config',
      `'${configInput}' does not exist (looked for ${file}; a relative path starts at the workspace).`
    )
  }
  if (!statSync(file).isFile()) {
    throw new InputError('backend-config', `'${configInput}' is a directory, not a JSON file.`)
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new InputError(
      'backend-config',
      `'${configInput}' could not be read: ${errorMessage(error)}`
    )
  }
  const problem = checkBackendConfig(backend, text, template =>
    existsSync(path.resolve(workspace, template))
  )
  if (problem !== undefined) throw new InputError('backend-config', `'${configInput}' ${problem}`)
  return { backend, backendConfig: file }
}

/**
 * What is wrong with a backend's config (the file's text), in words that follow its name, or
 * undefined. The keys are the ones MLflow itself requires before it runs anything;
 * `templateExists` tells whether the Job template a relative path names is in the workspace
 * (MLflow opens it from the directory it runs in, the workspace).
 */
export function checkBackendConfig(
  backend: Exclude<Backend, 'local'>,
  text: string,
  templateExists: (file: string) => boolean
): string | undefined {
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch (error) {
    // Not the parser's message: it quotes the text, and a cluster spec may hold a token.
    const at = /\(line (\d+) column (\d+)\)/.exec(errorMessage(error))
    return at
      ? `is not valid JSON: the parser stopped at line ${at[1]}, column ${at[2]}.`
      : 'is not valid JSON (`python -m json.tool` on it says where).'
  }
  if (!isObject(config)) {
    return `holds ${kindOf(config)}, not a JSON object of the ${backend} backend's settings.`
  }
  if (backend === 'databricks') {
    if ('existing_cluster_id' in config) {
      return "names an existing_cluster_id, which MLflow's databricks backend refuses: it runs each project on a new cluster. Give that cluster's spec instead (spark_version, node_type_id, num_workers, …), at the top level or under new_cluster."
    }
    return undefined
  }
  const required: Array<[string, string]> = [
    ['repository-uri', "the image repository MLflow pushes the project's image to"],
    ['kube-job-template-path', 'the YAML file of the Kubernetes Job that runs it']
  ]
  const missing = required.filter(([key]) => config[key] === undefined)
  if (missing.length > 0) {
    const list = missing.map(([key, what]) => `${key} (${what})`).join(' and ')
    return `lacks ${list}, which MLflow's kubernetes backend requires.`
  }
  for (const key of ['repository-uri', 'kube-job-template-path', 'kube-context']) {
    const value = config[key]
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      return `has ${key} as ${typeof value === 'string' ? 'an empty string' : kindOf(value)}: it must be a non-empty string.`
    }
  }
  const template = config['kube-job-template-path']
  if (typeof template === 'string' && !templateExists(template)) {
    return `names kube-job-template-path '${template}', which does not exist (a relative path starts at the workspace).`
  }
  return undefined
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  return `a ${typeof value}`
}
