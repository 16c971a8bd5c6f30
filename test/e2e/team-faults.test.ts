/**
 * Faults at team scale, end to end: the action (`node dist/index.js`) runs the example project
 * against MLflow as a team deploys it (PostgreSQL, artifacts in S3, basic auth) while the
 * tracking server restarts, S3 answers 5xx and PostgreSQL restarts between the project run and
 * the report. It retries within its bounds or fails with a clear message; no run, label or
 * report is lost, and running it again finishes the job.
 *
 * The faults land exactly between the run and the report: the `mlflow` first on the action's
 * PATH is MLflow's own command, which, after `mlflow run` has ended, says so and waits on a FIFO
 * until the test has broken what it means to break.
 */
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import {
  makeWorkspace,
  pushEnv,
  runAction,
  type ActionResult,
  type ActionRun
} from '../support/action-runner.js'
import { venvBin, venvPath } from '../support/python.js'
import { startTeamServer, type TeamServer } from '../support/team-server.js'
import type { Report } from '../../src/core/report/types.js'

/** Rules for the example's smoke entry point, which logs smoke_ok = 1 within seconds. */
const CONFIG = `metrics:
  smoke_ok:
    greater_is_better: true
    threshold: 1
    max_regression: 10%
    category: quality
    rating: [1, 0.5, 0.25]
`
/** What `mlflow` prints once `mlflow run` has ended, before it waits to be let go. */
const HELD = 'mlflow run ended; waiting to be let go'
const LABEL_FILES = [
  'care-label/care-label.svg',
  'care-label/report.html',
  'care-label/report.json'
]

let team: TeamServer
let workspace: string
let temp: string
/** The directory of the holding `mlflow`, and the FIFO it waits on. */
let holdBin: string
let fifo: string
/** Each experiment's baseline run on main, and the S3 experiments' runs to adopt, by id. */
let baselines: Record<string, string>
/** Actions still running when a test ends (a failed one): let go and waited for. */
const started = new Set<Promise<ActionResult>>()

beforeAll(async () => {
  team = await startTeamServer()
  workspace = makeWorkspace(CONFIG)
  temp = mkdtempSync(path.join(os.tmpdir(), 'care-label-faults-'))
  holdBin = path.join(temp, 'bin')
  fifo = path.join(temp, 'hold')
  mkdirSync(holdBin)
  execFileSync('mkfifo', [fifo])
  writeHoldingMlflow(path.join(holdBin, 'mlflow'))
  try {
    baselines = await logBaselines()
  } catch (error) {
    throw new Error(`${String(error)}\n${team.logs()}`)
  }
}, 120_000)

afterEach(async () => {
  letGoIfHeld()
  await Promise.allSettled(started)
  started.clear()
})

afterAll(async () => {
  await team?.stop()
  for (const dir of [workspace, temp]) if (dir) rmSync(dir, { recursive: true, force: true })
})

/**
 * One baseline run on main per experiment; in the S3 experiments also a run that an earlier step
 * logged (`<experiment>-candidate`), for the action to adopt. Through the tracking server's REST
 * API: MLflow's Python client would take longer to import than the server takes to log them.
 */
async function logBaselines(): Promise<Record<string, string>> {
  const ids: Record<string, string> = {}
  for (const name of ['restart', 'outage', 's3-moment', 's3-outage', 'postgres']) {
    const { experiment_id: experimentId } = JSON.parse(
      await server('api/2.0/mlflow/experiments/create', { name })
    ) as { experiment_id: string }
    ids[name] = await logRun(experimentId, 'main-baseline', { [REF_TAG]: 'refs/heads/main' })
    if (name.startsWith('s3-')) ids[`${name}-candidate`] = await logRun(experimentId, 'trained')
  }
  return ids
}

const REF_TAG = 'care-label.git.ref'

