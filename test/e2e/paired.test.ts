/**
 * End to end, `baseline.strategy: paired`: a real git repository with two commits on main and a
 * pull request's shallow clone of the second. The action finds the merge base through the
 * loopback GitHub's compare endpoint, fetches just that commit, checks it out beside the
 * workspace, and runs the example project there and in the workspace interleaved, with the real
 * `mlflow run`, into a local SQLite store.
 */
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SqliteTrackingStore } from '../../src/adapters/mlflow/sqlite/sqlite-store.js'
import type { Report } from '../../src/core/report/types.js'
import { pullRequestEnv, pullRequestEvent, runAction } from '../support/action-runner.js'
import { ROOT } from '../support/python.js'
import { compareRoute } from '../support/compare-commits.js'
import {
  WRITE_TOKEN,
  startGitHubApiServer,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const CONFIG = `baseline:
  strategy: paired
decision:
  paired_runs: 2
metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.8
    max_regression: 5%
    category: quality
  train_seconds:
    greater_is_better: false
    max_regression: 500%
    level: warn
    category: runtime
`

let github: GitHubApiServer
let dir: string
/** The two commits of main: the merge base, and the pull request's head. */
const commits = { base: '', head: '' }

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'octocat',
      GIT_AUTHOR_EMAIL: 'octocat@example.com',
      GIT_COMMITTER_NAME: 'octocat',
      GIT_COMMITTER_EMAIL: 'octocat@example.com'
    }
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-paired-'))
  const origin = path.join(dir, 'origin')
  mkdirSync(origin)
  git(origin, 'init', '-q', '-b', 'main')
  cpSync(path.join(ROOT, 'examples', 'iris'), path.join(origin, 'model'), { recursive: true })
  mkdirSync(path.join(origin, '.github'))
  writeFileSync(path.join(origin, '.github', 'care-label.yml'), CONFIG)
  git(origin, 'add', '.')
  git(origin, 'commit', '-q', '-m', 'the model')
  commits.base = git(origin, 'rev-parse', 'HEAD')
  // The pull request: fewer trees by default.
  const mlproject = path.join(origin, 'model', 'MLproject')
  const text = readFileSync(mlproject, 'utf8')
  writeFileSync(
    mlproject,
    text.replace(
      'n_estimators: { type: int, default: 50 }',
      'n_estimators: { type: int, default: 20 }'
    )
  )
  git(origin, 'commit', '-q', '-am', 'fewer trees')
  commits.head = git(origin, 'rev-parse', 'HEAD')
  github = await startGitHubApiServer({
    extraRoutes: compareRoute(OWNER, REPO, (base, head) =>
      base === 'main' && head === commits.head
        ? { sha: commits.base, date: new Date().toISOString() }
        : undefined
    )
  })
  github.addIssue(OWNER, REPO, 21)
})

afterAll(async () => {
  await github?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('paired runs of a pull request and its merge base', () => {
  it('runs both commits interleaved on this runner and decides pair by pair', async () => {
    // actions/checkout's default: the head commit alone.
    const workspace = path.join(dir, 'workspace')
    git(dir, 'clone', '-q', '--depth', '1', `file://${path.join(dir, 'origin')}`, workspace)
    expect(() =>
      git(workspace, 'rev-parse', '--verify', '--quiet', `${commits.base}^{commit}`)
    ).toThrow()
    const output = path.join(dir, 'out')
    const result = await runAction({
      workspace,
      inputs: { project: 'model', 'output-dir': output },
      env: {
        ...pullRequestEnv(21),
        GITHUB_API_URL: github.url,
        'INPUT_GITHUB-TOKEN': WRITE_TOKEN
      },
      event: pullRequestEvent(21, commits.head)
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const short = commits.base.slice(0, 7)
    expect(result.stdout).toContain(`::group::Checking out the merge base ${short}`)
    expect(result.stdout).toContain('mlflow run model -e main (local), repeat 2 of 2')

    const report = JSON.parse(readFileSync(path.join(output, 'report.json'), 'utf8')) as Report
    expect(report.baselineHow).toBe(
      `2 runs of the merge base ${short}, each beside one of this run's on this runner (A B A B …)`
    )
    expect(report.measurements?.paired).toBe(true)
    expect(report.measurements?.candidate).toHaveLength(2)
    expect(report.measurements?.baseline).toHaveLength(2)
    const runtime = report.comparison.metrics.find(m => m.metric === 'train_seconds')
    expect(runtime?.decision?.method).toMatch(/^paired t/)
    expect(runtime?.decision?.samples).toEqual({ candidate: 2, baseline: 2 })
    expect(runtime?.status).not.toBe('not-comparable')
    expect(result.outputs['verdict']).toBe(report.verdict)
    const [comment] = github.comments(OWNER, REPO, 21)
    expect(comment?.body).toContain(`2 runs of the merge base ${short}`)

    // The runs, as MLflow stored them: A B A B A B, the base's with the base's own defaults,
    // all nested under one parent; the base's are not runs of any branch.
    const db = new SqliteTrackingStore(path.join(output, 'mlflow', 'mlflow.db'))
    try {
      const runs = await Promise.all(
        [...report.measurements!.candidate, ...report.measurements!.baseline].map(m =>
          db.getRun(m.runId)
        )
      )
      const parent = report.run.runId
      expect(runs.map(r => r.data.tags['mlflow.parentRunId'])).toEqual(Array(4).fill(parent))
      expect(runs.slice(0, 2).map(r => r.data.params['n_estimators'])).toEqual(['20', '20'])
      expect(runs.slice(2).map(r => r.data.params['n_estimators'])).toEqual(['50', '50'])
      expect(runs.map(r => r.data.params['seed'])).toEqual(['0', '1', '0', '1'])
      const order = [...runs].sort((a, b) => a.info.startTime - b.info.startTime)
      expect(order.map(r => runs.indexOf(r))).toEqual([0, 2, 1, 3])
      for (const run of runs.slice(2)) {
        expect(run.data.tags['care-label.paired.base-sha']).toBe(commits.base)
        expect(run.data.tags['care-label.git.ref']).toBeUndefined()
        expect(run.info.runName).toMatch(new RegExp(`^base-${short}-[12]$`))
      }
    } finally {
      await db.close()
    }
    // The merge base's checkout is gone; the workspace is as it was.
    expect(git(workspace, 'worktree', 'list').split('\n')).toHaveLength(1)
    expect(existsSync(path.join(output, 'paired', commits.base.slice(0, 12)))).toBe(false)
    expect(git(workspace, 'status', '--porcelain')).toBe('')
  })
})
