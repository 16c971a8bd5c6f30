/**
 * MLflow 3 logged models through the real adapters, against what MLflow itself answers: the same
 * runs and models written by the pinned MLflow into an SQLite store, a FileStore and a real
 * `mlflow server`, read by our three stores and by `search_logged_models`. Then registry
 * promotion through MLflow's own client, into the server and into the local store, read back
 * with MLflow.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { openStore } from '../../src/adapters/mlflow/open-store.js'
import { echoingCommandRunner } from '../../src/adapters/project/commands.js'
import { mlflowModelRegistry } from '../../src/adapters/project/model-registry.js'
import { mlflowResolver } from '../../src/adapters/project/project-runner.js'
import type { LoggedModel } from '../../src/core/runs.js'
import { RegistryError } from '../../src/errors.js'
import type { TrackingStore } from '../../src/ports.js'
import { parseTrackingUri } from '../../src/settings/tracking-uri.js'
import { memoryLog } from '../support/fakes.js'
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import { runPython, venvPath } from '../support/python.js'

/**
 * Logs, into the store MLFLOW_TRACKING_URI names: run `train` with two logged models (one a real
 * scikit-learn model), metrics on each over several steps and one NaN, and a later run `eval`
 * that logs a metric on the first model; run `plain` with no model. Prints the run ids and, as
 * MLflow's `search_logged_models` gives them, each train model's latest metric values.
 */
const LOG = `
import json, math, mlflow
from sklearn.linear_model import LogisticRegression
mlflow.set_experiment("models")
with mlflow.start_run(run_name="train") as train:
    mlflow.log_metric("accuracy", 0.5)
    clf = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    forest = mlflow.sklearn.log_model(clf, name="forest", pip_requirements=["scikit-learn"])
    other = mlflow.initialize_logged_model(name="other")
    for step, value in enumerate([0.7, 0.9, 0.8]):
        mlflow.log_metric("accuracy", value, step=step, model_id=forest.model_id)
    mlflow.log_metric("loss", float("nan"), model_id=forest.model_id)
    mlflow.log_metric("accuracy", 0.25, model_id=other.model_id)
    mlflow.log_metric("accuracy", 0.5)
with mlflow.start_run(run_name="eval"):
    mlflow.log_metric("robust_accuracy", 0.66, model_id=forest.model_id)
with mlflow.start_run(run_name="plain") as plain:
    mlflow.log_metric("accuracy", 0.1)
models = mlflow.search_logged_models(filter_string=f"source_run_id = '{train.info.run_id}'", output_format="list")
def latest(metrics):
    best = {}
    for m in metrics:
        if m.key not in best or (m.step, m.timestamp, m.value) > (best[m.key].step, best[m.key].timestamp, best[m.key].value):
            best[m.key] = m
    return {k: (None if math.isnan(m.value) else m.value) for k, m in best.items()}
print(json.dumps({
    "train": train.info.run_id,
    "plain": plain.info.run_id,
    "experiment": train.info.experiment_id,
    "models": sorted([{"modelId": m.model_id, "name": m.name, "status": str(m.status), "metrics": latest(m.metrics)} for m in models], key=lambda m: m["name"]),
}))
`

interface Logged {
  train: string
  plain: string
  experiment: string
  models: Array<{
    modelId: string
    name: string
    status: string
    metrics: Record<string, number | null>
  }>
}

let dir: string
let server: MlflowServer
const logged: Record<string, Logged> = {}
const stores: Record<string, TrackingStore> = {}

function logInto(uri: string, env: Record<string, string> = {}): Logged {
  const out = runPython(LOG, { MLFLOW_TRACKING_URI: uri, ...env })
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Logged
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-models-'))
  server = await startMlflowServer()
  const where = { workspace: dir, outputDir: dir, env: {} }
  const uris = {
    sqlite: `sqlite:///${path.join(dir, 'mlflow.db')}`,
    file: `file://${path.join(dir, 'mlruns')}`,
    server: server.url
  }
  logged['sqlite'] = logInto(uris.sqlite)
  logged['file'] = logInto(uris.file, { MLFLOW_ALLOW_FILE_STORE: 'true' })
  logged['server'] = logInto(uris.server)
  for (const [kind, uri] of Object.entries(uris)) {
    stores[kind] = openStore(parseTrackingUri(uri, where), { env: {} })
  }
})

