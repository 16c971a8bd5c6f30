/**
 * The REST store against MLflow as a team deploys it: `mlflow server` on PostgreSQL, artifacts
 * proxied to an S3-compatible store, basic auth. MLflow's own Python client writes the data; the
 * action's store reads it, and keeps answering while the tracking server or PostgreSQL restarts.
 */
import os from 'node:os'
import { openStore } from '../../src/adapters/mlflow/open-store.js'
import { parseTrackingUri } from '../../src/settings/tracking-uri.js'
import type { TrackingStore } from '../../src/ports.js'
import { ROOT, runPython } from '../support/python.js'
import { startTeamServer, type TeamServer } from '../support/team-server.js'

let team: TeamServer
let logged: { ids: Record<string, string>; experimentId: string; artifactUri: string }

const LOG_RUNS = `
import json, os, tempfile, mlflow
from mlflow import MlflowClient
mlflow.set_experiment("team")
ids = {}
for name, depth, accuracy in [("base", "3", [0.5, 0.8]), ("candidate", "4", [0.6, 0.9])]:
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_param("depth", depth)
        mlflow.set_tags({"care-label.git.ref": "refs/heads/main", "team": name})
        for step, value in enumerate(accuracy):
            mlflow.log_metric("acc", value, step=step)
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "label.svg"), "w") as f:
                f.write("<svg>" + name + "</svg>")
            mlflow.log_artifact(os.path.join(tmp, "label.svg"), artifact_path="care-label")
        ids[name] = run.info.run_id
client = MlflowClient()
client.create_registered_model("iris")
run = client.get_run(ids["candidate"])
version = client.create_model_version("iris", source=run.info.artifact_uri + "/care-label", run_id=ids["candidate"])
client.set_registered_model_alias("iris", "champion", version.version)
print(json.dumps({"ids": ids, "experimentId": run.info.experiment_id, "artifactUri": run.info.artifact_uri}))
`

/** The objects under a prefix of the bucket, read from moto directly with boto3. */
function bucketObjects(prefix: string): Record<string, string> {
  return JSON.parse(
    runPython(
      `import boto3, json, sys
s3 = boto3.client("s3", endpoint_url=${JSON.stringify(team.s3Endpoint)})
keys = [o["Key"] for o in s3.list_objects_v2(Bucket=${JSON.stringify(team.bucket)}, Prefix=${JSON.stringify(prefix)}).get("Contents", [])]
print(json.dumps({k: s3.get_object(Bucket=${JSON.stringify(team.bucket)}, Key=k)["Body"].read().decode() for k in keys}))`,
      team.awsEnv
    )
  )
}

/** Retries that outlast a restart of the tracking server (a few seconds), but not forever. */
const PATIENT = {
  MLFLOW_HTTP_REQUEST_MAX_RETRIES: '10',
  MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.1',
  MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0.05',
  MLFLOW_HTTP_REQUEST_TIMEOUT: '10',
  MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS: '60'
}

/** The action's way in: the tracking URI parsed as the input is, credentials from MLflow's env. */
function open(password = team.password, notes: string[] = []): TrackingStore {
  return openStore(parseTrackingUri(team.url, { workspace: ROOT, outputDir: os.tmpdir() }), {
    env: {
      ...PATIENT,
      MLFLOW_TRACKING_USERNAME: team.username,
      MLFLOW_TRACKING_PASSWORD: password
    },
    notify: message => notes.push(message)
  })
}

/** What the action reads for a comparison: the runs a filter finds, one history. */
async function workload(store: TrackingStore): Promise<unknown> {
  const experiment = await store.getExperimentByName('team')
  const page = await store.searchRuns({
    experimentIds: [experiment?.experimentId ?? ''],
    filter: "attributes.status = 'FINISHED' AND tags.`care-label.git.ref` = 'refs/heads/main'",
    orderBy: ['attributes.start_time DESC']
  })
  const history = await store.getMetricHistory(logged.ids['base'] ?? '', 'acc')
  return {
    runs: page.runs.map(r => [r.info.runName, r.data.params, r.data.metrics]),
    history: history.map(p => [p.step, p.value])
  }
}

const EXPECTED = {
  runs: [
    ['candidate', { depth: '4' }, { acc: 0.9 }],
    ['base', { depth: '3' }, { acc: 0.8 }]
  ],
  history: [
    [0, 0.5],
    [1, 0.8]
  ]
}

beforeAll(async () => {
  team = await startTeamServer()
  try {
    logged = JSON.parse(runPython(LOG_RUNS, team.clientEnv).trim().split('\n').pop() ?? '{}')
  } catch (error) {
    throw new Error(`${String(error)}\n${team.logs()}`)
  }
}, 120_000)

