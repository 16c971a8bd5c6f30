/**
 * End to end: the care-label tests across a matrix, without a tracking server. Each job is the
 * committed `node dist/index.js` on a fresh runner (the same RUNNER_TEMP path, emptied, as on
 * GitHub-hosted runners), against the loopback GitHub API and artifact service: a training job
 * and two test jobs in `mode: partial` upload partial bundles; a fourth test job is cancelled
 * before it reports; then one `mode: aggregate` job merges the bundles into one report, one
 * comment and one check, with the cancelled job's test shown as not measured.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import type { Report } from '../../src/core/report/types.js'
import {
  makeWorkspace,
  pullRequestEnv,
  pullRequestEvent,
  pushEnv,
  runAction,
  type ActionResult
} from '../support/action-runner.js'
import { startArtifactService, type ArtifactService } from '../support/artifact-service.js'
import { compareRoute } from '../support/compare-commits.js'
import { contentsRoute } from '../support/contents.js'
import { workflowRoutes, type WorkflowRoutes } from '../support/workflow-runs.js'
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import {
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const RUN = 501
const PR = 21
const HEAD = '5'.repeat(40)
const CONFIG = `metrics:
  test_accuracy:
    greater_is_better: true
    threshold: 0.8
    category: quality
  robustness_index:
    greater_is_better: true
    threshold: 0.5
    category: robustness
  latency_p50_ms:
    greater_is_better: false
    level: warn
    category: runtime
tests:
  quality:
    runs_on: cpu
  robustness:
    runs_on: cpu
  runtime:
    runs_on: gpu
  memory:
    runs_on: gpu
`

/** main's push: its matrix records the history that the pull request's compares with. */
const MAIN_RUN = 500
const MAIN_SHA = '4'.repeat(40)

let service: ArtifactService
let github: GitHubApiServer
let routes: WorkflowRoutes
let workspace: string
let runnerTemp: string

beforeAll(async () => {
  service = await startArtifactService({ owner: OWNER, repo: REPO })
  routes = workflowRoutes(OWNER, REPO, 'https://github.com')
  // The pull request branched off main's push.
  const compare = compareRoute(OWNER, REPO, base =>
    base === 'main' ? { sha: MAIN_SHA, date: new Date().toISOString() } : undefined
  )
  const contents = contentsRoute(OWNER, REPO, file =>
    file === '.github/care-label.yml' ? CONFIG : undefined
  )
  github = await startGitHubApiServer({
    extraRoutes: (req, res, url) =>
      routes.handle(req, res, url) ||
      compare(req, res, url) ||
      contents(req, res, url) ||
      service.restHandler(req, res, url)
  })
  github.addIssue(OWNER, REPO, PR)
  workspace = makeWorkspace(CONFIG)
  runnerTemp = path.join(mkdtempSync(path.join(os.tmpdir(), 'care-label-matrix-')), 'temp')
})

