/**
 * Differential test of the local store's search against MLflow itself: the pinned MLflow writes a
 * store and answers every case in fixtures/search/cases.json with its own search_runs; our store
 * must return the same run ids in the same order, and reject the same filters.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SqliteTrackingStore } from '../../src/mlflow/sqlite/sqlite-store.js'
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
let experimentIds: string[]
let expected: Array<string[] | { rejected: string }>

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-search-'))
  const uri = `sqlite:///${path.join(dir, 'mlflow.db')}`
  const out = JSON.parse(runPythonFile(SCRIPT, [uri, CASES_FILE]).trim().split('\n').pop() ?? '{}')
  experimentIds = out.experiment_ids
  expected = out.results
  store = new SqliteTrackingStore(path.join(dir, 'mlflow.db'))
})

afterAll(async () => {
  await store?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('has at least 60 cases, accepted and rejected ones', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60)
  expect(expected.filter(Array.isArray).length).toBeGreaterThan(40)
  expect(expected.filter(r => !Array.isArray(r)).length).toBeGreaterThan(5)
})

describe('SQLite store', () => {
  it.each(CASES.map((c, i) => [c.filter, c.order_by ?? [], i] as const))(
    'filter %j order_by %j',
    async (filter, orderBy, index) => {
      const want = expected[index]
      const search = store.searchRuns({
        experimentIds,
        filter,
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
