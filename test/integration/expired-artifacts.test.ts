/**
 * Expired artifacts are skipped, through the real Octokit against the loopback GitHub API and
 * artifact service (which lists an expired artifact with `expired: true`, as GitHub does, and no
 * longer serves it): the base branch's store is taken from the latest run whose artifact is still
 * there (findLatestArtifact), and the publish stage lists only live bundles, on every page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { findLatestArtifact as FindLatestArtifact } from '../../src/adapters/github/artifacts.js'
import type { githubBundles as GithubBundles } from '../../src/adapters/github/bundles.js'
import type { githubClient as GithubClient } from '../../src/adapters/github/octokit.js'
import { startArtifactService, type ArtifactService } from '../support/artifact-service.js'
import {
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { workflowRoutes, type WorkflowRoutes } from '../support/workflow-runs.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const STORE = 'care-label-store-iris'
const repo = { owner: OWNER, repo: REPO }

let service: ArtifactService
let github: GitHubApiServer
let routes: WorkflowRoutes
let temp: string
const saved = { ...process.env }
// @actions/github reads GITHUB_API_URL when it is first imported: import our modules after.
let findLatestArtifact: typeof FindLatestArtifact
let githubBundles: typeof GithubBundles
let githubClient: typeof GithubClient

beforeAll(async () => {
  service = await startArtifactService({ owner: OWNER, repo: REPO })
  routes = workflowRoutes(OWNER, REPO, 'https://github.com')
  github = await startGitHubApiServer({
    extraRoutes: (req, res, url) =>
      routes.handle(req, res, url) || service.restHandler(req, res, url)
  })
  temp = mkdtempSync(path.join(os.tmpdir(), 'care-label-expired-'))
  process.env['GITHUB_API_URL'] = github.url
  process.env['GITHUB_WORKSPACE'] = temp
  ;({ findLatestArtifact } = await import('../../src/adapters/github/artifacts.js'))
  ;({ githubBundles } = await import('../../src/adapters/github/bundles.js'))
  ;({ githubClient } = await import('../../src/adapters/github/octokit.js'))
})

afterAll(async () => {
  process.env = saved
  await service?.stop()
  await github?.stop()
  if (temp) rmSync(temp, { recursive: true, force: true })
})

/** Uploads `names` as artifacts of a successful push run `runId` on main; gives their ids. */
async function pushRun(runId: number, names: string[]): Promise<number[]> {
  routes.addRun({
    id: runId,
    workflowFile: 'model.yml',
    name: 'model',
    branch: 'main',
    event: 'push',
    conclusion: 'success',
    headSha: String(runId % 10).repeat(40)
  })
  Object.assign(process.env, service.envFor(runId))
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  const dir = mkdtempSync(path.join(temp, `run-${runId}-`))
  const file = path.join(dir, 'mlflow.db')
  writeFileSync(file, `run ${runId}`)
  const ids: number[] = []
  // The client's progress lines would scatter between the results: keep them out.
  const write = process.stdout.write
  process.stdout.write = () => true
  try {
    for (const name of names) {
      const { id } = await client.uploadArtifact(name, [file], dir)
      ids.push(id ?? 0)
    }
  } finally {
    process.stdout.write = write
  }
  return ids
}

const latest = () =>
  findLatestArtifact(githubClient(WRITE_TOKEN, github.url), repo, {
    workflowFile: 'model.yml',
    workflowName: 'model',
    branch: 'main',
    name: STORE
  })

describe('findLatestArtifact', () => {
  it('takes the store of the latest run whose artifact has not expired', async () => {
    const [older = 0] = await pushRun(201, [STORE])
    const [newer = 0] = await pushRun(202, [STORE])
    expect(await latest()).toMatchObject({ id: newer, workflowRunId: 202 })
    service.expire(newer)
    expect(await latest()).toMatchObject({
      id: older,
      name: STORE,
      workflowRunId: 201,
      headSha: '1'.repeat(40),
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/)
    })
    service.expire(older)
    expect(await latest()).toBeUndefined()
  })
})

describe('the publish stage’s bundle listing', () => {
  it('lists the live artifacts of a run, on every page, and none that expired', async () => {
    const names = Array.from({ length: 103 }, (_, i) => `care-label-report-${i}`)
    const ids = await pushRun(203, names)
    service.expire(ids[1] ?? 0)
    service.expire(ids[102] ?? 0)
    const before = github.requests.length
    const listed = await githubBundles(
      githubClient(WRITE_TOKEN, github.url),
      repo,
      WRITE_TOKEN
    ).list(203)
    expect(listed.map(b => b.name)).toEqual(names.filter((_, i) => i !== 1 && i !== 102))
    expect(listed[0]).toEqual({
      id: ids[0],
      name: names[0],
      size: expect.any(Number),
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/)
    })
    expect(github.requests.slice(before).map(r => r.query['page'] ?? '1')).toEqual(['1', '2'])
  })
})
