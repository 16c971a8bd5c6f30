/**
 * `tracking-uri: databricks` against a real `mlflow server` that takes a bearer token as a
 * Databricks workspace does (Databricks itself cannot be reached from the tests): the input
 * parsed as the action parses it, with DATABRICKS_HOST and DATABRICKS_TOKEN; runs logged by
 * MLflow's own Python client through the same `databricks` URI (and one through
 * MLFLOW_TRACKING_TOKEN), read back through the token; a wrong token and a missing host refused
 * in words, with no token in them.
 */
import { openStore } from '../../src/adapters/mlflow/open-store.js'
import { InputError, MlflowApiError } from '../../src/errors.js'
import type { TrackingStore } from '../../src/ports.js'
import { readSettings } from '../../src/settings/inputs.js'
import { parseTrackingUri } from '../../src/settings/tracking-uri.js'
import { ROOT, runPython } from '../support/python.js'
import { startTokenServer, type TokenServer } from '../support/token-server.js'

const EXPERIMENT = '/Shared/care-label'
const T0 = 1_800_000_000_000

/**
 * Two runs through `databricks` (MLflow's Databricks client: the SDK reads DATABRICKS_HOST and
 * DATABRICKS_TOKEN) and one through the server's http:// URI with MLFLOW_TRACKING_TOKEN. MLflow
 * prints the link of each run it ends; the last line is what was logged.
 */
const LOG_RUNS = `
import json, os, mlflow
ids = []
def log(name, losses):
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_param("depth", str(len(losses)))
        for step, loss in enumerate(losses):
            mlflow.log_metric("loss", loss, step=step, timestamp=${T0} + step)
    ids.append(run.info.run_id)
mlflow.set_tracking_uri("databricks")
experiment_id = mlflow.set_experiment("${EXPERIMENT}").experiment_id
log("base", [0.9, 0.5, 0.25])
log("head", [0.8, 0.4])
mlflow.set_tracking_uri(os.environ["TOKEN_SERVER_URL"])
mlflow.set_experiment(experiment_id=experiment_id)
log("generic", [0.7])
print(json.dumps({"experiment_id": experiment_id, "ids": ids}))
`

let server: TokenServer
let logged: { experimentId: string; ids: string[] }
/** The run links MLflow's client printed for the runs it logged, in order. */
let printedLinks: string[]

beforeAll(async () => {
  server = await startTokenServer()
  const out = runPython(LOG_RUNS, {
    DATABRICKS_HOST: server.url,
    DATABRICKS_TOKEN: server.token,
    MLFLOW_TRACKING_TOKEN: server.token,
    TOKEN_SERVER_URL: server.url
  })
  const lines = out.trim().split('\n')
  const result: unknown = JSON.parse(lines.at(-1) ?? '{}')
  if (
    typeof result !== 'object' ||
    result === null ||
    !('experiment_id' in result) ||
    !('ids' in result) ||
    typeof result.experiment_id !== 'string' ||
    !Array.isArray(result.ids)
  ) {
    throw new Error(`MLflow logged no runs: ${out}`)
  }
  logged = { experimentId: result.experiment_id, ids: result.ids.map(String) }
  printedLinks = lines.flatMap(line => /View run \S+ at: (\S+)/.exec(line)?.[1] ?? [])
})

afterAll(async () => {
  await server?.stop()
})

