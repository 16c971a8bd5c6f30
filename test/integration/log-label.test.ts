/**
 * The label logged with real runs, through the real adapters: a real `mlflow server` (its
 * artifacts proxied as mlflow-artifacts:), and a local SQLite store made by the real MLflow with
 * its artifacts beside the database, as the action keeps its own. What was logged is read back
 * through MLflow itself, and the tags through our stores.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { echoingCommandRunner } from '../../src/adapters/project/commands.js'
import { mlflowProjectRunner } from '../../src/adapters/project/project-runner.js'
import { openStore } from '../../src/adapters/mlflow/open-store.js'
import type { Report } from '../../src/core/report/types.js'
import type { Run } from '../../src/core/runs.js'
import { parseReport } from '../../src/core/report/validate.js'
import { labelTags } from '../../src/core/tags.js'
import { logLabel } from '../../src/pipeline/log-label.js'
import { collectNotes } from '../../src/pipeline/notes.js'
import { openStores, type Stores } from '../../src/pipeline/open-stores.js'
import {
  sqliteUri,
  storeArtifactsDir,
  type TrackingLocation
} from '../../src/settings/tracking-uri.js'
import { memoryLog } from '../support/fakes.js'
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import { mlflowCli, runPython, venvPath } from '../support/python.js'
import { sampleReport } from '../support/reports.js'

let server: MlflowServer
let dir: string
let database: string
/** Run ids by name, in each store. */
let served: Record<string, string>
let local: Record<string, string>

const LOG_RUNS = (names: string[]) => `
import json, mlflow
mlflow.set_experiment("label")
ids = {}
for name in ${JSON.stringify(names)}:
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_metric("accuracy", 0.95)
        ids[name] = run.info.run_id
print(json.dumps(ids))`

/** What MLflow itself sees of each run: the files under care-label/, and the label's tags. */
const READ_BACK = (runIds: string[]) => `
import json, os, tempfile, mlflow
from mlflow import MlflowClient
client = MlflowClient()
out = {}
for run_id in ${JSON.stringify(runIds)}:
    listed = sorted((a.path, a.file_size) for a in client.list_artifacts(run_id, "care-label"))
    files = {}
    if listed:
        got = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="care-label", dst_path=tempfile.mkdtemp())
        for name in sorted(os.listdir(got)):
            with open(os.path.join(got, name), encoding="utf-8") as f:
                files[name] = f.read()
    tags = {k: v for k, v in client.get_run(run_id).data.tags.items() if k.startswith("care-label.")}
    out[run_id] = {"listed": listed, "files": files, "tags": tags}
print(json.dumps(out))`

interface SeenByMlflow {
  listed: Array<[string, number]>
  files: Record<string, string>
  tags: Record<string, string>
}

function lastJson<T>(out: string): T {
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T
}

function readBack(uri: string, runIds: string[]): Record<string, SeenByMlflow> {
  return lastJson(runPython(READ_BACK(runIds), { MLFLOW_TRACKING_URI: uri }))
}

beforeAll(async () => {
  server = await startMlflowServer()
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-log-label-'))
  served = lastJson(runPython(LOG_RUNS(['shown']), { MLFLOW_TRACKING_URI: server.url }))
  // The local store as the action makes its own: the experiment's artifacts beside mlflow.db.
  database = path.join(dir, 'store', 'mlflow.db')
  const uri = sqliteUri(database)
  mlflowCli(
    [
      'experiments',
      'create',
      '--experiment-name',
      'label',
      '--artifact-location',
      storeArtifactsDir(database)
    ],
    { MLFLOW_TRACKING_URI: uri }
  )
  local = lastJson(
    runPython(LOG_RUNS(['in-node', 'through-mlflow', 'broken']), { MLFLOW_TRACKING_URI: uri })
  )
}, 180_000)

