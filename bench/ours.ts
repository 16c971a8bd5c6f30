/**
 * This project's reader doing the benchmark's work (bundled by bench/run.mjs with ncc).
 *
 *   node ours.js <tracking-uri> lookup|single|window|history [run-id]
 *
 * `single` and `window` are the lookup and the decision of every metric (statistics and the
 * label) of the newest run, against the run before it or the 100 runs before it.
 */
import { parseConfig } from '../src/core/config/parse.js'
import { decide } from '../src/pipeline/decide.js'
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
} else if (task === 'window' || task === 'single') {
  // The baseline lookup and the decision, as the action makes them: the window's (100 runs) or a
  // single baseline run's.
  const window = task === 'window' ? 100 : 1
  const experiment = await store.getExperimentByName('bench')
  const runs = await latestRuns(
    store,
    { experimentId: experiment?.experimentId ?? '', entryPoint: 'main', branch: 'main' },
    window + 1
  )
  const [candidate, ...baseline] = runs
  // A rule for each metric the runs log: each is decided over the baseline.
  const rules = Object.keys(candidate?.data.metrics ?? {})
    .map(
      m => `  ${m}:\n    greater_is_better: true\n    max_regression: 5%\n    category: quality\n`
    )
    .join('')
  const config = parseConfig('bench.yml', `metrics:\n${rules}`)
  const decision = decide(config, { runs: runs.slice(0, 1), how: '' }, { runs: baseline, how: '' })
  if (decision.comparison.metrics.length === 0) throw new Error('nothing was decided')
  result = baseline.map(r => r.info.runId).join(',')
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
