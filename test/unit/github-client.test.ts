/**
 * The action's GitHub client (retries on server errors and rate limits) and the sticky comment,
 * with the real Octokit against the loopback GitHub API.
 */
import {
  commentAuthor,
  explainGitHubError,
  upsertComment
} from '../../src/adapters/github/comment.js'
import {
  DEFAULT_GITHUB_RETRY,
  githubClient,
  type GitHubRetryPolicy
} from '../../src/adapters/github/octokit.js'
import type { RetryClock } from '../../src/util/retry.js'
import {
  BOT,
  READ_TOKEN,
  REVIEWER,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const policy: GitHubRetryPolicy = { ...DEFAULT_GITHUB_RETRY, baseDelayMs: 100 }

let server: GitHubApiServer
let issue = 500
/** A fresh issue, declared, per test. */
const nextIssue = (): number => {
  server.addIssue(OWNER, REPO, ++issue)
  return issue
}

/** A clock whose sleeps return at once and are written down. */
function fakeClock(): RetryClock & { waits: number[] } {
  const waits: number[] = []
  return {
    waits,
    now: () => 1_800_000_000_000,
    sleep: async ms => {
      waits.push(ms)
    },
    random: () => 0
  }
}

function requestsTo(n: number): number {
  return server.requests.filter(r => r.path.endsWith(`/issues/${n}/comments`)).length
}

beforeAll(async () => {
  server = await startGitHubApiServer()
})

afterAll(async () => {
  await server?.stop()
})

describe('GitHub client retries', () => {
  const list = (octokit: ReturnType<typeof githubClient>, n: number) =>
    octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: n })

  it('retries 5xx answers with growing waits, then succeeds', async () => {
    const n = nextIssue()
    server.seedComment(OWNER, REPO, n, 'hello')
    server.fault({ path: new RegExp(`/issues/${n}/comments$`), status: 502, times: 2 })
    const clock = fakeClock()
    const { data } = await list(githubClient(WRITE_TOKEN, server.url, policy, clock), n)
    expect(data.map(c => c.body)).toEqual(['hello'])
    expect(clock.waits).toEqual([100, 200])
    expect(requestsTo(n)).toBe(3)
  })

  it('waits as long as retry-after says on a 429', async () => {
    const n = nextIssue()
    server.fault({
      path: new RegExp(`/issues/${n}/comments$`),
      status: 429,
      headers: { 'retry-after': '7' },
      body: { message: 'API rate limit exceeded' }
    })
    const clock = fakeClock()
    await list(githubClient(WRITE_TOKEN, server.url, policy, clock), n)
    expect(clock.waits).toEqual([7000])
  })

  it('waits for x-ratelimit-reset when the primary rate limit is exhausted (403)', async () => {
    const n = nextIssue()
    const clock = fakeClock()
    server.fault({
      path: new RegExp(`/issues/${n}/comments$`),
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(clock.now() / 1000 + 30)
      },
      body: { message: 'API rate limit exceeded for installation ID 1.' }
    })
    await list(githubClient(WRITE_TOKEN, server.url, policy, clock), n)
    expect(clock.waits).toEqual([30000])
  })

  it('does not retry a permission 403, a 422, or a wait longer than its bound', async () => {
    const clock = fakeClock()
    const n = nextIssue()
    const readOnly = githubClient(READ_TOKEN, server.url, policy, clock)
    await expect(
      readOnly.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: n, body: 'x' })
    ).rejects.toMatchObject({ status: 403 })
    const writer = githubClient(WRITE_TOKEN, server.url, policy, clock)
    await expect(
      writer.rest.issues.createComment({
        owner: OWNER,
        repo: REPO,
        issue_number: n,
        body: 'x'.repeat(65537)
      })
    ).rejects.toMatchObject({ status: 422 })
    server.fault({
      path: new RegExp(`/issues/${n}/comments$`),
      status: 429,
      headers: { 'retry-after': '3600' },
      body: { message: 'API rate limit exceeded' }
    })
    await expect(list(writer, n)).rejects.toMatchObject({ status: 429 })
    expect(clock.waits).toEqual([])
    expect(requestsTo(n)).toBe(3)
  })

  it('gives up after the last retry with the last error', async () => {
    const n = nextIssue()
    server.fault({ path: new RegExp(`/issues/${n}/comments$`), status: 503, times: 4 })
    const clock = fakeClock()
    await expect(
      list(githubClient(WRITE_TOKEN, server.url, policy, clock), n)
    ).rejects.toMatchObject({ status: 503 })
    expect(clock.waits).toEqual([100, 200, 400])
    expect(requestsTo(n)).toBe(4)
  })

  it.each([408, 500, 502, 504])('retries HTTP %i', async status => {
    const n = nextIssue()
    server.seedComment(OWNER, REPO, n, 'hello')
    server.fault({ path: new RegExp(`/issues/${n}/comments$`), status })
    const clock = fakeClock()
    const { data } = await list(githubClient(WRITE_TOKEN, server.url, policy, clock), n)
    expect(data.map(c => c.body)).toEqual(['hello'])
    expect(clock.waits).toEqual([100])
    expect(requestsTo(n)).toBe(2)
  })

  it('does not retry a 403 without rate-limit headers', async () => {
    const n = nextIssue()
    server.fault({
      path: new RegExp(`/issues/${n}/comments$`),
      status: 403,
      body: { message: 'Must have admin rights to Repository.' }
    })
    const clock = fakeClock()
    const messages: string[] = []
    await expect(
      list(
        githubClient(WRITE_TOKEN, server.url, policy, clock, m => messages.push(m)),
        n
      )
    ).rejects.toMatchObject({ status: 403, message: expect.stringContaining('admin rights') })
    expect(clock.waits).toEqual([])
    expect(messages).toEqual([])
    expect(requestsTo(n)).toBe(1)
  })

  it('tells notify before each wait: the request, the status, the next attempt, the wait', async () => {
    const n = nextIssue()
    const path = `/repos/${OWNER}/${REPO}/issues/${n}/comments`
    server.fault({ method: 'POST', path: new RegExp(`${path}$`), status: 502, times: 2 })
    server.fault({
      method: 'POST',
      path: new RegExp(`${path}$`),
      status: 429,
      headers: { 'retry-after': '7' }
    })
    const clock = fakeClock()
    const messages: string[] = []
    const octokit = githubClient(WRITE_TOKEN, server.url, policy, clock, m => messages.push(m))
    await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      body: 'x'
    })
    expect(messages).toEqual([
      `GitHub API POST ${path}: HTTP 502; retrying (attempt 2 of 4) in 0.1 s`,
      `GitHub API POST ${path}: HTTP 502; retrying (attempt 3 of 4) in 0.2 s`,
      `GitHub API POST ${path}: HTTP 429; retrying (attempt 4 of 4) in 7 s`
    ])
    expect(clock.waits).toEqual([100, 200, 7000])
    expect(server.comments(OWNER, REPO, n).map(c => c.body)).toEqual(['x'])
    for (const message of messages) expect(message).not.toContain(WRITE_TOKEN)
  })

  it('tells notify why a connection failed, and gives up with the last error', async () => {
    const dead = await startGitHubApiServer()
    const deadUrl = dead.url
    await dead.stop()
    const clock = fakeClock()
    const messages: string[] = []
    const octokit = githubClient(WRITE_TOKEN, deadUrl, { ...policy, maxRetries: 1 }, clock, m =>
      messages.push(m)
    )
    await expect(
      octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 1 })
    ).rejects.toMatchObject({ status: 500 })
    expect(messages).toEqual([
      `GitHub API GET /repos/${OWNER}/${REPO}/issues/1/comments: connect ECONNREFUSED ${deadUrl.replace('http://', '')}; retrying (attempt 2 of 2) in 0.1 s`
    ])
    expect(clock.waits).toEqual([100])
  })

  it('explains a rate limit as a rate limit, not as a missing permission', () => {
    const text = explainGitHubError(403, 'API rate limit exceeded for installation ID 1.')
    expect(text).toContain('rate limit')
    expect(text).not.toContain('permissions')
    expect(explainGitHubError(403, 'Resource not accessible by integration')).toContain(
      'pull-requests: write'
    )
  })
})