/** A finished run of the smoke entry point that logged smoke_ok = 1; its id. */
async function logRun(
  experimentId: string,
  runName: string,
  tags: Record<string, string> = {}
): Promise<string> {
  const now = Date.now()
  const all = { 'mlflow.project.entryPoint': 'smoke', ...tags }
  const { run } = JSON.parse(
    await server('api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: runName,
      start_time: now,
      tags: Object.entries(all).map(([key, value]) => ({ key, value }))
    })
  ) as { run: { info: { run_id: string } } }
  const runId = run.info.run_id
  await server('api/2.0/mlflow/runs/log-batch', {
    run_id: runId,
    metrics: [{ key: 'smoke_ok', value: 1, timestamp: now, step: 0 }]
  })
  await server('api/2.0/mlflow/runs/update', { run_id: runId, status: 'FINISHED', end_time: now })
  return runId
}

/**
 * MLflow's command, except that `mlflow run` waits, once it has ended, until something is
 * written to the FIFO (at most two minutes: a test that failed half-way leaves nothing behind).
 */
function writeHoldingMlflow(file: string): void {
  const real = path.join(venvBin(), 'mlflow')
  writeFileSync(
    file,
    `#!${path.join(venvBin(), 'python')}
import os, signal, subprocess, sys
real = ${JSON.stringify(real)}
if sys.argv[1:2] != ["run"]:
    os.execv(real, [real] + sys.argv[1:])
code = subprocess.call([real] + sys.argv[1:])
print(${JSON.stringify(HELD)}, flush=True)
signal.alarm(120)
with open(${JSON.stringify(fifo)}) as hold:
    hold.read()
sys.exit(code)
`
  )
  chmodSync(file, 0o755)
}

/** Lets the held `mlflow run` go on (it has opened the FIFO, or is about to). */
function letGo(): Promise<void> {
  return writeFile(fifo, 'go\n')
}

/** Lets go of a `mlflow run` that waits on the FIFO now; nothing if none does. */
function letGoIfHeld(): void {
  try {
    // Non-blocking: with no reader on the FIFO this fails (ENXIO) instead of waiting for one.
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))
  } catch {
    // nothing held
  }
}

/** A running action, and a way to wait for a line it prints. */
interface Running {
  result: Promise<ActionResult>
  /** The next line that matches; rejects if the action ends without printing one. */
  line(pattern: RegExp): Promise<string>
}

function start(run: ActionRun): Running {
  const waiting = new Set<{ pattern: RegExp; resolve(line: string): void }>()
  const result = runAction({
    ...run,
    onLine: line => {
      for (const waiter of waiting) {
        if (!waiter.pattern.test(line)) continue
        waiting.delete(waiter)
        waiter.resolve(line)
      }
    }
  })
  started.add(result)
  return {
    result,
    line: pattern =>
      new Promise((resolve, reject) => {
        waiting.add({ pattern, resolve })
        result.then(
          r =>
            reject(
              new Error(
                `The action ended (exit code ${r.code}) without a line like ${pattern}:\n${r.stdout}\n${r.stderr}`
              )
            ),
          reject
        )
      })
  }
}

/** Retries that outlast a restart of the tracking server, in whole seconds as MLflow reads them. */
const PATIENT = {
  MLFLOW_HTTP_REQUEST_MAX_RETRIES: '10',
  MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '1',
  MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0',
  MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS: '60'
}

/** The action on a push to main, running the example project against the team server. */
function actionRun(
  experiment: string,
  options: { hold?: boolean; env?: Record<string, string>; inputs?: Record<string, string> } = {}
): ActionRun {
  return {
    workspace,
    inputs: {
      project: 'model',
      'tracking-uri': team.url,
      'experiment-name': experiment,
      'entry-point': 'smoke',
      'env-manager': 'local',
      'output-dir': path.join(temp, experiment),
      ...options.inputs
    },
    env: {
      ...pushEnv('main', 'a'.repeat(40)),
      // The runner's PATH: MLflow's venv, behind the holding `mlflow` when the test holds it.
      PATH: options.hold ? `${holdBin}${path.delimiter}${venvPath()}` : venvPath(),
      MLFLOW_TRACKING_USERNAME: team.username,
      MLFLOW_TRACKING_PASSWORD: team.password,
      ...PATIENT,
      ...options.env
    }
  }
}