/** What the action's settings and openStore make of `databricks` with these variables. */
function open(env: NodeJS.ProcessEnv): TrackingStore {
  const all = { ...env, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' }
  const location = parseTrackingUri('databricks', { workspace: ROOT, outputDir: ROOT, env: all })
  return openStore(location, { env: all })
}

const workspace = () => ({ DATABRICKS_HOST: server.url, DATABRICKS_TOKEN: server.token })

it('parses databricks as the workspace at DATABRICKS_HOST, the URI left for MLflow', () => {
  expect(
    parseTrackingUri('databricks', { workspace: ROOT, outputDir: ROOT, env: workspace() })
  ).toEqual({ kind: 'server', uri: 'databricks', databricks: { host: server.url } })
})

it("finds the experiment and its runs and reads a metric's history through the token", async () => {
  const store = open(workspace())
  expect(store.description).toBe(`Databricks workspace ${server.url}`)
  expect(await store.getExperimentByName(EXPERIMENT)).toEqual({
    experimentId: logged.experimentId,
    name: EXPERIMENT,
    artifactLocation: `${server.artifactRoot}/${logged.experimentId}`,
    lifecycleStage: 'active'
  })
  const page = await store.searchRuns({
    experimentIds: [logged.experimentId],
    orderBy: ['attributes.start_time ASC']
  })
  expect(page.runs.map(r => [r.info.runName, r.info.runId, r.data.params, r.data.metrics])).toEqual(
    [
      ['base', logged.ids[0], { depth: '3' }, { loss: 0.25 }],
      ['head', logged.ids[1], { depth: '2' }, { loss: 0.4 }],
      ['generic', logged.ids[2], { depth: '1' }, { loss: 0.7 }]
    ]
  )
  expect(await store.getMetricHistory(logged.ids[0] ?? '', 'loss')).toEqual([
    { step: 0, timestamp: T0, value: 0.9 },
    { step: 1, timestamp: T0 + 1, value: 0.5 },
    { step: 2, timestamp: T0 + 2, value: 0.25 }
  ])
  await store.close()
})

it("links each run where MLflow says it is shown, a workspace's and a server's way", () => {
  const [base, head, generic] = logged.ids
  const links = [
    open(workspace()).runUrl(logged.experimentId, base ?? ''),
    open(workspace()).runUrl(logged.experimentId, head ?? ''),
    // The same server as a tracking server: MLflow's single-page UI.
    openStore(parseTrackingUri(server.url, { workspace: ROOT, outputDir: ROOT }), {
      env: {}
    }).runUrl(logged.experimentId, generic ?? '')
  ]
  expect(links).toEqual([
    `${server.url}/ml/experiments/${logged.experimentId}/runs/${base}`,
    `${server.url}/ml/experiments/${logged.experimentId}/runs/${head}`,
    `${server.url}/#/experiments/${logged.experimentId}/runs/${generic}`
  ])
  expect(printedLinks).toEqual(links)
})

it("tags the run through the token, and leaves its files to MLflow's client", async () => {
  const store = open(workspace())
  const runId = logged.ids[1] ?? ''
  await store.setTags(runId, { 'care-label.grade': 'B' })
  const run = await store.getRun(runId)
  expect(run.data.tags['care-label.grade']).toBe('B')
  // No artifact proxy, as in a workspace (DBFS): the label's files go through MLflow's client.
  expect(run.info.artifactUri).toBe(
    `${server.artifactRoot}/${logged.experimentId}/${runId}/artifacts`
  )
  const files = [{ path: 'care-label/report.json', body: '{"verdict":"pass"}' }]
  expect(await store.logArtifactFiles?.(run.info.artifactUri, files)).toBe(false)
})

it('says the workspace refused a wrong token, and shows no token', async () => {
  const wrong = `dapi${'0'.repeat(32)}`
  const store = open({ DATABRICKS_HOST: server.url, DATABRICKS_TOKEN: wrong })
  const error: unknown = await store.getExperimentByName(EXPERIMENT).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(MlflowApiError)
  const { message } = error instanceof MlflowApiError ? error : new MlflowApiError('none')
  expect(error instanceof MlflowApiError && error.details.status).toBe(403)
  expect(message).toMatch(
    new RegExp(
      `^The Databricks workspace ${server.url.replace(/\./g, '\\.')} answered experiments/get-by-name with HTTP 403 403: Invalid access token\\.`
    )
  )
  expect(message).not.toContain(wrong)
  expect(message).not.toContain(server.token)
})

it('without DATABRICKS_HOST, refuses the input and says what to set', () => {
  let error: unknown
  try {
    readSettings(name => (name === 'tracking-uri' ? 'databricks' : ''), {
      GITHUB_WORKSPACE: ROOT,
      DATABRICKS_TOKEN: server.token
    })
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(InputError)
  expect(error instanceof InputError && error.message).toBe(
    "Input 'tracking-uri': databricks takes the workspace's address from DATABRICKS_HOST, which is not set. Set DATABRICKS_HOST and DATABRICKS_TOKEN in the step's env from repository secrets: DATABRICKS_HOST: ${{ secrets.DATABRICKS_HOST }} and DATABRICKS_TOKEN: ${{ secrets.DATABRICKS_TOKEN }} (a pull request from a fork gets no secrets)."
  )
  expect(String(error)).not.toContain(server.token)
})
