/**
 * Runs the action the way the GitHub runner does: `node dist/index.js` with INPUT_* variables,
 * GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, in a workspace directory.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { parse as parseYaml } from 'yaml'
import { ROOT, venvPath } from './python.js'

export interface ActionResult {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Milliseconds the process took. */
  ms: number
}

export interface ActionRun {
  workspace: string
  inputs: Record<string, string>
  env?: Record<string, string>
  /** The event payload; written to a file for GITHUB_EVENT_PATH. */
  event?: unknown
  timeoutMs?: number
  /** Told each line the action prints, as it prints it: what a test waits for mid-run. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** Kills the action (SIGKILL, as a cancelled job) at the first line this answers true for. */
  killOn?: (line: string) => boolean
}

/** A temporary repository checkout with the example project at model/ and a config. */
export function makeWorkspace(config?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-ws-'))
  cpSync(path.join(ROOT, 'examples', 'iris'), path.join(dir, 'model'), { recursive: true })
  if (config !== undefined) {
    mkdirSync(path.join(dir, '.github'), { recursive: true })
    writeFileSync(path.join(dir, '.github', 'care-label.yml'), config)
  }
  return dir
}

/** The string defaults of action.yml's inputs, without expressions. */
export function actionDefaults(): Record<string, string> {
  const action: unknown = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))
  const inputs = isRecord(action) && isRecord(action['inputs']) ? action['inputs'] : {}
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(inputs)) {
    const value = isRecord(spec) ? spec['default'] : undefined
    if (typeof value === 'string' && !value.includes('${{')) defaults[name] = value
  }
  return defaults
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses the GITHUB_OUTPUT file that @actions/core writes (name<<delimiter … delimiter). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match?.[1] || !match[2]) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? '')
    outputs[match[1]] = value.join('\n')
  }
  return outputs
}

export async function runAction(run: ActionRun): Promise<ActionResult> {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'care-label-runner-'))
  const eventPath = path.join(temp, 'event.json')
  const outputPath = path.join(temp, 'output.txt')
  const summaryPath = path.join(temp, 'summary.md')
  writeFileSync(eventPath, JSON.stringify(run.event ?? {}))
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const env: Record<string, string> = {
    PATH: venvPath(),
    HOME: process.env['HOME'] ?? temp,
    LANG: 'C.UTF-8',
    PYTHONWARNINGS: 'ignore',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: 'octo-org/ml-repo',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW: 'model',
    GITHUB_JOB: 'care-label',
    RUNNER_TEMP: path.join(temp, 'runner-temp'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...run.env
  }
  mkdirSync(env['RUNNER_TEMP'] ?? temp, { recursive: true })
  // Like the runner: every input with a default in action.yml is set (expressions such as
  // ${{ github.token }} are left to the test), then the step's own inputs.
  for (const [name, value] of Object.entries(actionDefaults())) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(run.inputs)) {
    // The runner keeps hyphens and upper-cases the name: INPUT_ENTRY-POINT.
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const started = Date.now()
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'index.js')], {
    cwd: run.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a kill reaches the programs it started.
    detached: run.killOn !== undefined
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const { onLine, killOn } = run
  if (killOn !== undefined) {
    // The whole process group: the job's `mlflow run` goes with it, as on a cancelled runner.
    readline.createInterface({ input: child.stdout }).on('line', line => {
      if (killOn(line) && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    })
  }
  if (onLine !== undefined) {
    readline.createInterface({ input: child.stdout }).on('line', line => onLine(line, 'stdout'))
    readline.createInterface({ input: child.stderr }).on('line', line => onLine(line, 'stderr'))
  }
  const timeout = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs ?? 240_000)
  const code = await new Promise<number>(resolve => child.on('close', c => resolve(c ?? -1)))
  clearTimeout(timeout)
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    ms: Date.now() - started
  }
}

/** A pull_request event payload as GitHub sends it (the fields the action reads, and more). */
export function pullRequestEvent(number: number, headSha: string, base = 'main'): unknown {
  const payload: unknown = JSON.parse(
    readFileSync(path.join(ROOT, 'test', 'fixtures', 'events', 'pull_request.json'), 'utf8')
  )
  const event = structuredClone(payload) as {
    number: number
    pull_request: Record<string, unknown>
  }
  event.number = number
  event.pull_request['number'] = number
  event.pull_request['head'] = { ...(event.pull_request['head'] as object), sha: headSha }
  event.pull_request['base'] = { ...(event.pull_request['base'] as object), ref: base }
  return event
}

/** The environment of a pull_request run. */
export function pullRequestEnv(number: number, base = 'main'): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: `refs/pull/${number}/merge`,
    GITHUB_REF_NAME: `${number}/merge`,
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_HEAD_REF: 'feature/faster-model',
    GITHUB_BASE_REF: base
  }
}

/** The environment of a push run on a branch. */
export function pushEnv(branch: string, sha: string): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: `refs/heads/${branch}`,
    GITHUB_REF_NAME: branch,
    GITHUB_SHA: sha,
    GITHUB_HEAD_REF: '',
    GITHUB_BASE_REF: ''
  }
}
