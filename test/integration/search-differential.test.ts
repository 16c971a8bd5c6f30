/**
 * Differential test of the local store's search against MLflow itself: the pinned MLflow writes a
 * store and answers every case in fixtures/search/cases.json with its own search_runs; our store
 * must return the same run ids in the same order, and reject the same filters. A case may name a
 * run the script wrote as {run:i} (`run_id IN (...)`): the script gives each filter with the ids.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { FileTrackingStore, fileStoreRoot } from '../../src/adapters/mlflow/filestore/file-store.js'
import { parseFilter, parseOrderBy } from '../../src/adapters/mlflow/search/filter.js'
import { compileSearch } from '../../src/adapters/mlflow/sqlite/compile.js'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import { runPythonFile } from '../support/python.js'

interface SearchCase {
  filter: string
  order_by?: string[]
}

const CASES_FILE = fileURLToPath(new URL('../fixtures/search/cases.json', import.meta.url))
const SCRIPT = fileURLToPath(new URL('../support/search_reference.py', import.meta.url))
const CASES: SearchCase[] = JSON.parse(readFileSync(CASES_FILE, 'utf8'))

let dir: string
let store: SqliteTrackingStore
let codeStore: SqliteTrackingStore
let experimentIds: string[]
let filters: string[]
let expected: Array<string[] | { rejected: string }>
let fileStore: FileTrackingStore
let fileExperimentIds: string[]
let fileFilters: string[]
let fileExpected: Array<string[] | { rejected: string }>

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-search-'))
  const uri = `sqlite:///${path.join(dir, 'mlflow.db')}`
  const out = JSON.parse(runPythonFile(SCRIPT, [uri, CASES_FILE]).trim().split('\n').pop() ?? '{}')
  experimentIds = out.experiment_ids
  filters = out.filters
  expected = out.results
  store = new SqliteTrackingStore(path.join(dir, 'mlflow.db'))
  codeStore = new SqliteTrackingStore(path.join(dir, 'mlflow.db'), { compileSql: false })
  // The same data in a legacy FileStore (MLflow 3.13+ writes one only when allowed explicitly).
  const fileUri = pathToFileURL(path.join(dir, 'mlruns')).toString()
  const fileOut = JSON.parse(
    runPythonFile(SCRIPT, [fileUri, CASES_FILE], { MLFLOW_ALLOW_FILE_STORE: 'true' })
      .trim()
      .split('\n')
      .pop() ?? '{}'
  )
  fileExperimentIds = fileOut.experiment_ids
  fileFilters = fileOut.filters
  fileExpected = fileOut.results
  fileStore = new FileTrackingStore(fileStoreRoot(fileUri))
})

afterAll(async () => {
  await store?.close()
  await codeStore?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('runs the SQL path and the code path each on many of the cases MLflow accepts', () => {
  // Of ours: which accepted cases compileSearch turns into SQL (the rest are searched in code).
  const accepted = CASES.flatMap((c, i) => (Array.isArray(expected[i]) ? [c] : []))
  const compiled = accepted.filter(
    c =>
      compileSearch(
        parseFilter(filters[CASES.indexOf(c)] ?? ''),
        (c.order_by ?? []).map(parseOrderBy)
      ) !== undefined
  )
  expect(compiled.length).toBeGreaterThan(25)
  expect(accepted.length - compiled.length).toBeGreaterThan(15)
  // run_id IN and NOT IN are compiled to SQL.
  expect(compiled.map(c => c.filter)).toEqual(
    expect.arrayContaining([
      "attributes.run_id IN ('{run:3}', '{run:7}')",
      "attributes.run_id NOT IN ('{run:3}', '{run:7}')"
    ])
  )
})

describe.each([
  ['SQLite store, searching in SQL where it can', () => store],
  ['SQLite store, searching in code only', () => codeStore]
])('%s', (_name, storeOf) => {
  it.each(CASES.map((c, i) => [c.filter, c.order_by ?? [], i] as const))(
    'filter %j order_by %j',
    async (filter, orderBy, index) => {
      const want = expected[index]
      const search = storeOf().searchRuns({
        experimentIds,
        filter: filters[index] ?? filter,
        orderBy: [...orderBy],
        maxResults: 1000
      })
      if (Array.isArray(want)) {
        const got = (await search).runs.map(r => r.info.runId)
        expect(got).toEqual(want)
      } else {
        await expect(search).rejects.toThrow(/^Invalid MLflow search: /)
      }
    }
  )
})

it('pages through the SQL path and the code path alike', async () => {
  const all = async (s: SqliteTrackingStore): Promise<string[]> => {
    const ids: string[] = []
    let pageToken: string | undefined
    do {
      const page = await s.searchRuns({
        experimentIds,
        filter: "tags.branch != 'x'",
        maxResults: 7,
        pageToken
      })
      ids.push(...page.runs.map(r => r.info.runId))
      pageToken = page.nextPageToken
    } while (pageToken)
    return ids
  }
  const viaSql = await all(store)
  expect(viaSql).toEqual(await all(codeStore))
  expect(viaSql).toEqual(expected[CASES.findIndex(c => c.filter === '' && !c.order_by)])
})

describe('FileStore (mlruns)', () => {
  it.each(CASES.map((c, i) => [c.filter, c.order_by ?? [], i] as const))(
    'filter %j order_by %j',
    async (filter, orderBy, index) => {
      const want = fileExpected[index]
      const search = fileStore.searchRuns({
        experimentIds: fileExperimentIds,
        filter: fileFilters[index] ?? filter,
        orderBy: [...orderBy],
        maxResults: 1000
      })
      if (Array.isArray(want)) {
        expect((await search).runs.map(r => r.info.runId)).toEqual(want)
      } else {
        await expect(search).rejects.toThrow(/^Invalid MLflow search: /)
      }
    }
  )

  it('reads runs as MLflow does: NaN, infinities, the latest value, params and tags', async () => {
    const [first] = (
      await fileStore.searchRuns({
        experimentIds: fileExperimentIds,
        orderBy: ['attributes.start_time ASC'],
        maxResults: 1
      })
    ).runs
    const byId = (
      await store.searchRuns({
        experimentIds,
        filter: `attributes.run_name = '${first?.info.runName}'`
      })
    ).runs[0]
    expect(first?.data.params).toEqual(byId?.data.params)
    expect(Object.keys(first?.data.metrics ?? {}).sort()).toEqual(
      Object.keys(byId?.data.metrics ?? {}).sort()
    )
    const history = await fileStore.getMetricHistory(first?.info.runId ?? '', 'acc')
    expect(history.map(p => p.step)).toEqual([0, 1, 2])
  })
})
