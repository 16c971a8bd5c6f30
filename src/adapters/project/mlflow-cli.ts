/** The `mlflow` command line: finding or installing it, creating experiments, `mlflow run`. */
import { readFileSync } from 'node:fs'
import { ProjectRunError } from '../../errors.js'
import type { Log } from '../console-log.js'
import type { EnvManager } from '../../settings/types.js'
import { findOnPath, type CommandRunner } from './commands.js'

export interface MlflowCli {
  /** The command and leading arguments that run `mlflow`, e.g. ['/usr/bin/mlflow']. */
  command: string[]
  runner: CommandRunner
  env: NodeJS.ProcessEnv
  log: Log
}

/** Uses `mlflow` from PATH, or installs `mlflow==version` with pip and runs it as `python -m mlflow`. */
export async function resolveMlflow(
  runner: CommandRunner,
  env: NodeJS.ProcessEnv,
  log: Log,
  version: string
): Promise<MlflowCli> {
  const onPath = findOnPath('mlflow', env)
  if (onPath !== undefined) {
    log.info(`Using ${onPath}.`)
    return { command: [onPath], runner, env, log }
  }
  const python = findOnPath('python3', env) ?? findOnPath('python', env)
  if (python === undefined) {
    throw new ProjectRunError(
      'Neither mlflow nor Python is on PATH. Add `actions/setup-python` before this step (and `pip install mlflow`), or set `mlflow-version`.'
    )
  }
  await log.group(`Installing mlflow==${version}`, async () => {
    const code = await runner.run(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', `mlflow==${version}`],
      { env }
    )
    if (code !== 0) {
      throw new ProjectRunError(
        `pip could not install mlflow==${version} (exit code ${code}). Check the 'mlflow-version' input, or install MLflow in an earlier step.`
      )
    }
  })
  return { command: [python, '-m', 'mlflow'], runner, env, log }
}

/** The Python behind the `mlflow` command: `python -m mlflow`, or the shebang of the script. */
export function cliPython(cli: MlflowCli): string | undefined {
  const [command, second] = cli.command
  if (command === undefined) return undefined
  if (second === '-m') return command
  try {
    const first = readFileSync(command, 'utf8').slice(0, 300).split('\n')[0] ?? ''
    const shebang = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first)
    if (shebang?.[1]) return shebang[1]
  } catch {
    // not a readable script
  }
  return findOnPath('python3', cli.env)
}

function exec(
  cli: MlflowCli,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void
): Promise<number> {
  const [command, ...lead] = cli.command
  if (command === undefined) throw new ProjectRunError('No mlflow command.')
  return cli.runner.run(command, [...lead, ...args], { env, onLine })
}

/** Creates an experiment with its artifacts in a chosen place (used for the local store). */
export async function createExperiment(
  cli: MlflowCli,
  trackingUri: string,
  name: string,
  artifactLocation: string
): Promise<void> {
  const lines: string[] = []
  const code = await exec(
    cli,
    ['experiments', 'create', '--experiment-name', name, '--artifact-location', artifactLocation],
    { ...cli.env, MLFLOW_TRACKING_URI: trackingUri },
    line => lines.push(line)
  )
  if (code !== 0) {
    throw new ProjectRunError(
      `mlflow could not create experiment '${name}' (exit code ${code}): ${lines.slice(-3).join(' ')}`
    )
  }
}

export interface ProjectRunSpec {
  project: string
  entryPoint: string
  parameters: Array<[string, string]>
  envManager: EnvManager
  experimentName: string
  runName: string
  trackingUri: string
}

export interface ProjectRunOutcome {
  runId?: string
  exitCode: number
  /** The last lines of output, for the error message. */
  tail: string[]
}

/** MLflow logs "=== Run (ID '<id>') succeeded ===" (or "failed") when a project run ends. */
const RUN_ID_LINE = /Run \(ID '([0-9a-zA-Z]{32})'\)/

/** Builds the argv of `mlflow run`: every parameter is its own argument, never a shell word. */
export function mlflowRunArgs(spec: ProjectRunSpec): string[] {
  const args = ['run', spec.project, '--entry-point', spec.entryPoint]
  for (const [key, value] of spec.parameters) args.push('-P', `${key}=${value}`)
  args.push('--env-manager', spec.envManager, '--experiment-name', spec.experimentName)
  if (spec.runName !== '') args.push('--run-name', spec.runName)
  return args
}

export async function runProject(cli: MlflowCli, spec: ProjectRunSpec): Promise<ProjectRunOutcome> {
  let runId: string | undefined
  const tail: string[] = []
  const exitCode = await exec(
    cli,
    mlflowRunArgs(spec),
    { ...cli.env, MLFLOW_TRACKING_URI: spec.trackingUri },
    line => {
      const match = RUN_ID_LINE.exec(line)
      if (match?.[1]) runId = match[1]
      tail.push(line)
      if (tail.length > 20) tail.shift()
    }
  )
  return { runId, exitCode, tail }
}
