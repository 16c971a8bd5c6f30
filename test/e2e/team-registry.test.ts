/**
 * End to end against MLflow as a team deploys it (PostgreSQL, artifacts in S3, basic auth):
 * `node dist/index.js` runs the example project on a push to main and registers its model as
 * version 1 with `@candidate`; a pull request compares with `models:/iris-classifier@candidate`
 * and registers nothing; a user who may log runs but not edit the registered model gets a
 * warning, and keeps the run. Everything is read back through MLflow's own client.
 */
import { rmSync } from 'node:fs'
import {
  makeWorkspace,
  pullRequestEnv,
  pullRequestEvent,
  pushEnv,
  runAction
} from '../support/action-runner.js'
import { compareRoute } from '../support/compare-commits.js'
import {
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { runPython } from '../support/python.js'
import { startTeamServer, type TeamServer } from '../support/team-server.js'

const CONFIG = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.8
    max_regression: 10%
    category: quality
    rating: [0.95, 0.9, 0.85]
register:
  name: iris-classifier
baseline:
  model: models:/iris-classifier@candidate
`
const OWNER = 'octo-org'
const REPO = 'ml-repo'
const READER = { username: 'reader', password: 'Reader-pa55word-only' }

let team: TeamServer
let github: GitHubApiServer
let workspace: string
let pushRunId = ''

beforeAll(async () => {
  ;[team, github] = await Promise.all([
    startTeamServer(),
    startGitHubApiServer({
      extraRoutes: compareRoute(OWNER, REPO, base =>
        base === 'main' ? { sha: '0'.repeat(40), date: new Date().toISOString() } : undefined
      )
    })
  ])
  github.addIssue(OWNER, REPO, 21)
  workspace = makeWorkspace(CONFIG)
})

afterAll(async () => {
  await Promise.all([team?.stop(), github?.stop()])
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

/** A push to main, whose payload names main as the default branch, as GitHub's does. */
function pushToMain(sha: string) {
  return {
    event: { ref: 'refs/heads/main', after: sha, repository: { default_branch: 'main' } },
    env: pushEnv('main', sha)
  }
}

function action(
  trigger: { event: unknown; env: Record<string, string> },
  user = { username: team.username, password: team.password },
  inputs: Record<string, string> = {}
) {
  return runAction({
    workspace,
    inputs: {
      project: 'model',
      'tracking-uri': team.url,
      'experiment-name': 'iris-team',
      parameters: 'n_estimators=20',
      ...inputs
    },
    event: trigger.event,
    env: {
      ...trigger.env,
      GITHUB_API_URL: github.url,
      'INPUT_GITHUB-TOKEN': WRITE_TOKEN,
      MLFLOW_TRACKING_USERNAME: user.username,
      MLFLOW_TRACKING_PASSWORD: user.password
    }
  })
}

/** The registry as MLflow's client reads it: each version's run, source and tags; the alias. */
function registry(): {
  versions: Array<{ version: string; runId: string; source: string; tags: Record<string, string> }>
  candidate: string | null
} {
  const out = runPython(
    `import json
from mlflow import MlflowClient
c = MlflowClient()
versions = sorted(c.search_model_versions("name = 'iris-classifier'"), key=lambda v: int(v.version))
try:
    candidate = c.get_model_version_by_alias("iris-classifier", "candidate").version
except Exception:
    candidate = None
print(json.dumps({"versions": [{"version": str(v.version), "runId": v.run_id, "source": v.source, "tags": v.tags} for v in versions], "candidate": None if candidate is None else str(candidate)}))`,
    team.clientEnv
  )
  return JSON.parse(out.trim().split('\n').pop() ?? '{}')
}

describe('registry promotion on a team server', () => {
  it('registers version 1 on a push to main and points @candidate at it', async () => {
    const result = await action(pushToMain('a'.repeat(40)))
    expect(result.code).toBe(0)
    pushRunId = result.outputs['run-id'] ?? ''
    expect(result.outputs['model-version']).toBe('1')
    expect(result.outputs['model-uri']).toBe('models:/iris-classifier/1')
    expect(result.summary).toContain(
      "📦 Registered as version 1 of 'iris-classifier' (models:/iris-classifier/1); @&#8203;candidate points to it."
    )
    const { versions, candidate } = registry()
    expect(candidate).toBe('1')
    expect(versions).toHaveLength(1)
    const [v1] = versions
    expect(v1?.runId).toBe(pushRunId)
    // The logged model the example's run logged (MLflow 3), not a path in the run's artifacts.
    expect(v1?.source).toMatch(/^models:\/m-[0-9a-f]{32}$/)
    expect(v1?.tags).toMatchObject({
      'care-label.grade': result.outputs['grade'],
      'care-label.grade.quality': result.outputs['grade'],
      'care-label.verdict': 'no-baseline',
      'care-label.git.head-sha': 'a'.repeat(40),
      'care-label.workflow-run-url': 'https://github.com/octo-org/ml-repo/actions/runs/4242',
      'care-label.report': `runs:/${pushRunId}/care-label/report.html`
    })
    // The label's files are the run's artifacts, in the bucket behind the tracking server.
    const files = runPython(
      `import json
from mlflow import MlflowClient
print(json.dumps(sorted(f.path for f in MlflowClient().list_artifacts(${JSON.stringify(pushRunId)}, "care-label"))))`,
      team.clientEnv
    )
    expect(JSON.parse(files.trim().split('\n').pop() ?? '[]')).toEqual([
      'care-label/care-label.svg',
      'care-label/report.html',
      'care-label/report.json'
    ])
  })

  it('compares a pull request with models:/iris-classifier@candidate and registers nothing', async () => {
    const result = await action({
      event: {
        ...(pullRequestEvent(21, 'b'.repeat(40)) as object),
        repository: { default_branch: 'main' }
      },
      env: pullRequestEnv(21)
    })
    expect(result.code).toBe(0)
    expect(result.outputs['baseline-run-id']).toBe(pushRunId)
    expect(result.outputs['model-version']).toBeUndefined()
    const [comment] = github.comments(OWNER, REPO, 21)
    expect(comment?.body).toContain(
      `which logged version 1 of models:/iris-classifier@&#8203;candidate`
    )
    expect(comment?.body).toContain(
      "📦 Nothing is registered from a pull request: on a push to main, a run that passes becomes a new version of 'iris-classifier' (@&#8203;candidate)."
    )
    expect(registry().versions).toHaveLength(1)
  })

  it('keeps the run and warns when the user may not edit the registered model', async () => {
    // A user who may log runs in the experiment (EDIT on it) but only read the registered model
    // (MLflow's default permission).
    runPython(
      `import os
from mlflow import MlflowClient
from mlflow.server import get_app_client
auth = get_app_client("basic-auth", tracking_uri=os.environ["MLFLOW_TRACKING_URI"])
auth.create_user(${JSON.stringify(READER.username)}, ${JSON.stringify(READER.password)})
experiment = MlflowClient().get_experiment_by_name("iris-team").experiment_id
auth.grant_user_permission(${JSON.stringify(READER.username)}, "experiment", experiment, "EDIT")`,
      team.clientEnv
    )
    // The run of the first push, adopted: no second training for the same question.
    const result = await action(pushToMain('c'.repeat(40)), READER, { 'run-id': pushRunId })
    expect(result.code).toBe(0)
    expect(result.outputs['run-id']).toBe(pushRunId)
    expect(result.outputs['model-version']).toBeUndefined()
    const warning = result.stdout
      .split('\n')
      .find(l => l.startsWith('::warning::The model was not registered'))
    expect(warning).toContain(
      "The tracking user needs permission to edit the registered model 'iris-classifier'"
    )
    expect(warning).not.toContain(READER.password)
    expect(result.summary).toContain('⚠️ ')
    expect(registry()).toMatchObject({ candidate: '1' })
    expect(registry().versions).toHaveLength(1)
  })
})
