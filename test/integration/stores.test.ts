/**
 * The REST and SQLite stores against data written by the real, pinned MLflow: a real
 * `mlflow server` on loopback, and its SQLite backend read directly.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { RestTrackingStore, restOptionsFromEnv } from '../../src/adapters/mlflow/rest-store.js'
import {
  SqliteTrackingStore,
  sqlitePathFromUri
} from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import type { TrackingStore } from '../../src/ports.js'
import { freePort, startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import { runPython } from '../support/python.js'

let server: MlflowServer
let ids: Record<string, string>
/** What MLflow's own client returns for each of FILTERS: run ids in order, or a rejection. */
let mlflowSearches: Array<string[] | { rejected: string }>
/** MLflow's own view of run base-new's metrics (NaN and inf as Python's repr). */
let mlflowMetrics: Record<string, number | string>

const LOG_RUNS = `
import json, math, time, mlflow
from mlflow import MlflowClient
mlflow.set_experiment("stores")
ids = {}
def log(name, metrics, params, tags, status="FINISHED"):
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_params(params)
        mlflow.set_tags(tags)
        for key, values in metrics.items():
            for step, value in enumerate(values):
                mlflow.log_metric(key, value, step=step)
        ids[name] = run.info.run_id
    if status != "FINISHED":
        MlflowClient().set_terminated(run.info.run_id, status)
    time.sleep(0.02)
log("base-old", {"acc": [0.5, 0.8]}, {"depth": "3"}, {"care-label.git.ref": "refs/heads/main", "mlflow.project.entryPoint": "main"})
log("base-new", {"acc": [0.6, 0.9], "loss": [float("nan")], "size": [float("inf")]}, {"depth": "4"}, {"care-label.git.ref": "refs/heads/main", "mlflow.project.entryPoint": "main"})
log("failed", {"acc": [0.99]}, {"depth": "5"}, {"care-label.git.ref": "refs/heads/main", "mlflow.project.entryPoint": "main"}, status="FAILED")
log("pr", {"acc": [0.7, 0.85]}, {"depth": "6", "note": "it's; \\"x\\""}, {"care-label.git.ref": "refs/pull/1/merge", "mlflow.project.entryPoint": "main"})
log("deleted", {"acc": [1.0]}, {"depth": "7"}, {"care-label.git.ref": "refs/heads/main", "mlflow.project.entryPoint": "main"})
MlflowClient().delete_run(ids["deleted"])
client = MlflowClient()
client.create_registered_model("iris")
def version(run_name):
    run = mlflow.get_run(ids[run_name])
    return client.create_model_version("iris", source=run.info.artifact_uri + "/model", run_id=run.info.run_id).version
old, new = version("base-old"), version("base-new")
external = client.create_model_version("iris", source="s3://models/iris/7").version
client.set_registered_model_alias("iris", "champion", old)
client.set_registered_model_alias("iris", "previous", old)
client.set_registered_model_alias("iris", "champion", new)
client.set_registered_model_alias("iris", "external", external)
searches = []
for filter_string, order_by in json.loads(FILTERS):
    try:
        found = mlflow.search_runs(experiment_names=["stores"], filter_string=filter_string, order_by=order_by)
        searches.append(list(found["run_id"]) if len(found) else [])
    except Exception as error:
        searches.append({"rejected": str(error)[:200]})
metrics = {k: (repr(v) if math.isnan(v) or math.isinf(v) else v) for k, v in mlflow.get_run(ids["base-new"]).data.metrics.items()}
print(json.dumps({"ids": ids, "searches": searches, "metrics": metrics}))
`

/**
 * Filter, order, and the message our SQLite store refuses the filter with where MLflow refuses it
 * (the REST store passes on MLflow's own).
 */
const FILTERS: Array<[string, string[], string?]> = [
  [
    "attributes.status = 'FINISHED' AND tags.`care-label.git.ref` = 'refs/heads/main'",
    ['attributes.start_time DESC']
  ],
  ['metrics.acc > 0.82', ['metrics.acc DESC']],
  [
    "params.depth IN ('3', '6')",
    [],
    "Invalid comparator 'IN' for param 'depth' at position 14; use one of =, !=, LIKE, ILIKE."
  ],
  ["params.depth = '3'", []],
  ["tags.`mlflow.runName` LIKE 'base%'", ['attributes.start_time ASC']],
  ['', ['metrics.loss ASC']],
  ["attributes.run_name ILIKE 'PR'", []]
]

beforeAll(async () => {
  server = await startMlflowServer()
  const out = JSON.parse(
    runPython(
      `FILTERS = ${JSON.stringify(JSON.stringify(FILTERS.map(f => f.slice(0, 2))))}\n${LOG_RUNS}`,
      {
        MLFLOW_TRACKING_URI: server.url
      }
    )
      .trim()
      .split('\n')
      .pop() ?? '{}'
  )
  ids = out.ids
  mlflowSearches = out.searches
  mlflowMetrics = out.metrics
})

afterAll(async () => {
  await server?.stop()
})

function stores(): Array<[string, () => TrackingStore]> {
  return [
    ['REST', () => new RestTrackingStore(restOptionsFromEnv(server.url, {}))],
    ['SQLite', () => new SqliteTrackingStore(sqlitePathFromUri(server.backendUri))]
  ]
}

