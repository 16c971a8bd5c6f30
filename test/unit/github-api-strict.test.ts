/**
 * The loopback GitHub API is no more lenient than GitHub: unknown repositories and issues are
 * 404, each token has only its permissions (the workflow-run and artifact routes need `actions:
 * read`), and a token edits only its own user's comments.
 */
import type http from 'node:http'
import { getOctokit } from '@actions/github'
import {
  BOT,
  NO_ACTIONS_TOKEN,
  READ_TOKEN,
  REVIEWER,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const DOCS = 'https://docs.github.com/rest'
const FORBIDDEN = 'Resource not accessible by integration'

let server: GitHubApiServer
/** The requests the extra routes answered. */
const extra: string[] = []

beforeAll(async () => {
  server = await startGitHubApiServer({
    extraRoutes: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
      if (!url.pathname.includes('/actions/') && !url.pathname.endsWith('/pulls')) return false
      extra.push(`${req.method} ${url.pathname}`)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ total_count: 0, workflow_runs: [], artifacts: [] }))
      return true
    }
  })
  server.addToken('ghs_nothing', { user: BOT, access: 'read', permissions: {} })
  server.addToken('ghs_checks', { user: BOT, access: 'write', permissions: { checks: 'read' } })
  server.addIssue(OWNER, REPO, 1)
})

afterAll(async () => {
  await server?.stop()
})

const client = (token = WRITE_TOKEN) => getOctokit(token, { baseUrl: server.url })

/** The status, message and accepted permissions of a call that must fail. */
async function refusal(call: Promise<unknown>) {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof Error) || !('status' in error) || !('response' in error)) {
    throw new Error(`expected an HTTP error, got ${String(error)}`)
  }
  const response = error.response as { headers: Record<string, string | undefined> }
  return {
    status: error.status,
    message: error.message,
    permissions: response.headers['x-accepted-github-permissions']
  }
}

describe('repositories and issues', () => {
  it('answers 404 for a repository that was not declared, on every route', async () => {
    const octokit = client()
    const notFound = { status: 404, message: `Not Found - ${DOCS}`, permissions: undefined }
    expect(
      await refusal(
        octokit.rest.issues.listComments({ owner: 'other', repo: REPO, issue_number: 1 })
      )
    ).toEqual(notFound)
    expect(
      await refusal(
        octokit.rest.checks.create({
          owner: OWNER,
          repo: 'other',
          name: 'x',
          head_sha: 'a'.repeat(40)
        })
      )
    ).toEqual(notFound)
    expect(
      await refusal(octokit.rest.actions.listWorkflowRunsForRepo({ owner: 'other', repo: REPO }))
    ).toEqual(notFound)
    expect(extra).toEqual([])
  })

  it('answers 404 for an issue that was not declared, and takes one that was', async () => {
    const octokit = client()
    expect(
      await refusal(octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 2 }))
    ).toEqual({
      status: 404,
      message: `Not Found - ${DOCS}/issues/comments#list-issue-comments`,
      permissions: undefined
    })
    expect(
      await refusal(
        octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 2, body: 'x' })
      )
    ).toMatchObject({ status: 404 })
    expect(server.comments(OWNER, REPO, 2)).toEqual([])
    server.addIssue(OWNER, REPO, 2)
    const created = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: 2,
      body: 'x'
    })
    expect(created.status).toBe(201)
  })

  it('matches repositories without regard to case, as GitHub does', async () => {
    const listed = await client().rest.issues.listComments({
      owner: 'Octo-Org',
      repo: 'ML-Repo',
      issue_number: 1
    })
    expect(listed.status).toBe(200)
  })

  it('declares issues of declared repositories only', () => {
    expect(() => server.addIssue('other', REPO, 1)).toThrow(
      'repository other/ml-repo does not exist: add it first'
    )
    server.addRepository('other', REPO)
    expect(() => server.addIssue('other', REPO, 1)).not.toThrow()
  })
})

