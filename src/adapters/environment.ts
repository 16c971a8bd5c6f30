/**
 * Where the numbers were measured: the runner, its CPU and GPU, and the Python and MLflow that
 * ran the project. Runtime, memory and energy metrics mean little without it. Unknown parts are
 * left out; nothing here fails the action.
 */
import { execFile } from 'node:child_process'
import os from 'node:os'
import { findOnPath } from './project/commands.js'
import { cliPython, type MlflowCli } from './project/mlflow-cli.js'
import type { Environment } from '../core/report/types.js'

/** Runs a small command quietly; its trimmed stdout, or undefined if it failed or took long. */
function probe(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<string | undefined> {
  return new Promise(resolve => {
    const child = execFile(command, args, { env, timeout: 15000 }, (error, stdout) => {
      resolve(error ? undefined : String(stdout).trim() || undefined)
    })
    child.stdin?.end()
  })
}

/** The CPU model and the number of logical CPUs, e.g. "AMD EPYC 7763 64-Core Processor × 4". */
export function describeCpu(cpus: Array<{ model: string }>): string | undefined {
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim()
  if (model === undefined || model === '')
    return cpus.length > 0 ? `${cpus.length} CPUs` : undefined
  return `${model} × ${cpus.length}`
}

export async function collectEnvironment(
  env: NodeJS.ProcessEnv,
  cli: MlflowCli | undefined
): Promise<Environment> {
  const runner =
    env['RUNNER_OS'] && env['RUNNER_ARCH']
      ? `${env['RUNNER_OS']} ${env['RUNNER_ARCH']}`
      : `${os.type()} ${os.arch()}`
  const environment: Environment = { runner, cpu: describeCpu(os.cpus()) }
  const smi = findOnPath('nvidia-smi', env)
  const gpus = smi && (await probe(smi, ['--query-gpu=name', '--format=csv,noheader'], env))
  environment.gpu = gpus
    ? gpus
        .split('\n')
        .map(s => s.trim())
        .filter(Boolean)
        .join(', ')
    : 'none found'
  const python = cli && cliPython(cli)
  if (python !== undefined) {
    const versions = await probe(
      python,
      [
        '-c',
        "import sys, importlib.metadata as m; print(sys.version.split()[0], m.version('mlflow'))"
      ],
      env
    )
    const [pythonVersion, mlflowVersion] = versions?.split(' ') ?? []
    if (pythonVersion) environment.python = pythonVersion
    if (mlflowVersion) environment.mlflow = mlflowVersion
  }
  return environment
}
