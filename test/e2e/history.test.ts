/**
 * End to end without a tracking server: the local MLflow store travels as a workflow artifact
 * (the real @actions/artifact client against the loopback artifact service), pull requests find
 * their baseline in the base branch's artifact, and a fork's pull request reports in one
 * workflow while a second one publishes its bundle.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import { toJson } from '../../src/core/report/build.js'
import {
  makeWorkspace,
  pullRequestEnv,
  pullRequestEvent,
  pushEnv,
  runAction,
  type ActionResult
} from '../support/action-runner.js'
import { startArtifactService, type ArtifactService } from '../support/artifact-service.js'
import {
  READ_TOKEN,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { sampleReport } from '../support/reports.js'
import { workflowRoutes, type WorkflowRoutes } from '../support/workflow-runs.js'
import { compareRoute } from '../support/compare-commits.js'
import { contentsRoute } from '../support/contents.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const STORE = 'care-label-store-iris-classifier'
const BUNDLE = 'care-label-report-model-care-label'
const CONFIG = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.8
    max_regression: 10%
    category: quality
`

/** Commits of main whose rules file is CONFIG (the base of the publish stage's pull requests). */
const MAIN_COMMITS = new Set(['d'.repeat(40)])

let service: ArtifactService
let github: GitHubApiServer
let routes: WorkflowRoutes
let workspace: string
/** The runner's temp directory: the same path on every run, emptied between runs. */
let runnerTemp: string
/** The head of main's latest successful push: the merge base of the next pull request. */
let mainHead: string | undefined

beforeAll(async () => {
  service = await startArtifactService({ owner: OWNER, repo: REPO })
  routes = workflowRoutes(OWNER, REPO, 'https://github.com')
  // A pull request branches off main's latest successful push.
  const compare = compareRoute(OWNER, REPO, base =>
    base === 'main' && mainHead ? { sha: mainHead, date: new Date().toISOString() } : undefined
  )
  // The rules file of main's commits (those the publish stage reads), the same at each of them.
  const contents = contentsRoute(OWNER, REPO, (file, ref) =>
    file === '.github/care-label.yml' && MAIN_COMMITS.has(ref) ? CONFIG : undefined
  )
  github = await startGitHubApiServer({
    extraRoutes: (req, res, url) =>
      routes.handle(req, res, url) ||
      compare(req, res, url) ||
      contents(req, res, url) ||
      service.restHandler(req, res, url)
  })
  // The pull requests of these tests; a comment on any other answers 404.
  for (const n of [1, 7, 8, 9, 10, 12, 13]) github.addIssue(OWNER, REPO, n)
  workspace = makeWorkspace(CONFIG)
  runnerTemp = path.join(mkdtempSync(path.join(os.tmpdir(), 'care-label-history-')), 'temp')
})

