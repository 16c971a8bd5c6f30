/** The project's Python environment (scripts/setup-python.sh), for tests that use real MLflow. */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The venv's bin directory; the test command creates the venv before Jest starts. */
export function venvBin(): string {
  const venv = process.env['CARE_LABEL_VENV'] ?? path.join(ROOT, '.venv')
  const bin = path.join(venv, 'bin')
  if (!existsSync(path.join(bin, 'mlflow'))) {
    throw new Error(`No MLflow in ${venv}: run scripts/setup-python.sh (the test command does it).`)
  }
  return bin
}

/** PATH with the venv first, so `mlflow` and `python` are the pinned ones. */
export function venvPath(): string {
  return `${venvBin()}${path.delimiter}${process.env['PATH'] ?? ''}`
}

/** Runs a Python snippet with the venv's interpreter (`input` on its stdin); returns its stdout. */
export function runPython(code: string, env: Record<string, string> = {}, input?: string): string {
  const result = spawnSync(path.join(venvBin(), 'python'), ['-c', code], {
    env: { ...process.env, PYTHONWARNINGS: 'ignore', ...env },
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input })
  })
  if (result.status !== 0) {
    throw new Error(`python failed (${result.status}): ${result.stderr}`)
  }
  return result.stdout
}

export function mlflowCli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(path.join(venvBin(), 'mlflow'), args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000
  })
}

/** Runs a Python script file with the venv's interpreter; returns its stdout. */
export function runPythonFile(
  file: string,
  args: string[],
  env: Record<string, string> = {}
): string {
  const result = spawnSync(path.join(venvBin(), 'python'), [file, ...args], {
    env: { ...process.env, PYTHONWARNINGS: 'ignore', ...env },
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024
  })
  if (result.status !== 0) {
    throw new Error(`python ${file} failed (${result.status}): ${result.stderr}`)
  }
  return result.stdout
}
