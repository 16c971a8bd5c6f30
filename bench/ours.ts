/**
 * This project's reader doing the benchmark's work (bundled by bench/run.mjs with ncc).
 *
 *   node ours.js <tracking-uri> lookup|history [run-id]
 */
import { latestRuns } from '../src/pipeline/select-baseline.js'
import { FileTrackingStore, fileStoreRoot } from '../src/adapters/mlflow/filestore/file-store.js'
import {
  SqliteTrackingStore,
  sqlitePathFromUri
} from '../src/adapters/mlflow/sqlite/sqlite-store.js'
import type { TrackingStore } from '../src/ports.js'

const [uri = '', task = 'lookup', runId = ''] = process.argv.slice(2)
const started = performance.now()
const store: TrackingStore = uri.startsWith('file:')
  ? new FileTrackingStore(fileStoreRoot(uri))
  : new SqliteTrackingStore(sqlitePathFromUri(uri))
let result: unknown
if (task === 'lookup') {
  const experiment = await store.getExperimentByName('bench')
  const [run] = await latestRuns(store, {
    experimentId: experiment?.experimentId ?? '',
    entryPoint: 'main',
    branch: 'main'
  })
  result = run?.info.runId
} else {
  const run = await store.getRun(runId)
  let points = 0
  for (const key of Object.keys(run.data.metrics))
    points += (await store.getMetricHistory(runId, key)).length
  result = points
}
const done = performance.now()
await store.close()
process.stdout.write(
  `${JSON.stringify({ result, work_ms: done - started, rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`
)
