/**
 * A FileStore written by MLflow 2.22 (test/fixtures/filestore-2x, made by scripts/make-fixtures.sh)
 * read by our FileStore: runs, metrics, histories and searches equal what MLflow 2.22 read back.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { FileTrackingStore } from '../../src/adapters/mlflow/filestore/file-store.js'

const DIR = new URL('../fixtures/filestore-2x/', import.meta.url)

interface Expected {
  mlflow: string
  experiment_id: string
  runs: Record<
    string,
    {
      name: string
      status: string
      lifecycle_stage: string
      start_time: number
      params: Record<string, string>
      tags: Record<string, string>
      metrics: Record<string, number | string>
      acc_history: Array<[number, number | string]>
    }
  >
  searches: Array<{ filter: string; order_by: string[]; ids: string[] }>
}

const expected: Expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8'))
const store = new FileTrackingStore(fileURLToPath(new URL('mlruns', DIR)))

/** Python's repr of NaN and infinities, as written into expected.json. */
function fromPython(value: number | string): number {
  if (typeof value === 'number') return value
  return value === 'nan'
    ? Number.NaN
    : value === 'inf'
      ? Number.POSITIVE_INFINITY
      : Number.NEGATIVE_INFINITY
}

it('is a store written by MLflow 2.x', () => {
  expect(expected.mlflow).toMatch(/^2\./)
})

describe.each(Object.entries(expected.runs))('run %s', (runId, want) => {
  it('reads info, params, tags and latest metrics as MLflow 2.x does', async () => {
    const run = await store.getRun(runId)
    expect(run.info).toMatchObject({
      runName: want.name,
      status: want.status,
      lifecycleStage: want.lifecycle_stage,
      startTime: want.start_time,
      experimentId: expected.experiment_id
    })
    expect(run.data.params).toEqual(want.params)
    expect(run.data.tags).toEqual(want.tags)
    expect(Object.keys(run.data.metrics).sort()).toEqual(Object.keys(want.metrics).sort())
    for (const [key, value] of Object.entries(want.metrics)) {
      expect(run.data.metrics[key]).toBe(fromPython(value))
    }
  })

  it('reads the metric history', async () => {
    const history = await store.getMetricHistory(runId, 'acc')
    expect(history.map(p => [p.step, p.value])).toEqual(
      want.acc_history.map(([s, v]) => [s, fromPython(v)])
    )
  })
})

it.each(expected.searches.map(s => [s.filter, s.order_by, s.ids] as const))(
  'searches %j ordered by %j as MLflow 2.x does',
  async (filter, orderBy, ids) => {
    const page = await store.searchRuns({
      experimentIds: [expected.experiment_id],
      filter,
      orderBy: [...orderBy]
    })
    expect(page.runs.map(r => r.info.runId)).toEqual(ids)
  }
)

describe('the model registry of a FileStore', () => {
  it('is not read: baseline.model names the stores that can', async () => {
    await expect(store.getModelVersion('iris', 'champion')).rejects.toThrow(
      'models:/iris@champion: the model registry of a legacy FileStore (./mlruns) is not read by this action. Use a tracking server, or an SQLite store (sqlite:///mlflow.db), for baseline.model.'
    )
  })
})