afterAll(async () => {
  await team?.stop()
})

describe('MLflow on PostgreSQL with S3 artifacts and basic auth', () => {
  it('finds the runs MLflow logged with a search filter, with params, metrics and tags', async () => {
    const store = open()
    expect(await workload(store)).toEqual(EXPECTED)
    const experiment = await store.getExperimentByName('team')
    const page = await store.searchRuns({
      experimentIds: [experiment?.experimentId ?? ''],
      filter: "params.depth = '4' AND metrics.acc > 0.85 AND tags.team = 'candidate'"
    })
    expect(page.runs.map(r => r.info.runId)).toEqual([logged.ids['candidate']])
    const run = await store.getRun(logged.ids['candidate'] ?? '')
    expect(run.info.artifactUri).toBe(logged.artifactUri)
    expect(run.data.tags).toMatchObject({ team: 'candidate', 'mlflow.runName': 'candidate' })
  })

  it('resolves a registry alias to the model version and its source run', async () => {
    const store = open()
    expect(await store.getModelVersion('iris', 'champion')).toEqual({
      name: 'iris',
      version: '1',
      runId: logged.ids['candidate']
    })
    expect(await store.getModelVersion('iris', 'challenger')).toBeUndefined()
  })

  it('keeps the artifacts in the S3 bucket, under the tracking server’s destination', () => {
    const prefix = `mlartifacts/${logged.experimentId}/`
    expect(team.artifactsDestination).toBe(`s3://${team.bucket}/mlartifacts`)
    expect(bucketObjects(prefix)).toEqual({
      [`${prefix}${logged.ids['base']}/artifacts/care-label/label.svg`]: '<svg>base</svg>',
      [`${prefix}${logged.ids['candidate']}/artifacts/care-label/label.svg`]: '<svg>candidate</svg>'
    })
  })

  it('stores an artifact while S3 answers 503 for a moment (boto3 retries)', async () => {
    const before = await team.s3FaultsServed()
    await team.failS3(2)
    runPython(
      `import os, tempfile, mlflow
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "retry.txt"), "w") as f:
        f.write("stored")
    mlflow.MlflowClient().log_artifact(${JSON.stringify(logged.ids['base'])}, os.path.join(tmp, "retry.txt"))`,
      team.clientEnv
    )
    const key = `mlartifacts/${logged.experimentId}/${logged.ids['base']}/artifacts/retry.txt`
    expect(bucketObjects(key)).toEqual({ [key]: 'stored' })
    expect((await team.s3FaultsServed()) - before).toBe(2)
  })

  it('refuses a wrong password with a clear 401 and does not retry it', async () => {
    const notes: string[] = []
    const error: unknown = await open('not-the-password', notes)
      .getExperimentByName('team')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    const message = error instanceof Error ? error.message : ''
    expect(message).toMatch(
      /^The MLflow tracking server http:\/\/127\.0\.0\.1:\d+ answered experiments\/get-by-name with HTTP 401: /
    )
    expect(message).toContain(
      'Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN'
    )
    expect(message).not.toContain('not-the-password')
    expect(notes).toEqual([])
  })
})

describe('restarts', () => {
  it('answers a request sent while restartTracking() has the server down, once it is back', async () => {
    const notes: string[] = []
    const store = open(team.password, notes)
    let answer: Promise<unknown> | undefined
    await team.restartTracking(() => {
      answer = workload(store)
    })
    expect(await answer).toEqual(EXPECTED)
    // The request met a closed port and was retried until the server listened again.
    expect(notes.some(note => note.includes('ECONNREFUSED'))).toBe(true)
  })

  it('answers after restartPostgres(), through the server’s broken pooled connections', async () => {
    const store = open()
    expect(await workload(store)).toEqual(EXPECTED)
    await team.restartPostgres()
    expect(await workload(store)).toEqual(EXPECTED)
  })

  it('answers a request sent while PostgreSQL is down, once it is back', async () => {
    const notes: string[] = []
    const store = open(team.password, notes)
    let answer: Promise<unknown> | undefined
    await team.restartPostgres(async () => {
      answer = workload(store)
      // Long enough for the tracking server to answer with errors a few times.
      await new Promise(resolve => setTimeout(resolve, 1000))
    })
    expect(await answer).toEqual(EXPECTED)
    // The tracking server answered 5xx without its database, and the store retried.
    expect(notes.some(note => /HTTP 5\d\d/.test(note))).toBe(true)
  })
})
