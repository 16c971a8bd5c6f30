/**
 * End to end: a sweep (`select:`). The project's entry point is a hyperparameter sweep as
 * MLflow's tutorials write one, each trial a nested run of the run `mlflow run` made; the action
 * runs it with the real `mlflow run`, takes the best trial by the config's metric as the
 * candidate, and says which it took. A second push compares its best trial with the first
 * sweep's best trial.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import type { Report } from '../../src/core/report/types.js'
import { makeWorkspace, pushEnv, runAction } from '../support/action-runner.js'

const CONFIG = `select:
  metric: val_loss
  mode: min
metrics:
  val_loss:
    greater_is_better: false
    threshold: 0.6
    category: quality
`

const MLPROJECT = `name: sweep
entry_points:
  main:
    parameters:
      offset: {type: float, default: 0}
    command: "python sweep.py {offset}"
`

/** Three trials; the second is best (val_loss 0.2 + offset). */
const SWEEP = `import sys
import mlflow

offset = float(sys.argv[1])
with mlflow.start_run():
    for i, lr in enumerate([0.1, 0.01, 0.3]):
        with mlflow.start_run(run_name=f"trial-{i}", nested=True):
            mlflow.log_param("lr", lr)
            mlflow.log_metric("val_loss", {0.1: 0.5, 0.01: 0.2, 0.3: 0.9}[lr] + offset)
`

let workspace: string
let out: string

beforeAll(() => {
  workspace = makeWorkspace(CONFIG)
  mkdirSync(path.join(workspace, 'sweep'))
  writeFileSync(path.join(workspace, 'sweep', 'MLproject'), MLPROJECT)
  writeFileSync(path.join(workspace, 'sweep', 'sweep.py'), SWEEP)
  out = path.join(workspace, 'out')
})

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

function push(sha: string, offset: string) {
  return runAction({
    workspace,
    inputs: {
      project: 'sweep',
      parameters: `offset=${offset}`,
      'output-dir': out,
      'tracking-uri': `sqlite:///${path.join(out, 'store', 'mlflow.db')}`,
      comment: 'off',
      'check-name': ''
    },
    env: pushEnv('main', sha),
    timeoutMs: 200_000
  })
}

const report = () => JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report

describe('a sweep as the candidate', () => {
  let firstBest = ''

  it('takes the best trial of the sweep the project ran, and says which', async () => {
    const result = await push('a'.repeat(40), '0')
    expect(result.stdout.split('\n').filter(l => l.startsWith('::error'))).toEqual([])
    expect(result.code).toBe(0)
    const parent = result.outputs['run-id'] ?? ''
    const r = report()
    const store = new SqliteTrackingStore(path.join(out, 'store', 'mlflow.db'))
    try {
      const best = await store.getRun(r.run.runId)
      expect(best.info.runName).toBe('trial-1')
      expect(best.data.tags['mlflow.parentRunId']).toBe(parent)
      expect(best.data.params['lr']).toBe('0.01')
    } finally {
      await store.close()
    }
    expect(r.run.sweep).toMatchObject({ parentRunId: parent, children: 3 })
    expect(r.run.metrics['val_loss']).toBeCloseTo(0.2, 10)
    expect(result.summary).toContain('the best of 3 child runs of sweep run')
    firstBest = r.run.runId
  })

  it("compares the next sweep's best trial with the last sweep's best trial", async () => {
    const result = await push('b'.repeat(40), '0.1')
    expect(result.code).toBe(0)
    const r = report()
    expect(r.baseline?.runId).toBe(firstBest)
    const verdict = r.comparison.metrics.find(m => m.metric === 'val_loss')
    expect(verdict?.candidate).toBeCloseTo(0.3, 10)
    expect(verdict?.baseline).toBeCloseTo(0.2, 10)
    expect(verdict?.status).toBe('pass')
  })
})
