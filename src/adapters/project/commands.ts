/** Runs external commands (mlflow, pip) with argv arrays, never through a shell. */
import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'

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

/**
 * Spawns the command directly (no shell) and streams its output, line by line, to this process's
 * stdout (the runner's log). Standard input is /dev/null: with a pipe there, Debian's bash (which
 * `mlflow run` uses to start the entry point) takes itself for an ssh session and sources
 * ~/.bashrc, which may put another Python first on PATH.
 */
export const spawnCommandRunner: CommandRunner = echoingCommandRunner(process.stdout)

/** The same, echoing to `echo` (the CLI keeps stdout for its report: it echoes to stderr). */
export function echoingCommandRunner(echo: NodeJS.WritableStream): CommandRunner {
  return { run: (command, args, options) => spawnEchoing(echo, command, args, options) }
}

function spawnEchoing(
  echo: NodeJS.WritableStream,
  command: string,
  args: string[],
  options: CommandOptions
): Promise<number> {
  return new Promise((resolve, reject) => {
    echo.write(`[command]${[command, ...args].join(' ')}\n`)
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const forward = (stream: NodeJS.ReadableStream): void => {
      let pending = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        echo.write(chunk)
        pending += chunk
        const lines = pending.split(/\r?\n/)
        pending = lines.pop() ?? ''
        for (const line of lines) options.onLine?.(line)
      })
      stream.on('end', () => {
        if (pending !== '') options.onLine?.(pending)
        pending = ''
      })
    }
    forward(child.stdout)
    forward(child.stderr)
    child.on('error', reject)
    child.on('close', code => resolve(code ?? 1))
  })
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
