/**
 * End to end: `node dist/index.js` spawned as the runner spawns it, running the example MLflow
 * Project with the real `mlflow run`, against a real `mlflow server` or a local SQLite store, and a
 * loopback server that answers like GitHub's REST API.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { compareRoute } from '../support/compare-commits.js'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import {
  makeWorkspace,
  pullRequestEnv,
  pullRequestEvent,
  pushEnv,
  runAction
} from '../support/action-runner.js'
import {
  READ_TOKEN,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { freePort, startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import { runPython } from '../support/python.js'
import type { Report } from '../../src/core/report/types.js'

const CONFIG = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.8
    max_regression: 10%
    category: quality
    rating: [0.95, 0.9, 0.85]
  f1_macro:
    greater_is_better: true
    threshold: 0.8
  train_seconds:
    greater_is_better: false
    max_regression: 500%
    level: warn
`
const OWNER = 'octo-org'
const REPO = 'ml-repo'
const HOSTILE_NOTE = `it's; a "test" $(echo pwned) @octocat`

let github: GitHubApiServer
let mlflow: MlflowServer
let workspace: string
let store: string

beforeAll(async () => {
  // Pull requests branch off a commit of main that has no run: their baseline is main's latest
  // runs before it.
  github = await startGitHubApiServer({
    extraRoutes: compareRoute(OWNER, REPO, base =>
      base === 'main' ? { sha: '0'.repeat(40), date: new Date().toISOString() } : undefined
    )
  })
  // The pull requests of these tests; a comment on any other answers 404.
  for (const n of [7, 8, 9, 10, 11, 12]) github.addIssue(OWNER, REPO, n)
  mlflow = await startMlflowServer()
  workspace = makeWorkspace(CONFIG)
  store = mkdtempSync(path.join(os.tmpdir(), 'care-label-store-'))
})

afterAll(async () => {
  await github?.stop()
  await mlflow?.stop()
  for (const dir of [workspace, store]) if (dir) rmSync(dir, { recursive: true, force: true })
})

function githubEnv(token = WRITE_TOKEN): Record<string, string> {
  return { GITHUB_API_URL: github.url, 'INPUT_GITHUB-TOKEN': token }
}

const base = { project: 'model', 'fail-on-regression': 'true' }

/** Logs one run per accuracy (accuracy and f1_macro) with MLflow itself; returns their ids. */
function logRuns(
  uri: string,
  experiment: string,
  accuracies: number[],
  env: Record<string, string> = {}
): string[] {
  const out = runPython(
    `import json, mlflow
mlflow.set_experiment(${JSON.stringify(experiment)})
ids = []
for acc in ${JSON.stringify(accuracies)}:
    with mlflow.start_run() as run:
        mlflow.log_metrics({"accuracy": acc, "f1_macro": acc})
        ids.append(run.info.run_id)
print(json.dumps(ids))`,
    { MLFLOW_TRACKING_URI: uri, ...env }
  )
  return JSON.parse(out.trim().split('\n').pop() ?? '[]')
}

/** The ::error / ::warning workflow commands the action printed. */
function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout.split('\n').filter(line => line.startsWith(`::${kind}`))
}