/** The ::error / ::warning workflow commands the action printed. */
function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout.split('\n').filter(line => line.startsWith(`::${kind}`))
}

/** The warnings about the care label's tags and files. */
function labelWarnings(result: ActionResult): string[] {
  return annotations(result.stdout, 'warning').filter(line => /care label/.test(line))
}

/** Lines of the log that say a request is retried. */
function retries(stdout: string): string[] {
  return stdout.split('\n').filter(line => line.includes('; retrying (attempt '))
}

/** Everything the action wrote where the password must not be: all but the masking commands. */
function written(result: ActionResult): string {
  const files = ['report', 'label-svg', 'report-html']
    .map(name => result.outputs[name] ?? '')
    .filter(file => file !== '' && existsSync(file))
    .map(file => readFileSync(file, 'utf8'))
  return [
    ...result.stdout.split('\n').filter(line => !line.startsWith('::add-mask::')),
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs),
    ...files
  ].join('\n')
}

interface StoredRun {
  status: string
  metrics: string[]
  careLabelTags: Record<string, string>
  /** The label's files logged with the run, as the tracking server serves them from S3. */
  label: Record<string, string>
}

/** A GET (or, with a body, a POST) to the team server as its admin user; the answer's text. */
async function server(route: string, body?: unknown): Promise<string> {
  const auth = Buffer.from(`${team.username}:${team.password}`).toString('base64')
  const response = await fetch(new URL(route, `${team.url}/`), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`${route}: HTTP ${response.status} ${text}`)
  return text
}

/** A run as the tracking server has it, with its label's files read back through its proxy. */
async function storedRun(runId: string): Promise<StoredRun> {
  const { run } = JSON.parse(
    await server(`api/2.0/mlflow/runs/get?run_id=${runId}`)
  ) as RunsGetAnswer
  // mlflow-artifacts:/<experiment>/<run>/artifacts, a path of the server's artifact proxy.
  const root = `${new URL(run.info.artifact_uri).pathname.replace(/^\/+/, '')}/care-label`
  const listing = JSON.parse(
    await server(`api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(root)}`)
  ) as { files?: Array<{ path: string }> }
  const label: Record<string, string> = {}
  for (const { path: name } of listing.files ?? []) {
    label[`care-label/${name}`] = await server(`api/2.0/mlflow-artifacts/artifacts/${root}/${name}`)
  }
  return {
    status: run.info.status,
    metrics: (run.data.metrics ?? []).map(m => m.key).sort(),
    careLabelTags: Object.fromEntries(
      (run.data.tags ?? []).filter(t => t.key.startsWith('care-label.')).map(t => [t.key, t.value])
    ),
    label
  }
}

/** The parts of MLflow's runs/get answer these tests read. */
interface RunsGetAnswer {
  run: {
    info: { status: string; artifact_uri: string }
    data: { metrics?: Array<{ key: string }>; tags?: Array<{ key: string; value: string }> }
  }
}

function readReport(result: ActionResult): Report {
  return JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as Report
}

/** What a finished action reports about its run, against the experiment's baseline. */
function expectFinished(result: ActionResult, experiment: string): Report {
  expect(result.stderr).toBe('')
  expect(annotations(result.stdout, 'error')).toEqual([])
  expect(result.code).toBe(0)
  const runId = result.outputs['run-id'] ?? ''
  expect(runId).toMatch(/^[0-9a-f]{32}$/)
  expect(result.outputs['verdict']).toBe('pass')
  expect(result.outputs['baseline-run-id']).toBe(baselines[experiment])
  const report = readReport(result)
  expect(report.run.runId).toBe(runId)
  expect(report.baseline?.runId).toBe(baselines[experiment])
  expect(report.verdict).toBe('pass')
  expect(result.summary).toContain(
    `${team.url}/#/experiments/${report.run.experimentId}/runs/${runId}`
  )
  expect(written(result)).not.toContain(team.password)
  return report
}

