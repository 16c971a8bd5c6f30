/**
 * The action's REST client doing bench/team.mjs's work on the team server (bundled with ncc):
 * RestTrackingStore with its options read from MLflow's environment variables, as the action
 * reads them (MLFLOW_TRACKING_URI, MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD).
 *
 *   node team-ours.js lookup | window <candidate-run-id> | decide <candidate-run-id>
 *
 * `lookup` is the baseline lookup (experiment by name, then `latestRuns` for one run); `window`
 * the same search for a window of 100 runs other than the candidate (101 asked for). `decide` is
 * what the action does with a window once the project has run: it reads the candidate run, makes
 * the window's search and decides every metric over it; `decide_ms` is the decision alone.
 */
import { parseConfig } from '../src/core/config/parse.js'
import { RestTrackingStore, restOptionsFromEnv } from '../src/adapters/mlflow/rest-store.js'
import { decide } from '../src/pipeline/decide.js'
import { latestRuns } from '../src/pipeline/select-baseline.js'
import type { Run } from '../src/core/runs.js'

const [task = 'lookup', candidateId = ''] = process.argv.slice(2)
const started = performance.now()
const cpu = process.cpuUsage()
const store = new RestTrackingStore(
  restOptionsFromEnv(process.env['MLFLOW_TRACKING_URI'] ?? '', process.env)
)
/** The branch's latest runs other than `exclude`, searched for as the action's baseline. */
const branchRuns = async (window: number, exclude?: string): Promise<Run[]> => {
  const experiment = await store.getExperimentByName('bench')
  const experimentId = experiment?.experimentId ?? ''
  return latestRuns(store, { experimentId, entryPoint: 'main', branch: 'main', exclude }, window)
}
const ids = (runs: Run[]): string => runs.map(r => r.info.runId).join(',')
let result: string
let decideMs: number | undefined
if (task === 'lookup') {
  result = ids(await branchRuns(1))
} else if (task === 'window') {
  result = ids(await branchRuns(100, candidateId))
} else {
  const candidate = await store.getRun(candidateId)
  const baseline = await branchRuns(100, candidateId)
  const deciding = performance.now()
  // A rule for each metric the runs log, as bench/ours.ts writes them: each is decided.
  const rules = Object.keys(candidate.data.metrics)
    .map(
      m => `  ${m}:\n    greater_is_better: true\n    max_regression: 5%\n    category: quality\n`
    )
    .join('')
  const config = parseConfig('bench.yml', `metrics:\n${rules}`)
  const decision = decide(config, { runs: [candidate], how: '' }, { runs: baseline, how: '' })
  if (decision.comparison.metrics.length === 0) throw new Error('nothing was decided')
  decideMs = performance.now() - deciding
  result = ids(baseline)
}
const done = performance.now()
const cpuUsed = process.cpuUsage(cpu)
await store.close()
process.stdout.write(
  `${JSON.stringify({ result, work_ms: done - started, cpu_ms: (cpuUsed.user + cpuUsed.system) / 1000, decide_ms: decideMs, rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`
)