describe('local SQLite store (no tracking server)', () => {
  let baselineRunId = ''
  let prRunId = ''
  let commentUrl = ''

  it('on push to main: runs the project, logs to a local store, reports no baseline', async () => {
    const result = await runAction({
      workspace,
      inputs: { ...base, 'output-dir': store, parameters: 'n_estimators=30\nmax_depth=4' },
      env: { ...pushEnv('main', 'a'.repeat(40)), ...githubEnv() }
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('no-baseline')
    expect(result.outputs['run-id']).toMatch(/^[0-9a-f]{32}$/)
    expect(result.outputs['baseline-run-id']).toBe('')
    expect(result.outputs['report']).toBe(path.join(store, 'report.json'))
    expect(result.outputs['tracking-uri']).toBe(
      `sqlite:///${path.join(store, 'mlflow', 'mlflow.db')}`
    )
    expect(result.summary).toContain('🆕 no baseline yet')
    expect(result.outputs['label-svg']).toBe(path.join(store, 'care-label.svg'))
    expect(result.outputs['report-html']).toBe(path.join(store, 'report.html'))
    expect(readFileSync(path.join(store, 'care-label.svg'), 'utf8')).toMatch(/^<svg xmlns=/)
    expect(readFileSync(path.join(store, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/)
    // Not on a runner with an artifact service: nothing uploaded, and no error about it.
    expect(result.outputs['artifact-url']).toBe('')
    expect(result.stdout).toContain('::group::mlflow run model -e main (local)')
    expect(result.stdout).toContain('Not a pull request: no comment to post.')
    baselineRunId = result.outputs['run-id'] ?? ''

    const db = new SqliteTrackingStore(path.join(store, 'mlflow', 'mlflow.db'))
    const run = await db.getRun(baselineRunId)
    await db.close()
    expect(run.info.status).toBe('FINISHED')
    expect(run.data.tags).toMatchObject({
      'care-label.git.ref': 'refs/heads/main',
      'care-label.event': 'push',
      'care-label.git.head-sha': 'a'.repeat(40),
      'care-label.runner.os': 'Linux',
      'care-label.workflow-run-url': 'https://github.com/octo-org/ml-repo/actions/runs/4242',
      'mlflow.project.entryPoint': 'main'
    })
    expect(run.data.metrics['accuracy']).toBeGreaterThan(0.8)
  })

  it('on a pull request: finds main as the baseline, posts one comment among 120 others (paged)', async () => {
    for (let i = 0; i < 120; i++) github.seedComment(OWNER, REPO, 7, `LGTM ${i}`)
    const result = await runAction({
      workspace,
      inputs: {
        ...base,
        'output-dir': store,
        parameters: `n_estimators=20\nmax_depth=3\nmodel_note=${HOSTILE_NOTE}`
      },
      event: pullRequestEvent(7, 'b'.repeat(40)),
      env: { ...pullRequestEnv(7), ...githubEnv() }
    })
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('pass')
    expect(result.outputs['grade']).toMatch(/^[A-D]$/)
    expect(result.outputs['baseline-run-id']).toBe(baselineRunId)
    prRunId = result.outputs['run-id'] ?? ''
    expect(prRunId).toMatch(/^[0-9a-f]{32}$/)
    expect(prRunId).not.toBe(baselineRunId)

    const comments = github.comments(OWNER, REPO, 7)
    expect(comments).toHaveLength(121)
    const ours = comments[120]!
    expect(ours.user.login).toBe('github-actions[bot]')
    expect(ours.body).toContain('<!-- mlflow-care-label key="model/care-label" -->')
    expect(ours.body).toContain('✅ all metric checks passed')
    expect(ours.body).toBe(result.summary)
    expect(result.outputs['comment-url']).toBe(ours.html_url)
    commentUrl = ours.html_url
    const lists = github.requests.filter(
      r => r.method === 'GET' && r.path.endsWith('/issues/7/comments')
    )
    expect(lists.map(r => r.query['page'] ?? '1')).toEqual(['1', '2'])

    // The parameter arrived in the run exactly as given, and is inert in the comment.
    const db = new SqliteTrackingStore(path.join(store, 'mlflow', 'mlflow.db'))
    const run = await db.getRun(prRunId)
    await db.close()
    expect(run.data.tags['model_note']).toBe(HOSTILE_NOTE)
    expect(run.data.tags).toMatchObject({
      'care-label.pull-request': '7',
      'care-label.git.base-ref': 'main'
    })
    expect(ours.body).not.toContain('@octocat')
    expect(ours.body).not.toContain('$(echo')
    // The example logs val_accuracy per stage of the forest: a chart of both runs, and where
    // the numbers were measured.
    expect(ours.body).toContain('**val_accuracy**')
    // The raw comment reads cleanly: names, versions and rules keep their _ - . and :.
    expect(ours.body).not.toMatch(/&#(?:95|45|46|58);/)
    expect(ours.body).toMatch(
      /xychart-beta\n {2}title "val_accuracy"\n {2}x-axis "step" \[10, 20, 30\]/
    )
    expect(ours.body).toMatch(
      /<sub>Measured on Linux X64 · .+ · Python 3\.\d+\.\d+ · MLflow 3\.17\.2<\/sub>/
    )
    expect(run.data.tags['care-label.env.mlflow']).toBe('3.17.2')
    // The label travels with the run, in the local store's artifacts beside mlflow.db.
    expect(run.data.tags['care-label.grade']).toBe(result.outputs['grade'])
    expect(existsSync(path.join(run.info.artifactUri ?? '', 'care-label', 'care-label.svg'))).toBe(
      true
    )
  })

  it('a second run on the same pull request updates the same comment', async () => {
    const before = github.requests.length
    const result = await runAction({
      workspace,
      inputs: { ...base, 'output-dir': store, 'run-id': prRunId, 'baseline-run-id': baselineRunId },
      event: pullRequestEvent(7, 'c'.repeat(40)),
      env: { ...pullRequestEnv(7), ...githubEnv() }
    })
    expect(result.code).toBe(0)
    expect(github.comments(OWNER, REPO, 7)).toHaveLength(121)
    expect(result.outputs['comment-url']).toBe(commentUrl)
    const writes = github.requests.slice(before).filter(r => r.method !== 'GET')
    expect(writes.map(r => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${OWNER}/${REPO}/check-runs`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${commentUrl.split('-').pop()}`
    ])
    expect(github.comments(OWNER, REPO, 7)[120]?.body).toContain('given by baseline-run-id')
  })

  it('a run whose report did not change writes nothing', async () => {
    const before = github.requests.length
    const result = await runAction({
      workspace,
      inputs: {
        ...base,
        'output-dir': store,
        'run-id': prRunId,
        'baseline-run-id': baselineRunId,
        'check-name': ''
      },
      event: pullRequestEvent(7, 'c'.repeat(40)),
      env: { ...pullRequestEnv(7), ...githubEnv() }
    })
    expect(result.code).toBe(0)
    expect(result.outputs['comment-url']).toBe(commentUrl)
    expect(github.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([])
    expect(result.stdout).toContain(`Pull request comment unchanged: ${commentUrl}`)
  })

  it('a broken threshold fails the step, after the comment is updated and the outputs written', async () => {
    const strict = makeWorkspace(
      CONFIG.replace('threshold: 0.8\n    max_regression', 'threshold: 0.999\n    max_regression')
    )
    try {
      const result = await runAction({
        workspace: strict,
        inputs: { ...base, 'output-dir': store, 'run-id': prRunId },
        event: pullRequestEvent(7, 'd'.repeat(40)),
        env: { ...pullRequestEnv(7), ...githubEnv() }
      })
      expect(result.code).toBe(1)
      expect(result.outputs['verdict']).toBe('fail')
      expect(result.outputs['run-id']).toBe(prRunId)
      expect(result.outputs['baseline-run-id']).toBe(baselineRunId)
      expect(annotations(result.stdout, 'error')).toEqual([
        "::error file=.github/care-label.yml,line=2::Metric 'accuracy' broke ≥ 0.999.",
        '::error::1 metric check(s) failed: accuracy. The report is in the job summary and on the pull request.'
      ])
      const comments = github.comments(OWNER, REPO, 7)
      expect(comments).toHaveLength(121)
      expect(comments[120]?.body).toContain('❌ 1 metric check failed')
      expect(result.summary).toContain('❌ 1 metric check failed')
      const check = github.checkRuns(OWNER, REPO).at(-1)
      expect(check).toMatchObject({
        name: 'MLflow care label',
        head_sha: 'd'.repeat(40),
        status: 'completed',
        conclusion: 'failure'
      })
      expect(check?.output.summary).toBe(result.summary)
      expect(result.outputs['check-url']).toBe(check?.html_url)
    } finally {
      rmSync(strict, { recursive: true, force: true })
    }
  })

  it('with a read-only token (fork PR) warns which permission is missing and still writes the summary', async () => {
    const result = await runAction({
      workspace,
      inputs: { ...base, 'output-dir': store, 'run-id': prRunId },
      event: pullRequestEvent(8, 'e'.repeat(40)),
      env: { ...pullRequestEnv(8), ...githubEnv(READ_TOKEN) }
    })
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('pass')
    expect(result.outputs['comment-url']).toBe('')
    expect(result.summary).toContain('✅ all metric checks passed')
    expect(github.comments(OWNER, REPO, 8)).toHaveLength(0)
    const warnings = annotations(result.stdout, 'warning')
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('Could not create the check run (HTTP 403')
    expect(warnings[0]).toContain('checks: write')
    expect(warnings[1]).toContain(
      'GitHub refused the comment (HTTP 403: Resource not accessible by integration'
    )
    expect(warnings[1]).toContain('pull-requests: write')
  })

  it('retries a 502 and a 429 with retry-after, then posts the comment', async () => {
    github.fault({ method: 'GET', path: /\/issues\/10\/comments$/, status: 502 })
    github.fault({
      method: 'POST',
      path: /\/issues\/10\/comments$/,
      status: 429,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit.' }
    })
    const result = await runAction({
      workspace,
      inputs: { ...base, 'output-dir': store, 'run-id': prRunId, 'check-name': '' },
      event: pullRequestEvent(10, 'f'.repeat(40)),
      env: { ...pullRequestEnv(10), ...githubEnv() }
    })
    expect(result.code).toBe(0)
    expect(annotations(result.stdout, 'warning')).toEqual([])
    expect(github.comments(OWNER, REPO, 10)).toHaveLength(1)
    const calls = github.requests.filter(r => r.path.endsWith('/issues/10/comments'))
    expect(calls.map(r => r.method)).toEqual(['GET', 'GET', 'POST', 'POST'])
  })

  it('a comment GitHub refuses (422) leaves a warning, the summary and the outputs', async () => {
    github.fault({
      method: 'POST',
      path: /\/issues\/11\/comments$/,
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)'
          }
        ],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '422'
      }
    })
    const result = await runAction({
      workspace,
      inputs: { ...base, 'output-dir': store, 'run-id': prRunId, 'check-name': '' },
      event: pullRequestEvent(11, 'f'.repeat(40)),
      env: { ...pullRequestEnv(11), ...githubEnv() }
    })
    expect(result.code).toBe(0)
    expect(result.outputs['verdict']).toBe('pass')
    expect(result.outputs['comment-url']).toBe('')
    expect(result.summary).toContain('✅ all metric checks passed')
    const warnings = annotations(result.stdout, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('GitHub rejected the comment (HTTP 422')
    expect(github.comments(OWNER, REPO, 11)).toHaveLength(0)
  })
})

describe('MLflow tracking server', () => {
  it('logs to the server, finds the baseline there and links both runs', async () => {
    const ws = makeWorkspace(CONFIG)
    try {
      const push = await runAction({
        workspace: ws,
        inputs: { ...base, 'tracking-uri': mlflow.url, 'experiment-name': 'server-e2e' },
        env: { ...pushEnv('main', '1'.repeat(40)), ...githubEnv() }
      })
      expect(push.code).toBe(0)
      expect(push.outputs['verdict']).toBe('no-baseline')
      expect(push.outputs['tracking-uri']).toBe('')
      const pr = await runAction({
        workspace: ws,
        inputs: {
          ...base,
          'tracking-uri': mlflow.url,
          'experiment-name': 'server-e2e',
          parameters: 'max_depth=3'
        },
        event: pullRequestEvent(9, '2'.repeat(40)),
        env: { ...pullRequestEnv(9), ...githubEnv() }
      })
      expect(pr.code).toBe(0)
      expect(pr.outputs['verdict']).toBe('pass')
      expect(pr.outputs['baseline-run-id']).toBe(push.outputs['run-id'])
      const body = github.comments(OWNER, REPO, 9)[0]?.body ?? ''
      expect(body).toContain(`(${mlflow.url}/#/experiments/1/runs/${pr.outputs['run-id']})`)
      expect(body).toContain(`(${mlflow.url}/#/experiments/1/runs/${push.outputs['run-id']})`)
      // MLflow itself sees the CI tags on the server's run, and the label beside it.
      const seen = JSON.parse(
        runPython(
          `import json, mlflow\nrun_id = "${pr.outputs['run-id']}"\nlabel = [a.path for a in mlflow.MlflowClient().list_artifacts(run_id, "care-label")]\nprint(json.dumps({"tags": mlflow.get_run(run_id).data.tags, "label": label}))`,
          {
            MLFLOW_TRACKING_URI: mlflow.url
          }
        )
      )
      expect(seen.tags['care-label.git.ref']).toBe('refs/pull/9/merge')
      expect(seen.label).toContain('care-label/care-label.svg')
      expect(seen.tags['care-label.grade']).toBe(pr.outputs['grade'])
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('bad input fails with a clear message, no stack trace', () => {
  it.each([
    [
      'a missing MLproject',
      { project: 'nowhere' },
      undefined,
      "::error::The project directory 'nowhere' does not exist."
    ],
    [
      'an unknown entry point',
      { project: 'model', 'entry-point': 'evaluate' },
      undefined,
      "::error file=model/MLproject,line=6::model/MLproject:6: entry point 'evaluate' is not defined (defined: 'main', 'smoke', 'quality', 'robustness', 'runtime', 'memory', 'energy'). Set 'entry-point' to one of them."
    ],
    [
      'a parameter of the wrong type',
      { project: 'model', parameters: 'max_depth=deep' },
      undefined,
      "::error file=model/MLproject,line=9::model/MLproject:9: parameter 'max_depth' of entry point 'main' is an int, but the value given is 'deep'."
    ],
    [
      'a malformed config',
      { project: 'model' },
      'metrics:\n  accuracy:\n    greater_is_better: true\n    treshold: 0.9\n',
      "::error file=.github/care-label.yml,line=4::.github/care-label.yml:4: unknown key 'treshold' in metrics.accuracy. Did you mean 'threshold'?"
    ],
    [
      'a config path that does not exist',
      { project: 'model', config: 'ci/rules.yml' },
      undefined,
      '::error file=ci/rules.yml::ci/rules.yml: the config file does not exist.'
    ]
  ])('%s', async (_name, inputs, config, message) => {
    const ws = makeWorkspace(config)
    try {
      const result = await runAction({
        workspace: ws,
        inputs,
        env: pushEnv('main', '9'.repeat(40))
      })
      expect(result.code).toBe(1)
      expect(result.outputs['verdict']).toBe('error')
      const errors = annotations(result.stdout, 'error')
      expect(errors.some(line => line.startsWith(message))).toBe(true)
      expect(result.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })

  it('an unreachable tracking server fails within a bounded time, before running the project', async () => {
    const port = await freePort()
    const ws = makeWorkspace()
    try {
      const result = await runAction({
        workspace: ws,
        inputs: { project: 'model', 'tracking-uri': `http://user:s3cret@127.0.0.1:${port}` },
        env: {
          ...pushEnv('main', '9'.repeat(40)),
          MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2',
          MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.1',
          MLFLOW_TRACKING_PASSWORD: 'hunter2-secret'
        }
      })
      expect(result.code).toBe(1)
      expect(result.ms).toBeLessThan(20_000)
      const [error] = annotations(result.stdout, 'error')
      expect(error).toContain(
        `Cannot reach the MLflow tracking server http://***:***@127.0.0.1:${port}`
      )
      expect(error).toContain('after 3 attempt(s)')
      // The runner hides masked values; only the ::add-mask:: commands may carry them.
      const masks = result.stdout.split('\n').filter(line => line.startsWith('::add-mask::'))
      expect(masks).toEqual(
        expect.arrayContaining(['::add-mask::s3cret', '::add-mask::hunter2-secret'])
      )
      const rest = result.stdout
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
        .join('\n')
      expect(rest).not.toContain('s3cret')
      expect(rest).not.toContain('hunter2-secret')
      expect(result.stdout).not.toContain('mlflow run')
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('adopting a run logged by an earlier step', () => {
  it('judges the given run against the given baseline without running a project', async () => {
    const ids = logRuns(mlflow.url, 'adopted', [0.9, 0.95])
    const ws = makeWorkspace(CONFIG)
    writeFileSync(path.join(ws, 'MLproject'), 'this is not read when run-id is given')
    try {
      const result = await runAction({
        workspace: ws,
        inputs: {
          'run-id': ids[1] ?? '',
          'baseline-run-id': ids[0] ?? '',
          'tracking-uri': mlflow.url
        },
        event: pullRequestEvent(10, '3'.repeat(40)),
        env: { ...pullRequestEnv(10), ...githubEnv() }
      })
      expect(result.code).toBe(0)
      expect(result.outputs['verdict']).toBe('pass')
      expect(result.stdout).not.toContain('::group::mlflow run')
      const body = github.comments(OWNER, REPO, 10)[0]?.body ?? ''
      expect(body).toMatch(/\| accuracy \|(?:[^|\n]*\|)? 0\.95 \| 0\.9 \| ▲ \+0\.05 \(\+5\.56%\)/)
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('comment: on-change', () => {
  it('comments only once something fails, then keeps that comment up to date', async () => {
    const [baseline, same, worse, fixed] = logRuns(mlflow.url, 'on-change', [0.9, 0.9, 0.7, 0.9])
    const ws = makeWorkspace(CONFIG)
    const run = (runId: string | undefined) =>
      runAction({
        workspace: ws,
        inputs: {
          'run-id': runId ?? '',
          'baseline-run-id': baseline ?? '',
          'tracking-uri': mlflow.url,
          comment: 'on-change'
        },
        event: pullRequestEvent(12, '6'.repeat(40)),
        env: { ...pullRequestEnv(12), ...githubEnv() }
      })
    try {
      const quiet = await run(same)
      expect(quiet.code).toBe(0)
      expect(quiet.stdout).toContain(
        'No pull request comment (comment: on-change): no rule failed and no letter changed. The report is in the job summary.'
      )
      expect(quiet.summary).toContain('<!-- mlflow-care-label')
      expect(quiet.outputs['comment-url']).toBe('')
      expect(github.comments(OWNER, REPO, 12)).toHaveLength(0)

      const failing = await run(worse)
      expect(failing.code).toBe(1)
      const [comment] = github.comments(OWNER, REPO, 12)
      expect(github.comments(OWNER, REPO, 12)).toHaveLength(1)
      expect(comment?.body).toContain('❌ fail')
      expect(failing.outputs['comment-url']).toBe(comment?.html_url)

      // Fixed: nothing is news any more, but the comment that exists is updated, never stale.
      const passing = await run(fixed)
      expect(passing.code).toBe(0)
      const after = github.comments(OWNER, REPO, 12)
      expect(after).toHaveLength(1)
      expect(after[0]?.id).toBe(comment?.id)
      expect(after[0]?.body).not.toContain('❌ fail')
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('platform matching', () => {
  it('shows a runtime metric measured on another platform as not comparable, and compares the rest', async () => {
    const elsewhere = {
      'care-label.git.ref': 'refs/heads/main',
      'mlflow.project.entryPoint': 'main',
      'care-label.runner.os': 'Linux',
      'care-label.env.cpu': 'Imaginary CPU × 64'
    }
    const out = runPython(
      `import json, mlflow
mlflow.set_experiment("platforms")
ids = []
for acc, seconds, tags in [(0.9, 10.0, ${JSON.stringify(elsewhere)}), (0.91, 11.0, ${JSON.stringify(elsewhere)}), (0.92, 30.0, {"mlflow.project.entryPoint": "main"})]:
    with mlflow.start_run(tags=tags) as run:
        mlflow.log_metrics({"accuracy": acc, "train_seconds": seconds})
        ids.append(run.info.run_id)
print(json.dumps(ids))`,
      { MLFLOW_TRACKING_URI: mlflow.url }
    )
    const ids = JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[]
    const ws = makeWorkspace(`metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.8
    category: quality
  train_seconds:
    greater_is_better: false
    max_regression: 10%
    category: runtime
`)
    try {
      const result = await runAction({
        workspace: ws,
        inputs: { 'run-id': ids[2] ?? '', 'tracking-uri': mlflow.url },
        event: pullRequestEvent(9, '5'.repeat(40)),
        env: { ...pullRequestEnv(9), ...githubEnv() }
      })
      expect(result.stderr).toBe('')
      // Three times slower than the baseline, but on another machine: no false alarm.
      expect(result.code).toBe(0)
      const report = JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as Report
      const runtime = report.comparison.metrics.find(m => m.metric === 'train_seconds')
      expect(runtime?.status).toBe('not-comparable')
      expect(runtime?.notes.join(' ')).toContain(
        'it was measured on another platform (CPU: Imaginary CPU × 64, not '
      )
      expect(report.comparison.metrics.find(m => m.metric === 'accuracy')).toMatchObject({
        status: 'pass',
        baseline: 0.905
      })
      const body = github.comments(OWNER, REPO, 9).at(-1)?.body ?? ''
      expect(body).toMatch(/\| train_seconds \|(?:[^|\n]*\|)? 30 \|[^\n]*not comparable/)
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('a baseline from the model registry (baseline.model)', () => {
  it('compares with the run that logged the version the alias points to', async () => {
    const ids = logRuns(mlflow.url, 'registry', [0.97, 0.92, 0.9])
    // The champion moved from the first run's version to the second's.
    runPython(
      `from mlflow import MlflowClient
client = MlflowClient()
client.create_registered_model("iris-e2e")
versions = [client.create_model_version("iris-e2e", source=client.get_run(r).info.artifact_uri + "/model", run_id=r).version for r in ${JSON.stringify(ids.slice(0, 2))}]
client.set_registered_model_alias("iris-e2e", "champion", versions[0])
client.set_registered_model_alias("iris-e2e", "champion", versions[1])`,
      { MLFLOW_TRACKING_URI: mlflow.url }
    )
    const ws = makeWorkspace(`${CONFIG}baseline:\n  model: models:/iris-e2e@champion\n`)
    try {
      const run = () =>
        runAction({
          workspace: ws,
          inputs: { 'run-id': ids[2] ?? '', 'tracking-uri': mlflow.url },
          event: pullRequestEvent(11, '4'.repeat(40)),
          env: { ...pullRequestEnv(11), ...githubEnv() }
        })
      const result = await run()
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.outputs['baseline-run-id']).toBe(ids[1])
      const report = JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as {
        baselineHow: string
      }
      expect(report.baselineHow).toBe(
        `run ${ids[1]}, which logged version 2 of models:/iris-e2e@champion`
      )
      const body = github.comments(OWNER, REPO, 11).at(-1)?.body ?? ''
      expect(body).toMatch(/\| accuracy \|(?:[^|\n]*\|)? 0\.9 \| 0\.92 \|/)

      writeFileSync(
        path.join(ws, '.github', 'care-label.yml'),
        `${CONFIG}baseline:\n  model: models:/iris-e2e@nobody\n`
      )
      const none = await run()
      expect(none.code).toBe(0)
      expect(none.outputs['verdict']).toBe('no-baseline')
      expect(none.outputs['baseline-run-id']).toBe('')
      expect(none.summary).toContain('no version of the registered model')
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('a legacy FileStore (mlruns)', () => {
  it('judges a run logged to ./mlruns against its baseline there', async () => {
    const ws = makeWorkspace(CONFIG)
    try {
      const uri = `file://${path.join(ws, 'mlruns')}`
      const ids = logRuns(uri, 'legacy', [0.9, 0.85], { MLFLOW_ALLOW_FILE_STORE: 'true' })
      const result = await runAction({
        workspace: ws,
        inputs: { 'run-id': ids[1] ?? '', 'baseline-run-id': ids[0] ?? '', 'tracking-uri': uri },
        env: pushEnv('main', '4'.repeat(40))
      })
      expect(result.code).toBe(0)
      expect(result.outputs['verdict']).toBe('pass')
      expect(result.summary).toMatch(
        /\| accuracy \|(?:[^|\n]*\|)? 0\.85 \| 0\.9 \| ≈ -0\.05 \(-5\.56%\)/
      )
      // The CI tags are written into the run's tags directory, where MLflow reads them.
      const tags = JSON.parse(
        runPython(`import json, mlflow\nprint(json.dumps(mlflow.get_run("${ids[1]}").data.tags))`, {
          MLFLOW_TRACKING_URI: uri,
          MLFLOW_ALLOW_FILE_STORE: 'true'
        })
          .trim()
          .split('\n')
          .pop() ?? '{}'
      )
      expect(tags['care-label.git.ref']).toBe('refs/heads/main')
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})