/** The run in the store, finished, with its label's tags and files: nothing was lost. */
async function expectLabelled(result: ActionResult): Promise<StoredRun> {
  const runId = result.outputs['run-id'] ?? ''
  const stored = await storedRun(runId)
  expect(stored.status).toBe('FINISHED')
  expect(stored.metrics).toEqual(['smoke_ok'])
  expect(stored.careLabelTags).toMatchObject({
    'care-label.grade': result.outputs['grade'],
    [REF_TAG]: 'refs/heads/main'
  })
  expect(Object.keys(stored.label)).toEqual(LABEL_FILES)
  expect(stored.label['care-label/care-label.svg']).toBe(
    readFileSync(result.outputs['label-svg'] ?? '', 'utf8')
  )
  expect(JSON.parse(stored.label['care-label/report.json'] ?? '{}').run.runId).toBe(runId)
  return stored
}

describe('the tracking server restarts between the project run and the report', () => {
  it('within the retry bound: the action retries, finishes, and the report has the run', async () => {
    const running = start(actionRun('restart', { hold: true }))
    await running.line(new RegExp(`^${HELD}$`))
    const port = new URL(team.url).port
    await team.restartTracking(async () => {
      const retried = running.line(/; retrying \(attempt 2 of 11\)/)
      await letGo()
      // The action has met the closed port: the server comes back while it waits.
      expect(await retried).toBe(
        `MLflow tracking server ${team.url} (runs/get): connect ECONNREFUSED 127.0.0.1:${port}; retrying (attempt 2 of 11) in 1 s`
      )
    })
    const result = await running.result
    const report = expectFinished(result, 'restart')
    expect(report.labelArtifacts).toEqual({
      uri: `runs:/${result.outputs['run-id']}/care-label`,
      tagged: true
    })
    await expectLabelled(result)
  })

  it('longer than the bound: a clear failure that keeps the run, and a re-run finishes the job', async () => {
    const outage = actionRun('outage', {
      hold: true,
      env: { MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS: '2' }
    })
    const running = start(outage)
    await running.line(new RegExp(`^${HELD}$`))
    await team.stopTracking()
    const failed = await letGo()
      .then(() => running.result)
      .finally(() => team.startTracking())
    const runId = failed.outputs['run-id'] ?? ''
    expect(runId).toMatch(/^[0-9a-f]{32}$/)
    expect(failed.code).toBe(1)
    expect(failed.outputs['verdict']).toBe('error')
    const port = new URL(team.url).port
    expect(annotations(failed.stdout, 'error')).toEqual([
      `::error::Run '${runId}' could not be read from the MLflow tracking server ${team.url}: Cannot reach the MLflow tracking server ${team.url} (runs/get): connect ECONNREFUSED 127.0.0.1:${port} after 2 attempt(s) in 1 s. Check that \`tracking-uri\` is right and that the server is running and reachable from the runner.`
    ])
    expect(retries(failed.stdout)).toEqual([
      `MLflow tracking server ${team.url} (runs/get): connect ECONNREFUSED 127.0.0.1:${port}; retrying (attempt 2 of 11) in 1 s`
    ])
    expect(failed.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
    expect(written(failed)).not.toContain(team.password)
    // Without the run's numbers there is no report to write; nothing half-written either.
    expect(failed.outputs['report']).toBe('')
    expect(existsSync(path.join(temp, 'outage', 'report.json'))).toBe(false)
    // The run `mlflow run` logged is in the store, finished, without the action's tags.
    expect(await storedRun(runId)).toEqual({
      status: 'FINISHED',
      metrics: ['smoke_ok'],
      careLabelTags: {},
      label: {}
    })

    const rerun = await runAction({ ...outage, env: { ...outage.env, PATH: venvPath() } })
    const report = expectFinished(rerun, 'outage')
    // A run of its own, compared with main's baseline, not with the run that was left untagged.
    expect(report.run.runId).not.toBe(runId)
    await expectLabelled(rerun)
  })
})

/**
 * The action adopts a run an earlier step logged: between its start and the label, it sends S3
 * nothing, so the faults queued before it starts are the label's.
 */
function adoptRun(experiment: string, env: Record<string, string> = {}): ActionRun {
  return actionRun(experiment, {
    inputs: { 'run-id': baselines[`${experiment}-candidate`] ?? '' },
    env
  })
}

describe('the object store answers 503 while the label is logged', () => {
  it('for a moment: the tracking server’s S3 client retries, and the label is logged', async () => {
    const before = await team.s3FaultsServed()
    await team.failS3(2)
    const result = await runAction(adoptRun('s3-moment'))
    expect(result.outputs['run-id']).toBe(baselines['s3-moment-candidate'])
    expectFinished(result, 's3-moment')
    // Absorbed behind the artifact proxy: the action saw no failure.
    expect(retries(result.stdout)).toEqual([])
    expect((await team.s3FaultsServed()) - before).toBe(2)
    await expectLabelled(result)
  })

  it('past every retry: a warning, the report without the label, and a re-run logs it', async () => {
    const runId = baselines['s3-outage-candidate'] ?? ''
    // Three attempts of the action's, each of three by the tracking server's S3 client.
    const adopt = adoptRun('s3-outage', { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2' })
    const before = await team.s3FaultsServed()
    await team.failS3(9)
    const result = await runAction(adopt)
    const report = expectFinished(result, 's3-outage')
    expect(result.outputs['run-id']).toBe(runId)
    expect((await team.s3FaultsServed()) - before).toBe(9)
    expect(retries(result.stdout)).toEqual([
      `MLflow tracking server ${team.url} (mlflow-artifacts): HTTP 500; retrying (attempt 2 of 3) in 1 s`,
      `MLflow tracking server ${team.url} (mlflow-artifacts): HTTP 500; retrying (attempt 3 of 3) in 2 s`
    ])
    const warning =
      `Could not log the care label with run ${runId} (artifacts under care-label/): The MLflow tracking server ${team.url} answered mlflow-artifacts with HTTP 500 after 3 attempts: Internal Server Error. ` +
      `Check that this job can write to the run's artifact store (mlflow-artifacts:/${report.run.experimentId}/${runId}/artifacts): a tracking server's --artifacts-destination, or the credentials of its bucket in the job's environment. The report is not affected.`
    expect(labelWarnings(result)).toEqual([`::warning::${warning}`])
    expect(report.labelArtifacts).toBeUndefined()
    expect(report.notes).toContain(warning)
    expect(result.summary).not.toContain('The label is logged with the run in MLflow')
    // The tags are in PostgreSQL; no file of the label is in the bucket.
    const stored = await storedRun(runId)
    expect(stored.careLabelTags['care-label.grade']).toBe(result.outputs['grade'])
    expect(stored.label).toEqual({})

    const rerun = await runAction(adopt)
    const again = expectFinished(rerun, 's3-outage')
    expect(labelWarnings(rerun)).toEqual([])
    expect(again.labelArtifacts).toEqual({ uri: `runs:/${runId}/care-label`, tagged: true })
    expect(rerun.summary).toContain('The label is logged with the run in MLflow')
    await expectLabelled(rerun)
    // The nine faults were all spent on the first attempt.
    expect((await team.s3FaultsServed()) - before).toBe(9)
  })
})

describe('PostgreSQL restarts between the project run and the report', () => {
  it('the tracking server answers 503 meanwhile; the action retries and finishes', async () => {
    const running = start(actionRun('postgres', { hold: true }))
    await running.line(new RegExp(`^${HELD}$`))
    await team.restartPostgres(async () => {
      const retried = running.line(/; retrying \(attempt 2 of 11\)/)
      await letGo()
      // The tracking server, without its database, has answered: PostgreSQL comes back.
      expect(await retried).toBe(
        `MLflow tracking server ${team.url} (runs/get): HTTP 503; retrying (attempt 2 of 11) in 1 s`
      )
    })
    const result = await running.result
    expectFinished(result, 'postgres')
    await expectLabelled(result)
  })
})
