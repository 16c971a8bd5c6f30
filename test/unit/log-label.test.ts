/**
 * The label logged with the run, over fakes of the ports: the files and tags it logs, on which
 * run, and the failures that must stay warnings (an artifact store that is not writable, a
 * tracking store that refuses the tags). Also how report.json carries where the label is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { labelArtifactsOf, toJson } from '../../src/core/report/build.js'
import type { Report } from '../../src/core/report/types.js'
import { parseReport } from '../../src/core/report/validate.js'
import { ProjectRunError } from '../../src/errors.js'
import { labelTags } from '../../src/core/tags.js'
import { logLabel } from '../../src/pipeline/log-label.js'
import { proxiedRoot } from '../../src/adapters/mlflow/rest-store.js'
import type { ArtifactFile } from '../../src/ports.js'
import { collectNotes } from '../../src/pipeline/notes.js'
import { openStores } from '../../src/pipeline/open-stores.js'
import { fakeRunner, fakeStore, makeRun, memoryLog, type FakeStore } from '../support/fakes.js'
import { sampleReport } from '../support/reports.js'

const RUN_ID = 'c'.repeat(32)
const NO_CHARTS = new Map()
const SERVER = 'http://127.0.0.1:5000'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-log-label-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A report whose label is B overall: quality B, runtime A, the rest unmeasured. */
function report(): Report {
  return sampleReport(
    { accuracy: 0.95, f1_macro: 0.91, train_seconds: 2 },
    { accuracy: 0.95, f1_macro: 0.9, train_seconds: 2 }
  )
}

async function setUp(store: FakeStore, options: { failLogArtifacts?: Error } = {}) {
  const log = memoryLog()
  const notes = collectNotes(log)
  const runner = fakeRunner(store, {}, options)
  const stores = await openStores(
    { location: { kind: 'server', uri: SERVER } },
    {
      openStore: () => {
        store.opened++
        return store
      },
      log: memoryLog(),
      notes: collectNotes(memoryLog())
    }
  )
  return { log, notes, runner, stores }
}

function candidateRun(): ReturnType<typeof makeRun> {
  const run = makeRun(RUN_ID)
  run.info.artifactUri = 'mlflow-artifacts:/1/cccc/artifacts'
  return run
}

describe('labelTags', () => {
  it('gives the overall letter, the verdict and each category letter ("?": unmeasured)', () => {
    expect(labelTags(report())).toEqual({
      'care-label.grade': 'B',
      'care-label.verdict': 'pass',
      'care-label.grade.quality': 'B',
      'care-label.grade.robustness': '?',
      'care-label.grade.runtime': 'A',
      'care-label.grade.memory': '?',
      'care-label.grade.energy': '?',
      'care-label.grade.complexity': '?'
    })
  })

  it.each([
    ['fairness & bias', 'care-label.grade.fairness_bias'],
    ['gpu.memory', 'care-label.grade.gpu_memory'],
    ['../escape', 'care-label.grade._escape'],
    ['größe', 'care-label.grade.gr_e'],
    ['', 'care-label.grade._']
  ])('makes category %j a tag name MLflow accepts: %s', (category, tag) => {
    const r = report()
    r.label.categories = [{ category, letter: 'C', metrics: [] }]
    r.label.overall = undefined
    expect(labelTags(r)).toEqual({
      'care-label.grade': '?',
      'care-label.verdict': 'pass',
      [tag]: 'C'
    })
  })
})

