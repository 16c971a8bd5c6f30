/**
 * End to end: the example's care-label test suite in one job. `node dist/index.js` trains the
 * example project with the real `mlflow run`, then runs its tests (quality, robustness, runtime,
 * memory, energy) against the model the run logged, each nested under the training run, into a
 * local SQLite store. (How a pull request's tests are judged against the baseline's own is in
 * test/unit/care-tests.test.ts; the demo runs both.)
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import type { Report } from '../../src/core/report/types.js'
import { makeWorkspace, pushEnv, runAction } from '../support/action-runner.js'
import { compareRoute } from '../support/compare-commits.js'
import {
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { ROOT } from '../support/python.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
/** The example's rules for the suite, with its tests. */
const CONFIG = readFileSync(path.join(ROOT, 'examples', 'iris', 'care-label-suite.yml'), 'utf8')
const TESTS = ['quality', 'robustness', 'runtime', 'memory', 'energy']

let github: GitHubApiServer
let workspace: string
let out: string

beforeAll(async () => {
  github = await startGitHubApiServer({
    extraRoutes: compareRoute(OWNER, REPO, base =>
      base === 'main' ? { sha: '0'.repeat(40), date: new Date().toISOString() } : undefined
    )
  })
  workspace = makeWorkspace(CONFIG)
  out = path.join(workspace, 'out')
})

afterAll(async () => {
  await github?.stop()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

function action(trigger: { event?: unknown; env: Record<string, string> }) {
  return runAction({
    workspace,
    inputs: {
      project: 'model',
      'output-dir': out,
      // The store stays in the output directory from run to run (no artifact service here).
      'tracking-uri': `sqlite:///${path.join(out, 'store', 'mlflow.db')}`,
      parameters: 'n_estimators=20'
    },
    event: trigger.event,
    env: { ...trigger.env, GITHUB_API_URL: github.url, 'INPUT_GITHUB-TOKEN': WRITE_TOKEN },
    timeoutMs: 280_000
  })
}

function report(): Report {
  return JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report
}

describe("the example's test suite in one job", () => {
  let mainRunId = ''

  it('on a push to main: trains, runs the five tests nested under the run, rates every category', async () => {
    const result = await action({ env: pushEnv('main', 'a'.repeat(40)) })
    expect(result.stdout.split('\n').filter(line => line.startsWith('::error'))).toEqual([])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    mainRunId = result.outputs['run-id'] ?? ''
    const r = report()
    expect(r.tests?.map(t => [t.name, t.status])).toEqual(TESTS.map(t => [t, 'passed']))
    for (const name of TESTS) {
      expect(result.stdout).toContain(`::group::mlflow run model -e ${name} (local)`)
    }
    const store = new SqliteTrackingStore(path.join(out, 'store', 'mlflow.db'))
    try {
      for (const test of r.tests ?? []) {
        const run = await store.getRun(test.runId ?? '')
        expect(run.data.tags).toMatchObject({
          'mlflow.parentRunId': mainRunId,
          'care-label.test': test.name,
          'mlflow.project.entryPoint': test.name
        })
        // The model under test is the training run's logged model.
        expect(run.data.params['model_uri']).toMatch(/^models:\/m-[0-9a-f]{32}$/)
      }
    } finally {
      await store.close()
    }
    const measured = Object.keys(r.run.metrics)
    for (const metric of [
      'accuracy',
      'test_accuracy',
      'robustness_index',
      'latency_p50_ms',
      'model_size_mb'
    ]) {
      expect(measured).toContain(metric)
    }
    const letters = Object.fromEntries(r.label.categories.map(c => [c.category, c.letter]))
    for (const category of ['quality', 'robustness', 'runtime', 'memory']) {
      expect(letters[category]).toMatch(/^[A-D]$/)
    }
  })
})