afterAll(async () => {
  await service?.stop()
  await github?.stop()
  for (const dir of [workspace, runnerTemp && path.dirname(runnerTemp)]) {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
})

/** Runs the action as workflow run `runId` on a fresh runner, and records the run's outcome. */
async function workflowRun(
  runId: number,
  options: {
    env: Record<string, string>
    event?: unknown
    inputs?: Record<string, string>
    token?: string
    branch: string
    headSha: string
    workspace?: string
  }
): Promise<ActionResult> {
  rmSync(runnerTemp, { recursive: true, force: true })
  mkdirSync(runnerTemp, { recursive: true })
  const result = await runAction({
    workspace: options.workspace ?? workspace,
    inputs: { project: 'model', ...options.inputs },
    event: options.event,
    env: {
      GITHUB_API_URL: github.url,
      'INPUT_GITHUB-TOKEN': options.token ?? WRITE_TOKEN,
      GITHUB_RUN_ID: String(runId),
      GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/model.yml@refs/heads/${options.branch}`,
      RUNNER_TEMP: runnerTemp,
      ...service.envFor(runId),
      ...options.env
    }
  })
  if (result.code === 0 && options.env['GITHUB_EVENT_NAME'] === 'push') mainHead = options.headSha
  routes.addRun({
    id: runId,
    workflowFile: 'model.yml',
    name: 'model',
    branch: options.branch,
    event: String(options.env['GITHUB_EVENT_NAME']),
    conclusion: result.code === 0 ? 'success' : 'failure',
    headSha: options.headSha
  })
  return result
}

const artifactsOf = (runId: number) =>
  service
    .artifacts()
    .filter(a => a.workflowRunId === runId)
    .map(a => a.name)
    .sort()

/** The run ids in the local store the last run left on its runner. */
async function runsInStore(): Promise<string[]> {
  const store = new SqliteTrackingStore(path.join(runnerTemp, 'care-label', 'mlflow', 'mlflow.db'))
  try {
    const experiment = await store.getExperimentByName('iris-classifier')
    const page = await store.searchRuns({
      experimentIds: [experiment?.experimentId ?? '0'],
      orderBy: ['attributes.start_time ASC'],
      maxResults: 100
    })
    return page.runs.map(r => r.info.runId)
  } finally {
    await store.close()
  }
}

const push = (sha: string) => ({ env: pushEnv('main', sha), branch: 'main', headSha: sha })

describe('history in workflow artifacts', () => {
  const ids: string[] = []

  it('the first push on main uploads its store and its report bundle', async () => {
    const result = await workflowRun(301, push('1'.repeat(40)))
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('no-baseline')
    expect(result.stdout).toContain(
      `No artifact '${STORE}' from a successful run of this workflow on 'main'`
    )
    expect(artifactsOf(301)).toEqual([BUNDLE, STORE])
    const bundle = service.artifacts().find(a => a.workflowRunId === 301 && a.name === BUNDLE)
    expect(result.outputs['artifact-url']).toBe(
      `https://github.com/${OWNER}/${REPO}/actions/runs/301/artifacts/${bundle?.id}`
    )
    ids.push(result.outputs['run-id'] ?? '')
  })

  it('the next push carries the history forward and compares with the previous run', async () => {
    const result = await workflowRun(302, push('2'.repeat(40)))
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `Carried the history of artifact '${STORE}' of workflow run 301`
    )
    expect(result.outputs['baseline-run-id']).toBe(ids[0])
    ids.push(result.outputs['run-id'] ?? '')
    expect(await runsInStore()).toEqual(ids)
  })

  it('a pull request finds its baseline in the artifact of main and links it', async () => {
    const result = await workflowRun(303, {
      env: pullRequestEnv(7),
      event: pullRequestEvent(7, '3'.repeat(40)),
      branch: 'feature/faster-model',
      headSha: '3'.repeat(40),
      inputs: { parameters: 'max_depth=3' }
    })
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('pass')
    expect(result.outputs['baseline-run-id']).toBe(ids[1])
    const body = github.comments(OWNER, REPO, 7)[0]?.body ?? ''
    // GitHub's compare API says the pull request branched off main's last push: its runs.
    expect(body).toContain('of the merge base 2222222')
    const store302 = service.artifacts().find(a => a.workflowRunId === 302 && a.name === STORE)
    const store303 = service.artifacts().find(a => a.workflowRunId === 303 && a.name === STORE)
    expect(body).toContain(
      `(https://github.com/${OWNER}/${REPO}/actions/runs/302/artifacts/${store302?.id})`
    )
    expect(body).toContain(
      `(https://github.com/${OWNER}/${REPO}/actions/runs/303/artifacts/${store303?.id})`
    )
    expect(body).toContain('workflow artifact')
    // The pull request's own store holds its run only: main's history is not mixed into it.
    expect(await runsInStore()).toEqual([result.outputs['run-id']])
  })

  it('keeps at most history-runs runs, dropping the oldest with mlflow gc', async () => {
    const result = await workflowRun(304, {
      ...push('4'.repeat(40)),
      inputs: { 'history-runs': '2' }
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Dropped the 1 oldest run(s) beyond history-runs (2).')
    expect(await runsInStore()).toEqual([ids[1], result.outputs['run-id']])
    ids.push(result.outputs['run-id'] ?? '')
  })

  it('uploads the store when the gate fails too', async () => {
    const strict = makeWorkspace(CONFIG.replace('threshold: 0.8', 'threshold: 0.999'))
    try {
      const result = await workflowRun(305, { ...push('5'.repeat(40)), workspace: strict })
      expect(result.code).toBe(1)
      expect(result.outputs['verdict']).toBe('fail')
      expect(artifactsOf(305)).toEqual([BUNDLE, STORE])
    } finally {
      rmSync(strict, { recursive: true, force: true })
    }
  })

  it('a pull request from a fork reports, and the publish stage posts its bundle', async () => {
    const head = '6'.repeat(40)
    const event = pullRequestEvent(8, head) as { pull_request: { head: Record<string, unknown> } }
    event.pull_request.head = {
      ...event.pull_request.head,
      ref: 'feature',
      repo: { full_name: `someone/${REPO}`, owner: { login: 'someone' } }
    }
    const report = await workflowRun(306, {
      env: { ...pullRequestEnv(8), GITHUB_HEAD_REF: 'feature' },
      event,
      branch: 'feature',
      headSha: head,
      token: READ_TOKEN
    })
    expect(report.code).toBe(0)
    expect(report.stdout).toContain('::notice::This pull request comes from a fork')
    expect(annotations(report.stdout, 'warning')).toEqual([])
    expect(github.comments(OWNER, REPO, 8)).toHaveLength(0)
    expect(artifactsOf(306)).toContain(BUNDLE)

    routes.addPull({
      number: 8,
      headOwner: 'someone',
      headBranch: 'feature',
      headSha: head,
      state: 'open',
      baseSha: 'd'.repeat(40)
    })
    const publish = await workflowRun(307, {
      env: {
        GITHUB_EVENT_NAME: 'workflow_run',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: '7'.repeat(40),
        // The publish stage needs neither Python nor MLflow.
        PATH: '/nonexistent'
      },
      event: {
        action: 'completed',
        workflow_run: {
          id: 306,
          event: 'pull_request',
          conclusion: 'success',
          head_sha: head,
          head_branch: 'feature',
          head_repository: { full_name: `someone/${REPO}`, owner: { login: 'someone' } },
          pull_requests: []
        }
      },
      inputs: { mode: 'publish' },
      branch: 'main',
      headSha: '7'.repeat(40)
    })
    expect(publish.stderr).toBe('')
    expect(publish.code).toBe(0)
    const comments = github.comments(OWNER, REPO, 8)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('<!-- mlflow-care-label key="model/care-label" -->')
    expect(comments[0]?.body).toContain(`/actions/runs/306/artifacts/`)
    const check = github.checkRuns(OWNER, REPO).at(-1)
    expect(check).toMatchObject({ head_sha: head, conclusion: 'success' })
    expect(publish.outputs['verdict']).toBe(report.outputs['verdict'])
    expect(comments[0]?.body).toContain(
      'the verdict and the label were decided by the publish stage, by the rules at the base commit ddddddd'
    )
    console.log(`publish stage: ${publish.ms} ms`)
    expect(publish.ms).toBeLessThan(20000)
  })

  it('refuses a base-branch store whose bytes changed after upload', async () => {
    const latest = service.artifacts().find(a => a.workflowRunId === 304 && a.name === STORE)
    // Where in the store's zip a changed byte lands decides whether it still unpacks; its
    // header's date always does, so this is the digest's case whatever the store holds.
    service.corrupt(latest?.id ?? 0, 'zip-header')
    const result = await workflowRun(308, {
      env: pullRequestEnv(9),
      event: pullRequestEvent(9, '8'.repeat(40)),
      branch: 'feature/faster-model',
      headSha: '8'.repeat(40)
    })
    expect(result.code).toBe(1)
    expect(annotations(result.stdout, 'error').join('\n')).toContain(
      `Artifact '${STORE}' of workflow run 304 does not match its digest`
    )
    expect(result.stdout).not.toMatch(/at .*\.js:\d+/)
  })
})

/** The publish stage as workflow run `runId`, on main, for the run that uploaded a bundle. */
function publishStage(
  runId: number,
  triggering: { id: number; head: string; branch: string }
): Promise<ActionResult> {
  return workflowRun(runId, {
    env: {
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: 'c'.repeat(40)
    },
    event: {
      workflow_run: {
        id: triggering.id,
        event: 'pull_request',
        head_sha: triggering.head,
        head_branch: triggering.branch,
        head_repository: { owner: { login: 'someone' } },
        pull_requests: []
      }
    },
    inputs: { mode: 'publish' },
    branch: 'main',
    headSha: 'c'.repeat(40)
  })
}

/** Uploads `files` as artifact `name` of workflow run `runId`, as another step would. */
async function uploadAs(runId: number, name: string, files: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-foreign-'))
  const saved = { ...process.env }
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
    Object.assign(process.env, service.envFor(runId))
    const { DefaultArtifactClient } = await import('@actions/artifact')
    await new DefaultArtifactClient().uploadArtifact(
      name,
      Object.keys(files).map(f => path.join(dir, f)),
      dir
    )
  } finally {
    process.env = saved
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('what the action refuses to read', () => {
  it("an artifact of the store's name that holds something else", async () => {
    await uploadAs(309, STORE, { 'mlflow.db': 'not sqlite', 'run.sh': 'curl evil | sh' })
    routes.addRun({
      id: 309,
      workflowFile: 'model.yml',
      name: 'model',
      branch: 'main',
      event: 'push',
      conclusion: 'success',
      headSha: '9'.repeat(40)
    })
    const result = await workflowRun(310, {
      env: pullRequestEnv(10),
      event: pullRequestEvent(10, 'a'.repeat(40)),
      branch: 'feature/faster-model',
      headSha: 'a'.repeat(40)
    })
    expect(result.code).toBe(1)
    expect(annotations(result.stdout, 'error').join('\n')).toContain(
      `artifact '${STORE}' of workflow run 309 on 'main' (commit 9999999) is not an MLflow store of this action: it holds 'run.sh' beside mlflow.db and artifacts/.`
    )
  })

  it('a bundle that claims another pull request than its commit is the head of', async () => {
    const head = 'b'.repeat(40)
    // A well-formed report, but about pull request 1, which that commit is not the head of.
    const report = sampleReport({ accuracy: 0.9 }, undefined)
    report.context = { ...report.context, headSha: head, pullRequest: 1 }
    await uploadAs(311, BUNDLE, { 'report.json': toJson(report) })
    routes.addPull({
      number: 12,
      headOwner: 'someone',
      headBranch: 'other',
      headSha: head,
      state: 'open'
    })
    const result = await publishStage(312, { id: 311, head, branch: 'other' })
    expect(result.code).toBe(1)
    expect(annotations(result.stdout, 'error').join('\n')).toContain(
      `Report bundle '${BUNDLE}' of workflow run 311 was refused: it names pull request 1, but commit bbbbbbb is the head of #12.`
    )
    expect(github.comments(OWNER, REPO, 1)).toHaveLength(0)
    expect(github.comments(OWNER, REPO, 12)).toHaveLength(0)
  })
})

describe('what the publish stage decides itself', () => {
  it('the verdict of a bundle that says it passed, by the base branch’s rules', async () => {
    const head = 'e'.repeat(40)
    // Written by the pull request's code: accuracy 0.5 (main's rules want 0.8), called a pass
    // with an A, and a gate that does not block.
    const report = sampleReport({ accuracy: 0.5 }, { accuracy: 0.9 })
    report.context = { ...report.context, headSha: head, pullRequest: 13 }
    Object.assign(report, { verdict: 'pass', gate: false })
    report.comparison.verdict = 'pass'
    report.label.overall = 'A'
    await uploadAs(313, BUNDLE, { 'report.json': toJson(report) })
    routes.addPull({
      number: 13,
      headOwner: 'someone',
      headBranch: 'sneaky',
      headSha: head,
      state: 'open',
      baseSha: 'd'.repeat(40)
    })
    const result = await publishStage(314, { id: 313, head, branch: 'sneaky' })
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('fail')
    expect(github.checkRuns(OWNER, REPO).at(-1)).toMatchObject({
      head_sha: head,
      conclusion: 'failure'
    })
    const [comment] = github.comments(OWNER, REPO, 13)
    expect(comment?.body).toContain(
      '### 🏷️ Care label 🟥 D (baseline 🟩 A) · ❌ 1 metric check failed'
    )
    expect(comment?.body).not.toContain('changes the rules')
  })
})

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout.split('\n').filter(line => line.startsWith(`::${kind}`))
}