describe('logLabel', () => {
  it('logs the three files under care-label/ and tags the run the report shows', async () => {
    const store = fakeStore('MLflow tracking server', [candidateRun()])
    const { log, notes, runner, stores } = await setUp(store)
    const where = await logLabel(
      report(),
      { run: candidateRun(), trackingUri: SERVER, dir: path.join(dir, 'label'), charts: NO_CHARTS },
      { runner, stores, log, notes }
    )
    expect(where).toEqual({ uri: `runs:/${RUN_ID}/care-label`, tagged: true })
    expect(runner.logged).toHaveLength(1)
    const [logged] = runner.logged
    expect(logged).toMatchObject({
      trackingUri: SERVER,
      runId: RUN_ID,
      artifactUri: 'mlflow-artifacts:/1/cccc/artifacts',
      artifactPath: 'care-label'
    })
    expect(Object.keys(logged?.files ?? {})).toEqual([
      'care-label.svg',
      'report.html',
      'report.json'
    ])
    expect(logged?.files['care-label.svg']).toMatch(/^<svg xmlns=/)
    // The report logged with the run says where it is, and that the run has the tags.
    expect(parseReport(logged?.files['report.json'] ?? '').labelArtifacts).toEqual({
      uri: `runs:/${RUN_ID}/care-label`,
      tagged: true
    })
    expect(store.tagged).toEqual([{ runId: RUN_ID, tags: labelTags(report()) }])
    expect(notes.list).toEqual([])
    expect(log.lines).toEqual([
      `group: Logging the care label with run ${RUN_ID}`,
      `info: Care label: tagged the run care-label.grade=B, and logged care-label.svg, report.json and report.html to runs:/${RUN_ID}/care-label.`
    ])
    // The store is the caller's to close: nothing here opened it again.
    expect(store.opened).toBe(1)
  })

  it('an artifact store it cannot write to is a warning naming what to fix; the tags still go', async () => {
    const store = fakeStore('MLflow tracking server', [candidateRun()])
    const { log, notes, runner, stores } = await setUp(store, {
      failLogArtifacts: new ProjectRunError(
        "mlflow artifacts log-artifacts failed (exit code 1): PermissionError: [Errno 13] Permission denied: '/srv/mlflow/artifacts'"
      )
    })
    const where = await logLabel(
      report(),
      { run: candidateRun(), trackingUri: SERVER, dir: path.join(dir, 'label'), charts: NO_CHARTS },
      { runner, stores, log, notes }
    )
    expect(where).toBeUndefined()
    expect(notes.list).toEqual([
      `Could not log the care label with run ${RUN_ID} (artifacts under care-label/): mlflow artifacts log-artifacts failed (exit code 1): PermissionError: [Errno 13] Permission denied: '/srv/mlflow/artifacts'. ` +
        "Check that this job can write to the run's artifact store (mlflow-artifacts:/1/cccc/artifacts): a tracking server's --artifacts-destination, or the credentials of its bucket in the job's environment. The report is not affected."
    ])
    expect(log.lines.filter(l => l.startsWith('warning:'))).toEqual([`warning: ${notes.list[0]}`])
    expect(store.tagged).toEqual([{ runId: RUN_ID, tags: labelTags(report()) }])
    expect(log.lines.at(-1)).toBe('info: Care label: tagged the run care-label.grade=B.')
  })

  it('a store that refuses the tags is a warning; the files are still logged', async () => {
    const store = fakeStore('MLflow tracking server', [candidateRun()])
    store.failOn('setTags', new Error('HTTP 403 PERMISSION_DENIED: Permission denied for run'))
    const { log, notes, runner, stores } = await setUp(store)
    const where = await logLabel(
      report(),
      { run: candidateRun(), trackingUri: SERVER, dir: path.join(dir, 'label'), charts: NO_CHARTS },
      { runner, stores, log, notes }
    )
    // The files say the run has no tags.
    expect(where).toEqual({ uri: `runs:/${RUN_ID}/care-label`, tagged: false })
    expect(notes.list).toEqual([
      `Could not tag run ${RUN_ID} with its care label (care-label.grade and the category letters): HTTP 403 PERMISSION_DENIED: Permission denied for run. Check that the tracking credentials may write to the run.`
    ])
    expect(runner.logged).toHaveLength(1)
    expect(parseReport(runner.logged[0]?.files['report.json'] ?? '').labelArtifacts).toEqual({
      uri: `runs:/${RUN_ID}/care-label`,
      tagged: false
    })
  })

  it('clears its directory first: only the label is logged', async () => {
    const store = fakeStore('MLflow tracking server', [candidateRun()])
    const { log, notes, runner, stores } = await setUp(store)
    const labelDir = path.join(dir, 'label')
    const request = { run: candidateRun(), trackingUri: SERVER, dir: labelDir, charts: NO_CHARTS }
    await logLabel(report(), request, { runner, stores, log, notes })
    writeFileSync(path.join(labelDir, 'stray.txt'), 'not part of the label')
    await logLabel(report(), request, { runner, stores, log, notes })
    expect(Object.keys(runner.logged[1]?.files ?? {})).toEqual([
      'care-label.svg',
      'report.html',
      'report.json'
    ])
  })
})