afterAll(async () => {
  for (const store of Object.values(stores)) await store.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Our models as MLflow's script prints them (NaN as null, as JSON has it). */
function asLogged(models: LoggedModel[]): Logged['models'] {
  return models
    .map(m => ({
      modelId: m.modelId,
      name: m.name,
      status: m.status,
      metrics: Object.fromEntries(
        Object.entries(m.metrics).map(([k, v]) => [k, Number.isNaN(v) ? null : v])
      )
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

describe.each(['sqlite', 'file', 'server'])('logged models in the %s store', kind => {
  it("are the train run's, with each metric's latest value, as MLflow gives them", async () => {
    const { experiment, train, models } = logged[kind]!
    const ours = await stores[kind]!.loggedModels(experiment, train)
    expect(asLogged(ours)).toEqual(models)
    // What MLflow gives, spelled out: the forest's accuracy at its last step, its NaN (which
    // MLflow's SQL store keeps as 0: its table of model metrics has no NaN flag), and the metric
    // a later run logged on it.
    const loss = kind === 'file' ? null : 0
    expect(models.map(m => [m.name, m.status, m.metrics])).toEqual([
      ['forest', 'READY', { accuracy: 0.8, loss, robust_accuracy: 0.66 }],
      ['other', 'PENDING', { accuracy: 0.25 }]
    ])
    expect(ours.every(m => m.sourceRunId === train && m.experimentId === experiment)).toBe(true)
  })

  it('are none for a run that logged none', async () => {
    const { experiment, plain } = logged[kind]!
    expect(await stores[kind]!.loggedModels(experiment, plain)).toEqual([])
  })
})

describe("registry promotion through MLflow's client", () => {
  const log = memoryLog()
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() })
  const cli = mlflowResolver({
    commands: echoingCommandRunner(quiet),
    env: { ...process.env, PATH: venvPath(), PYTHONWARNINGS: 'ignore' },
    log,
    mlflowVersion: '3.17.2'
  })
  const registry = mlflowModelRegistry(cli)

  /** The version's source, tags and the alias's holder, as MLflow reads them. */
  function readBack(uri: string, name: string, version: string, alias: string): unknown {
    const script = `
import json, sys
from mlflow import MlflowClient
q = json.load(sys.stdin)
c = MlflowClient()
v = c.get_model_version(q["name"], q["version"])
holder = c.get_model_version_by_alias(q["name"], q["alias"]).version
print(json.dumps({"source": v.source, "runId": v.run_id, "tags": v.tags, "alias": str(holder)}))
`
    const query = JSON.stringify({ name, version, alias })
    return JSON.parse(runPython(script, { MLFLOW_TRACKING_URI: uri }, query))
  }

  it.each([
    ['server', () => server.url],
    ['sqlite', () => `sqlite:///${path.join(dir, 'mlflow.db')}`]
  ])(
    'registers the logged model in the %s store, then moves the alias to the next version',
    async (kind, uriOf) => {
      const uri = uriOf()
      const forest = logged[kind]!.models.find(m => m.name === 'forest')!
      const request = {
        trackingUri: uri,
        name: 'iris-classifier',
        alias: 'candidate',
        modelUri: `models:/${forest.modelId}`,
        tags: { 'care-label.grade': 'B', 'care-label.git.head-sha': 'abc' }
      }
      expect(await registry.register(request)).toEqual({ version: '1' })
      expect(readBack(uri, 'iris-classifier', '1', 'candidate')).toEqual({
        source: `models:/${forest.modelId}`,
        runId: logged[kind]!.train,
        tags: { 'care-label.grade': 'B', 'care-label.git.head-sha': 'abc' },
        alias: '1'
      })
      expect(await registry.register({ ...request, tags: { 'care-label.grade': 'A' } })).toEqual({
        version: '2',
        previousVersion: '1'
      })
      expect(readBack(uri, 'iris-classifier', '2', 'candidate')).toMatchObject({
        tags: { 'care-label.grade': 'A' },
        alias: '2'
      })
    }
  )

  it('says what MLflow said when the model is not there', async () => {
    const error = await registry
      .register({
        trackingUri: `sqlite:///${path.join(dir, 'mlflow.db')}`,
        name: 'iris-classifier',
        alias: 'candidate',
        modelUri: 'models:/m-00000000000000000000000000000000',
        tags: {}
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegistryError)
    // MLflow 3.17.2's SQL store answers an unknown logged model with INTERNAL_ERROR.
    expect((error as RegistryError).errorCode).toBe('INTERNAL_ERROR')
    expect((error as RegistryError).message).toMatch(/m-00000000000000000000000000000000/)
  })
})
