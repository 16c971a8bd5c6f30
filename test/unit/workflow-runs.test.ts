/**
 * The workflow-run and pull-request routes of the loopback GitHub API (test/support/workflow-runs.ts)
 * page as GitHub does: 30 a page unless asked, at most 100, with Link headers that Octokit's
 * paginate follows; and they answer only with the permissions GitHub asks for.
 */
import { getOctokit } from '@actions/github'
import {
  NO_ACTIONS_TOKEN,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { workflowRoutes, type FakeWorkflowRun } from '../support/workflow-runs.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'

let server: GitHubApiServer
const routes = workflowRoutes(OWNER, REPO, 'https://github.com')

const run = (id: number, extra: Partial<FakeWorkflowRun> = {}): FakeWorkflowRun => ({
  id,
  workflowFile: 'model.yml',
  name: 'model',
  branch: 'main',
  event: 'push',
  conclusion: 'success',
  headSha: String(id % 10).repeat(40),
  ...extra
})

beforeAll(async () => {
  server = await startGitHubApiServer({ extraRoutes: routes.handle })
  for (let id = 1; id <= 150; id++) routes.addRun(run(id))
  routes.addRun(run(151, { branch: 'dev' }))
  routes.addRun(run(152, { conclusion: 'failure' }))
  routes.addRun(run(153, { event: 'pull_request' }))
  routes.addRun(run(154, { workflowFile: 'other.yml' }))
  for (let number = 1; number <= 105; number++) {
    routes.addPull({
      number,
      headOwner: number % 2 ? 'someone' : OWNER,
      headBranch: 'feature',
      headSha: 'f'.repeat(40),
      state: number > 100 ? 'closed' : 'open'
    })
  }
})

afterAll(async () => {
  await server?.stop()
})

const octokit = (token = WRITE_TOKEN) => getOctokit(token, { baseUrl: server.url })
const base = () => `${server.url}/repos/${OWNER}/${REPO}`

describe('workflow runs', () => {
  it('serve 30 a page by default, newest first, with the total and a Link to the next', async () => {
    const { data, headers } = await octokit().rest.actions.listWorkflowRunsForRepo({
      owner: OWNER,
      repo: REPO
    })
    expect(data.total_count).toBe(154)
    expect(data.workflow_runs.map(r => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => 154 - i))
    expect(headers.link).toBe(
      `<${base()}/actions/runs?page=2>; rel="next", <${base()}/actions/runs?page=6>; rel="last"`
    )
  })

  it('cap per_page at 100, keep the query in the Link and give prev and first from page 2', async () => {
    const { data, headers } = await octokit().rest.actions.listWorkflowRuns({
      owner: OWNER,
      repo: REPO,
      workflow_id: 'model.yml',
      branch: 'main',
      status: 'success',
      event: 'push',
      per_page: 500,
      page: 2
    })
    expect(data.total_count).toBe(150)
    expect(data.workflow_runs.map(r => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i))
    const query = 'branch=main&status=success&event=push&per_page=500'
    const path = `${base()}/actions/workflows/model.yml/runs`
    expect(headers.link).toBe(
      `<${path}?${query}&page=1>; rel="prev", <${path}?${query}&page=1>; rel="first"`
    )
  })

  it('are all read by paginate, in order, one request a page of 100', async () => {
    const before = server.requests.length
    const runs = await octokit().paginate(octokit().rest.actions.listWorkflowRuns, {
      owner: OWNER,
      repo: REPO,
      workflow_id: 'model.yml',
      branch: 'main',
      event: 'push',
      status: 'success',
      per_page: 100
    })
    expect(runs.map(r => r.id)).toEqual(Array.from({ length: 150 }, (_, i) => 150 - i))
    expect(server.requests.slice(before).map(r => r.query['page'] ?? '1')).toEqual(['1', '2'])
  })

  it('filter by branch, event and conclusion, and by workflow', async () => {
    const ids = async (query: Record<string, string>) =>
      (
        await octokit().rest.actions.listWorkflowRunsForRepo({
          owner: OWNER,
          repo: REPO,
          per_page: 5,
          ...query
        })
      ).data.workflow_runs.map(r => r.id)
    expect(await ids({ branch: 'dev' })).toEqual([151])
    expect(await ids({ status: 'failure' })).toEqual([152])
    expect(await ids({ event: 'pull_request' })).toEqual([153])
    expect(await ids({ status: 'completed' })).toEqual([154, 153, 152, 151, 150])
    const other = await octokit().rest.actions.listWorkflowRuns({
      owner: OWNER,
      repo: REPO,
      workflow_id: 'other.yml'
    })
    expect(other.data.workflow_runs.map(r => r.id)).toEqual([154])
  })

  it('are refused to a token without actions: read', async () => {
    await expect(
      octokit(NO_ACTIONS_TOKEN).rest.actions.listWorkflowRunsForRepo({ owner: OWNER, repo: REPO })
    ).rejects.toMatchObject({
      status: 403,
      message: 'Resource not accessible by integration - https://docs.github.com/rest'
    })
  })
})

describe('pull requests', () => {
  it('page by 30 and at most 100, open ones by default', async () => {
    const first = await octokit().rest.pulls.list({ owner: OWNER, repo: REPO })
    expect(first.data.map(p => p.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(first.headers.link).toBe(
      `<${base()}/pulls?page=2>; rel="next", <${base()}/pulls?page=4>; rel="last"`
    )
    const all = await octokit().paginate(octokit().rest.pulls.list, {
      owner: OWNER,
      repo: REPO,
      state: 'all',
      per_page: 1000
    })
    expect(all).toHaveLength(105)
  })

  it('filter by head owner and branch', async () => {
    const pulls = await octokit().paginate(octokit().rest.pulls.list, {
      owner: OWNER,
      repo: REPO,
      head: 'someone:feature',
      per_page: 100
    })
    expect(pulls.map(p => p.number)).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1))
    expect(pulls[0]?.head.label).toBe('someone:feature')
  })
})
