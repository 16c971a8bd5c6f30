/**
 * Workflow artifacts through the real @actions/artifact client and the real Octokit, against
 * the loopback artifact service and GitHub API: uploading a store, finding the latest one of a
 * branch, downloading it with its digest checked.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import type { workflowArtifacts as WorkflowArtifacts } from '../../src/adapters/github/artifacts.js'
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
const NAME = 'care-label-store-iris'

let service: ArtifactService
let github: GitHubApiServer
let routes: WorkflowRoutes
let temp: string
const saved = { ...process.env }
// @actions/github reads GITHUB_API_URL when it is first imported, and @actions/artifact's
// download uses it: import our modules after the variable is set, as on a runner.
let workflowArtifacts: typeof WorkflowArtifacts
let githubClient: typeof GithubClient

beforeAll(async () => {
  service = await startArtifactService({ owner: OWNER, repo: REPO })
  routes = workflowRoutes(OWNER, REPO, 'https://github.com')
  github = await startGitHubApiServer({
    extraRoutes: (req, res, url) =>
      routes.handle(req, res, url) || service.restHandler(req, res, url)
  })
  temp = mkdtempSync(path.join(os.tmpdir(), 'care-label-artifacts-'))
  process.env['GITHUB_API_URL'] = github.url
  process.env['GITHUB_WORKSPACE'] = temp
  ;({ workflowArtifacts } = await import('../../src/adapters/github/artifacts.js'))
  ;({ githubClient } = await import('../../src/adapters/github/octokit.js'))
})

afterAll(async () => {
  process.env = saved
  await service?.stop()
  await github?.stop()
  rmSync(temp, { recursive: true, force: true })
})

/** The artifacts edge of a job in workflow run `runId`. */
function jobArtifacts(runId: number) {
  Object.assign(process.env, service.envFor(runId))
  return workflowArtifacts({
    octokit: githubClient(WRITE_TOKEN, github.url),
    token: WRITE_TOKEN,
    repo: { owner: OWNER, repo: REPO },
    workflowFile: 'model.yml',
    workflowName: 'model',
    runUrl: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`,
    retentionDays: 7
  })
}

function storeDir(runs: number): string {
  const dir = path.join(temp, `store-${runs}`)
  mkdirSync(path.join(dir, 'artifacts', '0', 'r1'), { recursive: true })
  writeFileSync(path.join(dir, 'mlflow.db'), Buffer.from(`SQLite format 3\0${'x'.repeat(runs)}`))
  // 9 MB that do not compress: the upload goes in two blocks of the client's 8 MB.
  writeFileSync(path.join(dir, 'artifacts', '0', 'r1', 'model.pkl'), randomBytes(9 << 20))
  return dir
}

describe('workflow artifacts', () => {
  it('uploads a store and finds it again as the latest of its branch, digest checked', async () => {
    routes.addRun({
      id: 101,
      workflowFile: 'model.yml',
      name: 'model',
      branch: 'main',
      event: 'push',
      conclusion: 'success',
      headSha: 'a'.repeat(40)
    })
    const url = await jobArtifacts(101).upload(NAME, storeDir(1))
    const stored = service.artifacts().find(a => a.name === NAME)
    expect(url).toBe(`https://github.com/${OWNER}/${REPO}/actions/runs/101/artifacts/${stored?.id}`)
    expect(stored?.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(stored?.retentionDays).toBe(7)

    const into = path.join(temp, 'download-1')
    const fetched = await jobArtifacts(102).fetch(NAME, 'main', into)
    expect(fetched?.description).toBe(
      `artifact '${NAME}' of workflow run 101 on 'main' (commit aaaaaaa)`
    )
    for (const file of ['mlflow.db', 'artifacts/0/r1/model.pkl']) {
      const same = readFileSync(path.join(into, file)).equals(
        readFileSync(path.join(temp, 'store-1', file))
      )
      expect([file, same]).toEqual([file, true])
    }
    // Two blocks, then the block list, as the Azure SDK uploads.
    expect(service.requests.filter(r => r.startsWith('PUT /blob/9000/')).length).toBe(3)
  })

  it('skips failed runs, other branches and other events; none found is undefined', async () => {
    routes.addRun({
      id: 103,
      workflowFile: 'model.yml',
      name: 'model',
      branch: 'main',
      event: 'push',
      conclusion: 'failure',
      headSha: 'b'.repeat(40)
    })
    routes.addRun({
      id: 104,
      workflowFile: 'model.yml',
      name: 'model',
      branch: 'dev',
      event: 'push',
      conclusion: 'success',
      headSha: 'c'.repeat(40)
    })
    await jobArtifacts(103).upload(NAME, storeDir(3))
    await jobArtifacts(104).upload(NAME, storeDir(4))
    const fetched = await jobArtifacts(105).fetch(NAME, 'main', path.join(temp, 'download-2'))
    expect(fetched?.description).toContain('workflow run 101')
    expect(
      await jobArtifacts(105).fetch(NAME, 'release', path.join(temp, 'download-3'))
    ).toBeUndefined()
    expect(
      await jobArtifacts(105).fetch('other-name', 'main', path.join(temp, 'download-4'))
    ).toBeUndefined()
  })

  it('refuses an artifact whose bytes changed after upload', async () => {
    routes.addRun({
      id: 106,
      workflowFile: 'model.yml',
      name: 'model',
      branch: 'main',
      event: 'push',
      conclusion: 'success',
      headSha: 'd'.repeat(40)
    })
    await jobArtifacts(106).upload(NAME, storeDir(6))
    const stored = service.artifacts().find(a => a.workflowRunId === 106)
    service.corrupt(stored?.id ?? 0)
    await expect(
      jobArtifacts(107).fetch(NAME, 'main', path.join(temp, 'download-5'))
    ).rejects.toThrow(
      /does not match its digest \(sha256:[0-9a-f]{64}\): it was changed or damaged after upload, so it is not used/
    )
  })
})