describe('sticky comment', () => {
  const MARKER = '<!-- mlflow-care-label key="ci/job" -->'
  const target = (n: number) => ({ owner: OWNER, repo: REPO, issueNumber: n })

  it('updates only a comment of its own author, not a marker copied by someone else', async () => {
    const n = nextIssue()
    const octokit = githubClient(WRITE_TOKEN, server.url, policy, fakeClock())
    const planted = server.seedComment(OWNER, REPO, n, `${MARKER}\nplanted`, REVIEWER)
    const author = await commentAuthor(octokit)
    const created = await upsertComment(octokit, target(n), MARKER, `${MARKER}\nv1`, author)
    expect(created.action).toBe('created')
    expect(created.id).not.toBe(planted.id)
    const updated = await upsertComment(octokit, target(n), MARKER, `${MARKER}\nv2`, author)
    expect(updated).toMatchObject({ action: 'updated', id: created.id })
    const unchanged = await upsertComment(octokit, target(n), MARKER, `${MARKER}\nv2`, author)
    expect(unchanged.action).toBe('unchanged')
    const bodies = server.comments(OWNER, REPO, n).map(c => [c.user.login, c.body])
    expect(bodies).toEqual([
      [REVIEWER.login, `${MARKER}\nplanted`],
      [BOT.login, `${MARKER}\nv2`]
    ])
  })
})
