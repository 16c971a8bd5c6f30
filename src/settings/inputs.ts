/** Action inputs → Settings. The only module that knows input names. */
import path from 'node:path'
import { InputError } from '../errors.js'
import { parseTrackingUri } from './tracking-uri.js'
import {
  COMMENT_MODES,
  ENV_MANAGERS,
  MODES,
  parseParameterLines,
  type CommentMode,
  type EnvManager,
  type Settings
} from './types.js'

export const DEFAULT_CONFIG = '.github/care-label.yml'
export const DEFAULT_MLFLOW_VERSION = '3.17.2'

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

export function readSettings(getInput: GetInput, env: NodeJS.ProcessEnv): Settings {
  const input = (name: string): string => getInput(name).trim()
  const { parameters, errors } = parseParameterLines(getInput('parameters'))
  if (errors.length > 0) {
    throw new InputError('parameters', `${errors.join('; ')}. Write one key=value per line.`)
  }
  const envManager = input('env-manager') || 'local'
  const manager = ENV_MANAGERS.find(m => m === envManager)
  if (manager === undefined) {
    throw new InputError('env-manager', `'${envManager}' is not one of ${ENV_MANAGERS.join(', ')}.`)
  }
  const trackingUri = input('tracking-uri')
  const runId = input('run-id')
  const baselineRunId = input('baseline-run-id')
  for (const [name, value] of [
    ['run-id', runId],
    ['baseline-run-id', baselineRunId]
  ] as const) {
    if (value !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
      throw new InputError(
        name,
        `'${value}' is not an MLflow run id (32 hex characters, as shown in the MLflow UI).`
      )
    }
  }
  const commentMode = input('comment') || 'update'
  const comment = COMMENT_MODES.find(m => m === commentMode)
  if (comment === undefined) {
    throw new InputError('comment', `'${commentMode}' is not one of ${COMMENT_MODES.join(', ')}.`)
  }
  const modeInput = input('mode') || 'auto'
  const mode = MODES.find(m => m === modeInput)
  if (mode === undefined) {
    throw new InputError('mode', `'${modeInput}' is not one of ${MODES.join(', ')}.`)
  }
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
  const rules = input('rules') || 'base'
  if (rules !== 'base' && rules !== 'head') {
    throw new InputError('rules', `'${rules}' is not one of base, head.`)
  }
  const config = input('config')
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd()
  const outputDir = path.resolve(
    workspace,
    input('output-dir') ||
      path.join(env['RUNNER_TEMP'] || path.join(workspace, '.tmp'), 'care-label')
  )
  return {
    project: input('project') || '.',
    entryPoint: input('entry-point') || 'main',
    parameters,
    envManager: manager satisfies EnvManager,
    experimentName: input('experiment-name'),
    runName: input('run-name'),
    trackingUri,
    tracking: parseTrackingUri(trackingUri, { workspace, outputDir }),
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
    rules
  }
}
