/**
 * The REST store behind a fault-injecting proxy in front of a real `mlflow server`: dropped
 * connections, 503s with and without Retry-After, 429s, 502s, slow answers and a request that
 * times out change nothing in the results. Which answers are retried, how long each wait is and
 * when the store gives up is the retry policy's, tested with an injected clock in
 * test/unit/rest-retry.test.ts.
 */
import { RestTrackingStore, restOptionsFromEnv } from '../../src/adapters/mlflow/rest-store.js'
import type { Run } from '../../src/core/runs.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import { startTlsProxy, type TlsProxy } from '../support/tls-proxy.js'
import { runPython } from '../support/python.js'

let server: MlflowServer
let proxy: FaultProxy
let runIds: string[]

const FAST = {
  MLFLOW_HTTP_REQUEST_MAX_RETRIES: '4',
  MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.05',
  MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0.01',
  MLFLOW_HTTP_REQUEST_TIMEOUT: '2'
}

beforeAll(async () => {
  server = await startMlflowServer()
  proxy = await startFaultProxy(server.url)
  runIds = JSON.parse(
    runPython(
      `import json, time, mlflow
from mlflow.entities import Metric, Param
client = mlflow.MlflowClient()
experiment = client.create_experiment("faults")
ids = []
for i in range(5):
    run = client.create_run(experiment, run_name=f"r{i}")
    now = int(time.time() * 1000)
    metrics = [Metric("loss", 1.0 / (step + 1 + i), now, step) for step in range(30)]
    client.log_batch(run.info.run_id, metrics=metrics, params=[Param("i", str(i))])
    client.set_terminated(run.info.run_id)
    ids.append(run.info.run_id)
print(json.dumps(ids))`,
      { MLFLOW_TRACKING_URI: server.url }
    )
      .trim()
      .split('\n')
      .pop() ?? '[]'
  )
})

afterAll(async () => {
  await proxy?.stop()
  await server?.stop()
})

/** The work the action does against a store: experiment, search, runs, a history. */
async function workload(url: string): Promise<unknown> {
  const store = new RestTrackingStore(restOptionsFromEnv(url, FAST))
  const experiment = await store.getExperimentByName('faults')
  const page = await store.searchRuns({
    experimentIds: [experiment?.experimentId ?? ''],
    filter: "params.i != '2'",
    orderBy: ['attributes.start_time DESC']
  })
  const runs: Run[] = await Promise.all(page.runs.map(r => store.getRun(r.info.runId)))
  const history = await store.getMetricHistory(runIds[0] ?? '', 'loss')
  return {
    runs: runs.map(r => [r.info.runId, r.data.params, r.data.metrics]),
    history: history.map(p => [p.step, p.value])
  }
}

describe('REST store under injected faults', () => {
  let clean: unknown
  beforeAll(async () => {
    clean = await workload(server.url)
  })

  it.each([
    ['dropped connections', { kind: 'drop' } as const, 3],
    ['503 without Retry-After', { kind: 'status', status: 503 } as const, 3],
    ['503 with Retry-After: 0', { kind: 'status', status: 503, retryAfter: '0' } as const, 2],
    ['429 rate limit', { kind: 'status', status: 429, retryAfter: '0' } as const, 2],
    ['502 from a gateway', { kind: 'status', status: 502 } as const, 2],
    ['slow answers within the timeout', { kind: 'delay', ms: 300 } as const, 4]
  ])('%s: same results as without faults', async (_name, fault, times) => {
    const before = proxy.log.length
    proxy.inject(fault, times)
    expect(await workload(proxy.url)).toEqual(clean)
    expect(proxy.log.slice(before).filter(entry => entry.fault === fault.kind)).toHaveLength(times)
  })

  it('times out a request that never answers, and retries it', async () => {
    proxy.log.length = 0
    proxy.inject({ kind: 'delay', ms: 3000 }, 1, /get-by-name/)
    const store = new RestTrackingStore(restOptionsFromEnv(proxy.url, FAST))
    expect((await store.getExperimentByName('faults'))?.name).toBe('faults')
  })
})

describe('REST store requests', () => {
  it('sends MLFLOW_TRACKING_TOKEN as a Bearer token', async () => {
    proxy.log.length = 0
    const store = new RestTrackingStore(
      restOptionsFromEnv(proxy.url, { ...FAST, MLFLOW_TRACKING_TOKEN: 'tok-123' })
    )
    await store.getExperimentByName('faults')
    expect(proxy.log.map(entry => entry.authorization)).toEqual(['Bearer tok-123'])
  })

  it('reads a metric history longer than one page of the server', async () => {
    const runId = JSON.parse(
      runPython(
        `import json, time, mlflow
from mlflow.entities import Metric
client = mlflow.MlflowClient()
run = client.create_run(client.get_experiment_by_name("faults").experiment_id, run_name="long")
now = int(time.time() * 1000)
for start in range(0, 30000, 1000):
    client.log_batch(run.info.run_id, metrics=[Metric("curve", step / 30000, now + step, step) for step in range(start, start + 1000)])
print(json.dumps(run.info.run_id))`,
        { MLFLOW_TRACKING_URI: server.url }
      )
        .trim()
        .split('\n')
        .pop() ?? '""'
    )
    proxy.log.length = 0
    // Paging, not timing: a page of 25,000 points may take seconds on a busy machine.
    const store = new RestTrackingStore(
      restOptionsFromEnv(proxy.url, { ...FAST, MLFLOW_HTTP_REQUEST_TIMEOUT: '60' })
    )
    const history = await store.getMetricHistory(runId, 'curve')
    expect(history).toHaveLength(30000)
    expect(new Set(history.map(p => p.step)).size).toBe(30000)
    expect(
      proxy.log.filter(entry => entry.path.includes('metrics/get-history')).length
    ).toBeGreaterThan(1)
  })
})

describe('a tracking server behind TLS with a self-signed certificate', () => {
  let tls: TlsProxy
  beforeAll(async () => {
    tls = await startTlsProxy(server.url)
  })
  afterAll(async () => {
    await tls?.stop()
  })

  it('is refused by default, with a clear message and no retries', async () => {
    const store = new RestTrackingStore(restOptionsFromEnv(tls.url, FAST))
    const started = Date.now()
    await expect(store.getExperimentByName('faults')).rejects.toThrow(
      /^The MLflow tracking server https:\/\/127\.0\.0\.1:\d+ presented a certificate this runner does not trust \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate\)\. Add its CA with NODE_EXTRA_CA_CERTS, or, if you trust the server, set MLFLOW_TRACKING_INSECURE_TLS=true\.$/
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('is read with MLFLOW_TRACKING_INSECURE_TLS=true', async () => {
    const store = new RestTrackingStore(
      restOptionsFromEnv(tls.url, { ...FAST, MLFLOW_TRACKING_INSECURE_TLS: 'true' })
    )
    expect((await store.getExperimentByName('faults'))?.name).toBe('faults')
  })
})
