/**
 * The CLI as a user runs it: `node dist/cli/index.js` in a directory of their own, with the real
 * `mlflow run` of the example project. Its errors name its own flags; a relative SQLite tracking
 * URI means the file in the directory the user is in; an old Node gets one line, not a trace.
 */
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Report } from '../../src/core/report/types.js'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import { ROOT, venvPath } from '../support/python.js'

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function runCli(cwd: string, args: string[], nodeArgs: string[] = []): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, path.join(ROOT, 'dist', 'cli', 'index.js'), ...args],
      {
        cwd,
        env: { PATH: venvPath(), HOME: process.env['HOME'] ?? cwd, PYTHONWARNINGS: 'ignore' },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-cli-'))
  cpSync(path.join(ROOT, 'examples', 'iris'), path.join(dir, 'model'), { recursive: true })
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('identical re-runs of the example', () => {
  it('give identical verdicts and letters, however busy the machine was', async () => {
    // The example's rules, with two repeats a side instead of three to keep the suite short.
    const rules = readFileSync(path.join(ROOT, 'examples', 'iris', 'care-label.yml'), 'utf8')
    expect(rules).toContain('\n  repeats: 3\n')
    writeFileSync(
      path.join(dir, 'rules.yml'),
      rules.replace('\n  repeats: 3\n', '\n  repeats: 2\n')
    )
    const common = [
      '--project',
      'model',
      '--config',
      'rules.yml',
      '--format',
      'json',
      '-P',
      'n_estimators=30'
    ]
    const first = await runCli(dir, [...common, '--branch', 'main', '--run-name', 'baseline'])
    expect(first.code).toBe(0)
    const outcomes: string[] = []
    for (const name of ['same-1', 'same-2']) {
      const result = await runCli(dir, [...common, '--baseline-branch', 'main', '--run-name', name])
      expect(result.stderr).not.toContain('Traceback')
      const report = JSON.parse(result.stdout) as Report
      expect(report.baseline?.runs).toBe(2)
      // The chart of val_accuracy holds the range of both baseline runs, at each of their steps.
      const band = report.histories?.find(h => h.metric === 'val_accuracy')?.baselineBand
      expect(band?.runs).toBe(2)
      expect(band?.points.map(p => p.step)).toEqual([10, 20, 30])
      expect(band?.points.every(p => p.low <= p.high)).toBe(true)
      outcomes.push(
        JSON.stringify([
          report.verdict,
          report.label.overall,
          report.label.categories.map(c => [c.category, c.letter]),
          report.comparison.metrics.map(m => [m.metric, m.status])
        ])
      )
    }
    expect(outcomes[1]).toBe(outcomes[0])
    expect(JSON.parse(outcomes[0] ?? '[]')[0]).toBe('pass')
  })
})

describe('the CLI', () => {
  it('on a Node older than 24 says so in one line and exits 2', async () => {
    const old = path.join(dir, 'old-node.mjs')
    writeFileSync(old, "Object.defineProperty(process.versions, 'node', { value: '20.19.0' })\n")
    const result = await runCli(dir, ['--help'], ['--import', old])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      "error: care-label needs Node 24 or newer, and this is Node 20.19.0. Run it as 'npm run cli -- …' from the repository (it brings Node 24), or install Node 24.\n"
    )
  })

  it('names its own flags in errors', async () => {
    const result = await runCli(dir, ['--project', 'model', '--env-manager', 'pipenv'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      "error: --env-manager: 'pipenv' is not one of local, uv, virtualenv, conda.\n"
    )
  })

  it('refuses a misspelt parameter before anything runs, at the MLproject line', async () => {
    const result = await runCli(dir, ['--project', 'model', '-P', 'max_dept=3'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("error: model/MLproject:9: parameter 'max_dept'")
    expect(result.stderr).toContain("Did you mean 'max_depth'?")
    expect(result.stderr).not.toContain('    at ')
    // Nothing ran: no store was made.
    expect(existsSync(path.join(dir, 'out'))).toBe(false)
  })

  it('takes a relative sqlite:/// tracking URI as the file where the user is', async () => {
    const result = await runCli(dir, [
      '--project',
      'model',
      '--tracking-uri',
      'sqlite:///store/mlflow.db',
      '-P',
      'n_estimators=5'
    ])
    expect(result.stderr).not.toContain('Traceback')
    expect(result.code).toBe(0)
    const store = new SqliteTrackingStore(path.join(dir, 'store', 'mlflow.db'))
    try {
      const experiment = await store.getExperimentByName('iris-classifier')
      const page = await store.searchRuns({ experimentIds: [experiment?.experimentId ?? ''] })
      expect(page.runs.map(r => r.info.status)).toEqual(['FINISHED'])
    } finally {
      await store.close()
    }
    // A summary on stdout, and where the report is (mlflow's own output goes to stderr).
    expect(result.stdout).toBe(
      'Care label ?: no baseline yet\nReport: out/care-label/report.md (also report.html, report.json, care-label.svg)\n'
    )
    expect(result.stderr).toContain('[command]')
    // No stray store in the project directory.
    expect(readdirSync(path.join(dir, 'model')).sort()).toEqual(
      readdirSync(path.join(ROOT, 'examples', 'iris')).sort()
    )
  })

  it('runs repeats with the seeds 0..N-1, nested under a parent run in the store', async () => {
    writeFileSync(path.join(dir, 'rules.yml'), 'decision:\n  repeats: 2\n')
    const result = await runCli(dir, [
      '--project',
      'model',
      '--config',
      'rules.yml',
      '--tracking-uri',
      'sqlite:///store/mlflow.db',
      '-P',
      'n_estimators=5',
      '--format',
      'markdown'
    ])
    expect(result.stderr).not.toContain('Traceback')
    expect(result.code).toBe(0)
    const store = new SqliteTrackingStore(path.join(dir, 'store', 'mlflow.db'))
    try {
      const experiment = await store.getExperimentByName('iris-classifier')
      const { runs } = await store.searchRuns({
        experimentIds: [experiment?.experimentId ?? ''],
        orderBy: ['attributes.start_time ASC']
      })
      const parent = runs.find(r => r.data.tags['mlflow.parentRunId'] === undefined)
      const children = runs.filter(r => r.data.tags['mlflow.parentRunId'] !== undefined)
      expect(parent?.info.status).toBe('FINISHED')
      expect(children.map(r => r.info.runName)).toEqual([
        `${parent?.info.runName}-1`,
        `${parent?.info.runName}-2`
      ])
      expect(children.map(r => r.data.params['seed'])).toEqual(['0', '1'])
      expect(children.map(r => r.data.tags['mlflow.parentRunId'])).toEqual([
        parent?.info.runId,
        parent?.info.runId
      ])
    } finally {
      await store.close()
    }
    expect(result.stdout).toContain('(2 runs)')
  })
})