describe('report.json says where the label is', () => {
  it('reads labelArtifacts back from a bundle', () => {
    const r = { ...report(), labelArtifacts: labelArtifactsOf(RUN_ID) }
    expect(parseReport(toJson(r)).labelArtifacts).toEqual({ uri: `runs:/${RUN_ID}/care-label` })
    expect(parseReport(toJson(report())).labelArtifacts).toBeUndefined()
  })

  it.each([
    [{ uri: `runs:/${'d'.repeat(32)}/care-label` }],
    [{ uri: `runs:/${RUN_ID}/model` }],
    [{ uri: 's3://bucket/care-label' }]
  ])('refuses a label that is not among the report run’s artifacts: %j', labelArtifacts => {
    expect(() => parseReport(toJson({ ...report(), labelArtifacts }))).toThrow(
      `report.labelArtifacts.uri is not runs:/${RUN_ID}/care-label (the label of the report's run)`
    )
  })

  it('refuses a labelArtifacts that is not an object with a uri', () => {
    expect(() => parseReport(toJson({ ...report(), labelArtifacts: 'runs:/x' }))).toThrow(
      'report.labelArtifacts is not an object'
    )
    expect(() => parseReport(toJson({ ...report(), labelArtifacts: { uri: 7 } }))).toThrow(
      'report.labelArtifacts.uri is not a string'
    )
  })
})

describe('the artifacts of a run behind a tracking server’s artifact proxy', () => {
  const base = new URL('http://127.0.0.1:5000/')

  it.each([
    ['mlflow-artifacts:/1/abc/artifacts', ['1', 'abc', 'artifacts']],
    ['mlflow-artifacts://127.0.0.1:5000/1/abc/artifacts', ['1', 'abc', 'artifacts']],
    ['mlflow-artifacts:/1/a%20b/artifacts', ['1', 'a b', 'artifacts']],
    ['mlflow-artifacts://other.example/1/abc/artifacts', undefined],
    ['s3://bucket/1/abc/artifacts', undefined],
    ['/srv/mlruns/1/abc/artifacts', undefined],
    ['mlflow-artifacts:', undefined],
    [undefined, undefined]
  ])('%j is proxied as %j', (uri, root) => {
    expect(proxiedRoot(uri, base)).toEqual(root)
  })

  it('go through the store, not MLflow’s client, when the store can take them', async () => {
    const store = fakeStore('MLflow tracking server', [candidateRun()])
    const sent: ArtifactFile[][] = []
    store.logArtifactFiles = async (_uri, files) => {
      sent.push(files)
      return true
    }
    const { log, notes, runner, stores } = await setUp(store)
    const where = await logLabel(
      report(),
      { run: candidateRun(), trackingUri: SERVER, dir: path.join(dir, 'label'), charts: NO_CHARTS },
      { runner, stores, log, notes }
    )
    expect(where).toEqual({ uri: `runs:/${RUN_ID}/care-label`, tagged: true })
    expect(runner.logged).toEqual([])
    expect(sent[0]?.map(f => f.path)).toEqual([
      'care-label/care-label.svg',
      'care-label/report.json',
      'care-label/report.html'
    ])
    expect(sent[0]?.[0]?.body).toMatch(/^<svg xmlns=/)
  })

  it('go through MLflow’s client when the store cannot', async () => {
    const store = fakeStore('MLflow tracking server', [candidateRun()])
    store.logArtifactFiles = async () => false
    const { log, notes, runner, stores } = await setUp(store)
    await logLabel(
      report(),
      { run: candidateRun(), trackingUri: SERVER, dir: path.join(dir, 'label'), charts: NO_CHARTS },
      { runner, stores, log, notes }
    )
    expect(runner.logged).toHaveLength(1)
  })
})