afterAll(async () => {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The real ports: MLflow from the project's venv (its output kept out of the test log). */
async function realDeps(location: TrackingLocation) {
  const log = memoryLog()
  const notes = collectNotes(log)
  const env = { ...process.env, PATH: venvPath(), PYTHONWARNINGS: 'ignore' }
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
  const runner = mlflowProjectRunner({
    commands: echoingCommandRunner(sink),
    env,
    log,
    mlflowVersion: '3.17.2'
  })
  const stores: Stores = await openStores(
    { location },
    { openStore: l => openStore(l, { env }), log, notes }
  )
  return { log, notes, runner, stores }
}

/** A report about `run`, as the pipeline builds it. */
function reportOn(run: Run): Report {
  const report = sampleReport(
    { accuracy: 0.95, f1_macro: 0.91, train_seconds: 2 },
    { accuracy: 0.95, f1_macro: 0.9, train_seconds: 2 }
  )
  report.run = { ...report.run, runId: run.info.runId, experimentId: run.info.experimentId }
  return report
}

/** The files a call logged, from its own directory. */
function filesIn(labelDir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(labelDir).sort()) {
    files[name] = readFileSync(path.join(labelDir, name), 'utf8')
  }
  return files
}

const FILES = ['care-label.svg', 'report.html', 'report.json']

describe('a tracking server (artifacts proxied as mlflow-artifacts:)', () => {
  const location: TrackingLocation = { kind: 'server', uri: '' }

  it('logs the files through the server’s artifact proxy and tags the run', async () => {
    location.uri = server.url
    const deps = await realDeps(location)
    const run = await deps.stores.primary().getRun(served['shown'] ?? '')
    expect(run.info.artifactUri).toMatch(/^mlflow-artifacts:/)
    const labelDir = path.join(dir, 'server-label')
    const report = reportOn(run)
    const where = await logLabel(
      report,
      { run, trackingUri: server.url, dir: labelDir, charts: new Map() },
      deps
    )
    expect(deps.notes.list).toEqual([])
    expect(where).toEqual({ uri: `runs:/${run.info.runId}/care-label`, tagged: true })

    const seen = readBack(server.url, [run.info.runId])[run.info.runId]
    expect(seen?.listed.map(([p]) => p)).toEqual(FILES.map(f => `care-label/${f}`))
    expect(seen?.files).toEqual(filesIn(labelDir))
    expect(seen?.files['care-label.svg']).toMatch(/^<svg xmlns=/)
    expect(parseReport(seen?.files['report.json'] ?? '').labelArtifacts).toEqual(where)
    expect(seen?.tags).toEqual(labelTags(report))
    // The store reads the tags MLflow sees.
    const again = await deps.stores.primary().getRun(run.info.runId)
    expect(again.data.tags).toMatchObject({ 'care-label.grade': 'B', 'care-label.verdict': 'pass' })
    await deps.stores.close()
  }, 120_000)

  it("a run the server does not have: MLflow's own words in the warning, nothing thrown", async () => {
    location.uri = server.url
    const deps = await realDeps(location)
    const real = await deps.stores.primary().getRun(served['shown'] ?? '')
    const ghost: Run = { ...real, info: { ...real.info, runId: 'f'.repeat(32) } }
    const where = await logLabel(
      reportOn(ghost),
      {
        run: ghost,
        trackingUri: server.url,
        dir: path.join(dir, 'ghost-label'),
        charts: new Map()
      },
      deps
    )
    // The artifact proxy stores files under any path it is given, so only the tags, which MLflow
    // checks against its runs, are refused; the report then does not claim them.
    expect(where).toEqual({ uri: `runs:/${'f'.repeat(32)}/care-label`, tagged: false })
    expect(deps.notes.list).toHaveLength(1)
    expect(deps.notes.list[0]).toMatch(
      /^Could not tag run f{32} with its care label .*RESOURCE_DOES_NOT_EXIST/
    )
    await deps.stores.close()
  }, 120_000)
})

describe('a local SQLite store (artifacts beside mlflow.db)', () => {
  const location = (): TrackingLocation => ({
    kind: 'sqlite',
    uri: sqliteUri(database),
    path: database,
    own: false
  })

  it('writes the files where MLflow keeps them, exactly as MLflow itself logs them', async () => {
    const deps = await realDeps(location())
    const store = deps.stores.primary()
    const inNode = await store.getRun(local['in-node'] ?? '')
    const viaMlflow = await store.getRun(local['through-mlflow'] ?? '')
    await deps.stores.release()
    expect(inNode.info.artifactUri?.startsWith(storeArtifactsDir(database))).toBe(true)
    const nodeDir = path.join(dir, 'node-label')
    const mlflowDir = path.join(dir, 'mlflow-label')
    // Written directly into the local artifact directory…
    await logLabel(
      reportOn(inNode),
      { run: inNode, trackingUri: location().uri, dir: nodeDir, charts: new Map() },
      deps
    )
    // …and, for comparison, the same through `mlflow artifacts log-artifacts`.
    const unknownRoot: Run = { ...viaMlflow, info: { ...viaMlflow.info, artifactUri: undefined } }
    await logLabel(
      reportOn(unknownRoot),
      { run: unknownRoot, trackingUri: location().uri, dir: mlflowDir, charts: new Map() },
      deps
    )
    expect(deps.notes.list).toEqual([])

    const seen = readBack(location().uri, [inNode.info.runId, viaMlflow.info.runId])
    const node = seen[inNode.info.runId]
    const cli = seen[viaMlflow.info.runId]
    expect(node?.listed.map(([p]) => p)).toEqual(FILES.map(f => `care-label/${f}`))
    expect(node?.listed.map(([p]) => p)).toEqual(cli?.listed.map(([p]) => p))
    expect(node?.files).toEqual(filesIn(nodeDir))
    expect(cli?.files).toEqual(filesIn(mlflowDir))
    expect(node?.tags).toEqual(labelTags(reportOn(inNode)))
    const again = await deps.stores.primary().getRun(inNode.info.runId)
    expect(again.data.tags['care-label.grade.quality']).toBe('B')
    await deps.stores.close()
  }, 120_000)

  it('an artifact directory it cannot write to is a warning; the tags still go', async () => {
    const deps = await realDeps(location())
    const run = await deps.stores.primary().getRun(local['broken'] ?? '')
    await deps.stores.release()
    // The run's artifact root is a file: nothing can be written under it.
    const root = run.info.artifactUri ?? ''
    rmSync(root, { recursive: true, force: true })
    mkdirSync(path.dirname(root), { recursive: true })
    writeFileSync(root, 'not a directory')
    const where = await logLabel(
      reportOn(run),
      { run, trackingUri: location().uri, dir: path.join(dir, 'broken-label'), charts: new Map() },
      deps
    )
    expect(where).toBeUndefined()
    expect(deps.notes.list).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not log the care label with run ${run.info.runId} \\(artifacts under care-label/\\): cannot write to the run's artifact directory ${root}: .*(ENOTDIR|EEXIST).* Check that this job can write to the run's artifact store`
        )
      )
    ])
    const again = await deps.stores.primary().getRun(run.info.runId)
    expect(again.data.tags['care-label.grade']).toBe('B')
    await deps.stores.close()
  }, 120_000)
})