describe.each([['REST'], ['SQLite']])('%s store', kind => {
  let store: TrackingStore
  beforeAll(() => {
    store = stores().find(([k]) => k === kind)![1]()
  })
  afterAll(async () => store.close())

  it('finds the experiment and reads runs with NaN and infinity', async () => {
    const experiment = await store.getExperimentByName('stores')
    expect(experiment?.name).toBe('stores')
    expect(await store.getExperimentByName('no such experiment')).toBeUndefined()
    const run = await store.getRun(ids['base-new']!)
    expect(run.info).toMatchObject({
      runId: ids['base-new'],
      runName: 'base-new',
      status: 'FINISHED'
    })
    expect(run.data.metrics['acc']).toBe(0.9)
    expect(run.data.metrics['loss']).toBeNaN()
    // MLflow's SQL store keeps +inf as the largest double; read whatever MLflow reads.
    expect(run.data.metrics['size']).toBe(mlflowMetrics['size'])
    expect(run.data.params).toEqual({ depth: '4' })
    const pr = await store.getRun(ids['pr']!)
    expect(pr.data.params['note']).toBe(`it's; "x"`)
  })

  it('reads the model version an alias points to, as MLflow moved it', async () => {
    expect(await store.getModelVersion('iris', 'champion')).toEqual({
      name: 'iris',
      version: '2',
      runId: ids['base-new']
    })
    expect(await store.getModelVersion('iris', 'previous')).toEqual({
      name: 'iris',
      version: '1',
      runId: ids['base-old']
    })
    expect(await store.getModelVersion('iris', 'external')).toEqual({ name: 'iris', version: '3' })
    expect(await store.getModelVersion('iris', 'nobody')).toBeUndefined()
    expect(await store.getModelVersion('no-such-model', 'champion')).toBeUndefined()
  })

  it('reads a full metric history', async () => {
    const history = await store.getMetricHistory(ids['base-old']!, 'acc')
    expect(history.map(p => [p.step, p.value])).toEqual([
      [0, 0.5],
      [1, 0.8]
    ])
  })

  it.each(FILTERS.map(([filter, orderBy, refusal], i) => [filter, orderBy, refusal, i] as const))(
    'searches %j ordered by %j exactly as MLflow does',
    async (filter, orderBy, refusal, index) => {
      const experiment = await store.getExperimentByName('stores')
      const expected = mlflowSearches[index]
      const search = store.searchRuns({
        experimentIds: [experiment!.experimentId],
        filter,
        orderBy
      })
      if (Array.isArray(expected)) {
        expect((await search).runs.map(r => r.info.runId)).toEqual(expected)
      } else {
        const error = await search.then(
          () => undefined,
          (e: unknown) => e
        )
        expect(error).toBeInstanceOf(Error)
        // The REST store words MLflow's own refusal; the SQLite store refuses the filter itself.
        expect((error as Error).message).toBe(
          kind === 'REST'
            ? `The MLflow tracking server ${server.url} answered runs/search with HTTP 400 ${expected?.rejected}`
            : `Invalid MLflow search: ${refusal}`
        )
      }
    }
  )

  it('pages through results', async () => {
    const experiment = await store.getExperimentByName('stores')
    const seen: string[] = []
    let pageToken: string | undefined
    do {
      const page = await store.searchRuns({
        experimentIds: [experiment!.experimentId],
        maxResults: 2,
        pageToken
      })
      seen.push(...page.runs.map(r => r.info.runId))
      pageToken = page.nextPageToken
    } while (pageToken)
    // Every run but the deleted one, once, newest first (MLflow's default order).
    expect(seen).toEqual([ids['pr'], ids['failed'], ids['base-new'], ids['base-old']])
  })
})

describe('writing tags', () => {
  it.each([['REST'], ['SQLite']])('%s: MLflow reads back the tags we set', async kind => {
    const store = stores().find(([k]) => k === kind)![1]()
    await store.setTags(ids['pr']!, {
      [`care-label.test.${kind}`]: 'yes',
      'care-label.note': `${kind}: a "quoted" value`
    })
    await store.close()
    const tags = JSON.parse(
      runPython(
        `import json, mlflow\nprint(json.dumps(mlflow.get_run(${JSON.stringify(ids['pr'])}).data.tags))`,
        {
          MLFLOW_TRACKING_URI: server.url
        }
      )
    )
    expect(tags[`care-label.test.${kind}`]).toBe('yes')
    expect(tags['care-label.note']).toBe(`${kind}: a "quoted" value`)
  })
})

describe('failures', () => {
  it('gives up on an unreachable server within the bound, with a clear message', async () => {
    const port = await freePort()
    const store = new RestTrackingStore(
      restOptionsFromEnv(`http://127.0.0.1:${port}`, {
        MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2',
        MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.05',
        MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0'
      })
    )
    const started = Date.now()
    await expect(store.getExperimentByName('x')).rejects.toThrow(
      new RegExp(
        `^Cannot reach the MLflow tracking server http://127\\.0\\.0\\.1:${port} \\(experiments/get-by-name\\): .*ECONNREFUSED.* after 3 attempt\\(s\\)`
      )
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('reports an MLflow error with its error code', async () => {
    const store = new RestTrackingStore(restOptionsFromEnv(server.url, {}))
    await expect(store.getRun('0'.repeat(32))).rejects.toThrow(
      /answered runs\/get with HTTP 404 RESOURCE_DOES_NOT_EXIST: /
    )
  })

  it('refuses a SQLite store with an unknown schema revision, naming the supported MLflow', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-schema-'))
    try {
      const copy = path.join(dir, 'mlflow.db')
      copyFileSync(sqlitePathFromUri(server.backendUri), copy)
      const db = new DatabaseSync(copy)
      db.exec("UPDATE alembic_version SET version_num = 'ffffffffffff'")
      db.close()
      expect(() => new SqliteTrackingStore(copy)).toThrow(
        `The MLflow store ${copy} has schema revision 'ffffffffffff', which this action does not know. It reads stores written by MLflow 1.x up to 3.17.2.`
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