describe('token permissions', () => {
  it('a token without actions: read gets 403 from the workflow-run and artifact listings', async () => {
    const octokit = client(NO_ACTIONS_TOKEN)
    const refused = {
      status: 403,
      message: `${FORBIDDEN} - ${DOCS}`,
      permissions: 'actions=read'
    }
    expect(
      await refusal(octokit.rest.actions.listWorkflowRunsForRepo({ owner: OWNER, repo: REPO }))
    ).toEqual(refused)
    expect(
      await refusal(
        octokit.rest.actions.listWorkflowRuns({
          owner: OWNER,
          repo: REPO,
          workflow_id: 'model.yml'
        })
      )
    ).toEqual(refused)
    expect(
      await refusal(
        octokit.rest.actions.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: 1 })
      )
    ).toEqual(refused)
    expect(
      await refusal(
        octokit.rest.actions.downloadArtifact({
          owner: OWNER,
          repo: REPO,
          artifact_id: 9,
          archive_format: 'zip'
        })
      )
    ).toEqual(refused)
    expect(extra).toEqual([])
    // It may still comment and read pull requests.
    const n = 1
    const created = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      body: 'still allowed'
    })
    expect(created.status).toBe(201)
    await octokit.rest.pulls.list({ owner: OWNER, repo: REPO })
    expect(extra).toEqual([`GET /repos/${OWNER}/${REPO}/pulls`])
  })

  it('a read-only token (a fork pull request) may list workflow runs and artifacts', async () => {
    extra.length = 0
    const octokit = client(READ_TOKEN)
    await octokit.rest.actions.listWorkflowRunsForRepo({ owner: OWNER, repo: REPO })
    await octokit.rest.actions.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: 1 })
    expect(extra).toEqual([
      `GET /repos/${OWNER}/${REPO}/actions/runs`,
      `GET /repos/${OWNER}/${REPO}/actions/runs/1/artifacts`
    ])
  })

  it('a token with no permissions may not even read comments or pull requests', async () => {
    extra.length = 0
    const octokit = client('ghs_nothing')
    expect(
      await refusal(octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 1 }))
    ).toEqual({
      status: 403,
      message: `${FORBIDDEN} - ${DOCS}/issues/comments#list-issue-comments`,
      permissions: 'issues=read; pull_requests=read'
    })
    expect(await refusal(octokit.rest.pulls.list({ owner: OWNER, repo: REPO }))).toEqual({
      status: 403,
      message: `${FORBIDDEN} - ${DOCS}`,
      permissions: 'pull_requests=read'
    })
    expect(extra).toEqual([])
  })

  it('checks: read reads a check run but does not create one', async () => {
    const run = await client().rest.checks.create({
      owner: OWNER,
      repo: REPO,
      name: 'care label',
      head_sha: 'b'.repeat(40)
    })
    const octokit = client('ghs_checks')
    const got = await octokit.rest.checks.get({
      owner: OWNER,
      repo: REPO,
      check_run_id: run.data.id
    })
    expect(got.data.id).toBe(run.data.id)
    expect(
      await refusal(
        octokit.rest.checks.create({
          owner: OWNER,
          repo: REPO,
          name: 'x',
          head_sha: 'b'.repeat(40)
        })
      )
    ).toEqual({
      status: 403,
      message: `${FORBIDDEN} - ${DOCS}/checks/runs#create-a-check-run`,
      permissions: 'checks=write'
    })
    expect(
      await refusal(
        octokit.rest.checks.update({
          owner: OWNER,
          repo: REPO,
          check_run_id: run.data.id,
          name: 'y'
        })
      )
    ).toMatchObject({ status: 403, permissions: 'checks=write' })
    expect(
      await refusal(
        octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'x' })
      )
    ).toMatchObject({ status: 403, permissions: 'issues=write; pull_requests=write' })
  })
})

describe("other users' comments", () => {
  it('are not edited or deleted by a token of another user, even one that may write', async () => {
    server.addIssue(OWNER, REPO, 3)
    const theirs = server.seedComment(OWNER, REPO, 3, 'a review', REVIEWER)
    const octokit = client()
    const doc = `${DOCS}/issues/comments#update-an-issue-comment`
    expect(
      await refusal(
        octokit.rest.issues.updateComment({
          owner: OWNER,
          repo: REPO,
          comment_id: theirs.id,
          body: 'x'
        })
      )
    ).toEqual({ status: 403, message: `${FORBIDDEN} - ${doc}`, permissions: undefined })
    expect(
      await refusal(
        octokit.rest.issues.deleteComment({ owner: OWNER, repo: REPO, comment_id: theirs.id })
      )
    ).toMatchObject({ status: 403 })
    expect(server.comments(OWNER, REPO, 3).map(c => [c.user.login, c.body])).toEqual([
      [REVIEWER.login, 'a review']
    ])
    // Its own comment it edits.
    const own = server.seedComment(OWNER, REPO, 3, 'mine', BOT)
    const updated = await octokit.rest.issues.updateComment({
      owner: OWNER,
      repo: REPO,
      comment_id: own.id,
      body: 'edited'
    })
    expect(updated.data.body).toBe('edited')
  })
})