afterAll(async () => {
  await service?.stop()
  await github?.stop()
  for (const dir of [workspace, runnerTemp && path.dirname(runnerTemp)]) {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
})

/** One job of workflow run `runId` on a fresh runner. */
function job(
  name: string,
  inputs: Record<string, string>,
  options: {
    runId?: number
    pr?: number
    /** A push to main of this commit, instead of the pull request. */
    push?: string
    /** A runner whose temp directory is elsewhere (a self-hosted one). */
    runnerTemp?: string
    env?: Record<string, string>
    killOn?: (line: string) => boolean
  } = {}
): Promise<ActionResult> {
  rmSync(runnerTemp, { recursive: true, force: true })
  mkdirSync(runnerTemp, { recursive: true })
  const runId = options.runId ?? RUN
  return runAction({
    workspace,
    inputs: { project: 'model', ...inputs },
    event: options.push ? {} : pullRequestEvent(options.pr ?? PR, HEAD),
    env: {
      ...(options.push ? pushEnv('main', options.push) : pullRequestEnv(options.pr ?? PR)),
      GITHUB_API_URL: github.url,
      'INPUT_GITHUB-TOKEN': WRITE_TOKEN,
      GITHUB_RUN_ID: String(runId),
      GITHUB_JOB: name,
      GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/model.yml@refs/pull/${options.pr ?? PR}/merge`,
      RUNNER_TEMP: options.runnerTemp ?? runnerTemp,
      ...service.env({ workflowRunId: runId, workflowJobRunBackendId: `job-${name}` }),
      ...options.env
    },
    killOn: options.killOn,
    timeoutMs: 280_000
  })
}

const errors = (result: ActionResult) =>
  result.stdout.split('\n').filter(line => line.startsWith('::error'))

const partialsOf = (runId: number) =>
  service
    .artifacts()
    .filter(a => a.workflowRunId === runId && a.name.startsWith('care-label-partial-'))
    .map(a => a.name)
    .sort()

describe('care-label tests across a matrix', () => {
  let runId = ''
  let mainRunId = ''

  it("on a push to main, the aggregate job keeps the training job's store with every job's test runs as the history", async () => {
    const on = { runId: MAIN_RUN, push: MAIN_SHA }
    const train = await job('train', { mode: 'partial', tests: 'quality' }, on)
    expect(errors(train)).toEqual([])
    mainRunId = train.outputs['run-id'] ?? ''
    const test = await job(
      'test',
      { mode: 'partial', 'run-id': mainRunId, tests: 'robustness' },
      on
    )
    expect(errors(test)).toEqual([])
    const aggregate = await job('aggregate', { mode: 'aggregate' }, on)
    expect(errors(aggregate)).toEqual([])
    expect(aggregate.code).toBe(0)
    expect(aggregate.outputs['verdict']).toBe('no-baseline')
    routes.addRun({
      id: MAIN_RUN,
      workflowFile: 'model.yml',
      name: 'model',
      branch: 'main',
      event: 'push',
      conclusion: 'success',
      headSha: MAIN_SHA
    })
    // Only the aggregate job keeps the history.
    expect(
      service
        .artifacts()
        .filter(a => a.workflowRunId === MAIN_RUN)
        .map(a => a.name)
        .sort()
    ).toEqual([
      'care-label-partial-test-robustness',
      'care-label-partial-train-quality',
      'care-label-report-model-aggregate',
      'care-label-store-iris-classifier'
    ])
  })

  it('the training job trains, runs its share (quality) and uploads its store in its bundle', async () => {
    const result = await job('train', { mode: 'partial', tests: 'quality' })
    expect(errors(result)).toEqual([])
    expect(result.code).toBe(0)
    runId = result.outputs['run-id'] ?? ''
    expect(runId).toMatch(/^[0-9a-f]{32}$/)
    expect(result.stdout).toContain('::group::mlflow run model -e quality (local)')
    expect(result.stdout).not.toContain('-e robustness')
    expect(partialsOf(RUN)).toEqual(['care-label-partial-train-quality'])
    // A partial job writes nothing to the pull request.
    expect(github.comments(OWNER, REPO, PR)).toEqual([])
    expect(github.checkRuns(OWNER, REPO).filter(c => c.head_sha === HEAD)).toEqual([])
    expect(result.summary).toContain('This job trained run')
  })

  it('two test jobs start from that store and run theirs, each where it runs', async () => {
    const cpu = await job(
      'test',
      { mode: 'partial', 'run-id': runId, tests: 'robustness' },
      { env: { RUNNER_NAME: 'cpu-runner-2' } }
    )
    expect(errors(cpu)).toEqual([])
    expect(cpu.code).toBe(0)
    expect(cpu.stdout).toContain(
      "Starting from the store of partial bundle 'care-label-partial-train-quality'"
    )
    // The job trains nothing: the run it tests is the training job's.
    expect(cpu.stdout).not.toContain('-e main')
    const gpu = await job(
      'test',
      { mode: 'partial', 'run-id': runId, tests: 'runs-on:gpu' },
      {
        env: { RUNNER_NAME: 'gpu-runner-1', RUNNER_ARCH: 'ARM64' },
        // Cancelled as its first test starts: it uploads nothing.
        killOn: line => line.startsWith('::group::mlflow run model -e runtime')
      }
    )
    expect(gpu.code).not.toBe(0)
    const gpuShare = await job(
      'test',
      { mode: 'partial', 'run-id': runId, tests: 'runtime' },
      { env: { RUNNER_NAME: 'gpu-runner-1', RUNNER_ARCH: 'ARM64' } }
    )
    expect(errors(gpuShare)).toEqual([])
    expect(gpuShare.code).toBe(0)
    expect(partialsOf(RUN)).toEqual([
      'care-label-partial-test-robustness',
      'care-label-partial-test-runtime',
      'care-label-partial-train-quality'
    ])
  })

  it('refuses to start a test job from a store made at another path, before any test runs', async () => {
    const elsewhere = path.join(path.dirname(runnerTemp), 'self-hosted-temp')
    const result = await job(
      'test',
      { mode: 'partial', 'run-id': runId, tests: 'memory' },
      { runnerTemp: elsewhere }
    )
    expect(result.code).toBe(1)
    expect(errors(result).join('\n')).toContain(
      "Input 'output-dir': the store of partial bundle 'care-label-partial-train-quality' keeps its runs' artifacts in"
    )
    expect(result.stdout).not.toContain('::group::mlflow run')
    expect(partialsOf(RUN)).not.toContain('care-label-partial-test-memory')
  })

  it('the aggregate job posts one comment and one check with every test, the missing one not measured', async () => {
    const result = await job('aggregate', { mode: 'aggregate' })
    expect(errors(result)).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs['run-id']).toBe(runId)
    expect(result.outputs['baseline-run-id']).toBe(mainRunId)
    const report = JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as Report
    // main's tests, found in its history: the training job's, and the one copied in from a test job.
    expect(report.tests?.map(t => [t.name, t.baselineRunId !== undefined])).toEqual([
      ['quality', true],
      ['robustness', true],
      ['runtime', false],
      ['memory', false]
    ])
    expect(
      report.comparison.metrics.find(m => m.metric === 'robustness_index')?.baseline
    ).toBeDefined()
    expect(report.tests?.map(t => [t.name, t.status])).toEqual([
      ['quality', 'passed'],
      ['robustness', 'passed'],
      ['runtime', 'passed'],
      ['memory', 'not-measured']
    ])
    const where = Object.fromEntries((report.tests ?? []).map(t => [t.name, t.ranOn ?? '']))
    expect(where['robustness']).toContain('cpu-runner-2')
    expect(where['runtime']).toContain('gpu-runner-1 · Linux ARM64')
    // The tests' metrics are judged with the training run's.
    expect(Object.keys(report.run.metrics)).toEqual(
      expect.arrayContaining(['accuracy', 'test_accuracy', 'robustness_index', 'latency_p50_ms'])
    )
    const comments = github.comments(OWNER, REPO, PR)
    expect(comments).toHaveLength(1)
    const body = comments[0]?.body ?? ''
    expect(body).toContain('| Ran on |')
    expect(body).toContain(
      `[⬜ not measured](https://github.com/${OWNER}/${REPO}/actions/runs/${RUN})`
    )
    // One check on the pull request's head (main's push has its own, on its commit).
    expect(github.checkRuns(OWNER, REPO).filter(c => c.head_sha === HEAD)).toHaveLength(1)
    // The other jobs' test runs are in this job's store, nested under the training run.
    const store = new SqliteTrackingStore(
      path.join(runnerTemp, 'care-label', 'mlflow', 'mlflow.db')
    )
    try {
      for (const test of (report.tests ?? []).filter(t => t.status === 'passed')) {
        const run = await store.getRun(test.runId ?? '')
        expect(run.data.tags).toMatchObject({
          'mlflow.parentRunId': runId,
          'care-label.test': test.name
        })
        expect(run.info.status).toBe('FINISHED')
        expect(Object.keys(run.data.metrics).length).toBeGreaterThan(0)
      }
    } finally {
      await store.close()
    }
  })

  it('an aggregate job of a workflow run without partial bundles fails with what to do', async () => {
    const result = await job('aggregate', { mode: 'aggregate' }, { runId: 502 })
    expect(result.code).toBe(1)
    expect(errors(result).join('\n')).toContain(
      'workflow run 502 has no partial bundle (care-label-partial-*)'
    )
    expect(result.stderr).toBe('')
  })
})

describe('care-label tests across a matrix, with a tracking server', () => {
  const RUN_ID = 601
  const PR_ID = 22
  let server: MlflowServer

  beforeAll(async () => {
    server = await startMlflowServer()
    github.addIssue(OWNER, REPO, PR_ID)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('every job logs to the server; the bundles carry no store; the aggregate reports once', async () => {
    const checksBefore = github.checkRuns(OWNER, REPO).length
    const on = { runId: RUN_ID, pr: PR_ID }
    const uri = { 'tracking-uri': server.url }
    const train = await job('train', { ...uri, mode: 'partial', tests: 'none' }, on)
    expect(errors(train)).toEqual([])
    expect(train.code).toBe(0)
    const runId = train.outputs['run-id'] ?? ''
    const test = await job(
      'test',
      { ...uri, mode: 'partial', 'run-id': runId, tests: 'quality,robustness' },
      on
    )
    expect(errors(test)).toEqual([])
    expect(test.code).toBe(0)
    // Nothing to download: the run is on the server.
    expect(test.stdout).not.toContain('Looking for the store')
    const bundles = service.artifacts().filter(a => a.workflowRunId === RUN_ID)
    expect(bundles.map(a => a.name).sort()).toEqual([
      'care-label-partial-test-quality+robustness',
      'care-label-partial-train-none'
    ])
    // partial.json alone: a few kilobytes, where one with a store has the model in it.
    for (const bundle of bundles) expect(bundle.size).toBeLessThan(20_000)

    const aggregate = await job('aggregate', { ...uri, mode: 'aggregate', 'run-id': runId }, on)
    expect(errors(aggregate)).toEqual([])
    expect(aggregate.code).toBe(0)
    const report = JSON.parse(readFileSync(aggregate.outputs['report'] ?? '', 'utf8')) as Report
    expect(report.tests?.map(t => [t.name, t.status])).toEqual([
      ['quality', 'passed'],
      ['robustness', 'passed'],
      ['runtime', 'not-measured'],
      ['memory', 'not-measured']
    ])
    // The links go to the server's UI.
    expect(report.tests?.[0]?.url).toMatch(new RegExp(`^${server.url}/#/experiments/\\d+/runs/`))
    expect(github.comments(OWNER, REPO, PR_ID)).toHaveLength(1)
    expect(github.checkRuns(OWNER, REPO)).toHaveLength(checksBefore + 1)
    expect(
      service
        .artifacts()
        .some(a => a.workflowRunId === RUN_ID && a.name.startsWith('care-label-store'))
    ).toBe(false)
  })
})
