/** Runs external commands (mlflow, pip) with argv arrays, never through a shell. */
import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import * as exec from '@actions/exec'

export interface CommandOptions {
  env: NodeJS.ProcessEnv
  cwd?: string
  /** Called with each line of stdout and stderr, after it was echoed to the log. */
  onLine?: (line: string) => void
}

export interface CommandRunner {
  /** Runs a command to its end, streaming its output live; resolves with its exit code. */
  run(command: string, args: string[], options: CommandOptions): Promise<number>
}

/** Streams output to this process's stdout/stderr (the runner's log) via @actions/exec. */
export const execCommandRunner: CommandRunner = {
  async run(command, args, options) {
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(options.env))
      if (value !== undefined) env[key] = value
    return exec.exec(command, args, {
      env,
      cwd: options.cwd,
      ignoreReturnCode: true,
      listeners: options.onLine ? { stdline: options.onLine, errline: options.onLine } : undefined
    })
  }
}

/** Finds an executable on PATH, like `which`. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue
    const candidate = path.join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}
