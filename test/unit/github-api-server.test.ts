/**
 * The loopback GitHub REST API the e2e tests use, driven by the real Octokit client the action
 * uses (`getOctokit` from @actions/github) over HTTP.
 */
import { getOctokit } from '@actions/github'
import {
  BOT,
  READ_TOKEN,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const DOCS = 'https://docs.github.com/rest'
const CREATE_DOC = `${DOCS}/issues/comments#create-an-issue-comment`
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

let server: GitHubApiServer
let issue = 100

/** A fresh issue, declared, per test, so tests do not see each other's comments. */
const nextIssue = (): number => {
  server.addIssue(OWNER, REPO, ++issue)
  return issue
}
const client = (token = WRITE_TOKEN) => getOctokit(token, { baseUrl: server.url })

/** What the tests read of Octokit's RequestError (its class is not a dependency of ours). */
interface RequestError {
  name: string
  status: number
  message: string
  response?: { data: unknown; headers: Record<string, string | undefined> }
}

function isRequestError(error: unknown): error is RequestError {
  return (
    error instanceof Error &&
    error.name === 'HttpError' &&
    'status' in error &&
    typeof error.status === 'number'
  )
}

/** The error a call rejects with, which must be Octokit's RequestError. */
async function failure(call: Promise<unknown>): Promise<RequestError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!isRequestError(error)) throw new Error(`expected a RequestError, got ${String(error)}`)
  return error
}

beforeAll(async () => {
  server = await startGitHubApiServer()
  server.addIssue(OWNER, REPO, 1)
})

afterAll(async () => {
  await server?.stop()
})

describe('issue comments', () => {
  it('creates a comment with the fields GitHub returns, then lists it', async () => {
    const n = nextIssue()
    const octokit = client()
    const created = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      body: 'hello'
    })
    expect(created.status).toBe(201)
    const id = created.data.id
    expect(Number.isInteger(id)).toBe(true)
    expect(created.data).toEqual({
      id,
      node_id: expect.stringMatching(/^IC_/),
      url: `${server.url}/repos/${OWNER}/${REPO}/issues/comments/${id}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${n}#issuecomment-${id}`,
      issue_url: `${server.url}/repos/${OWNER}/${REPO}/issues/${n}`,
      body: 'hello',
      user: {
        login: 'github-actions[bot]',
        id: 41898282,
        node_id: 'MDM6Qm90NDE4OTgyODI=',
        avatar_url: 'https://avatars.githubusercontent.com/u/41898282?v=4',
        url: `${server.url}/users/github-actions%5Bbot%5D`,
        html_url: 'https://github.com/apps/github-actions',
        type: 'Bot',
        site_admin: false
      },
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: created.data.created_at,
      author_association: 'NONE',
      performed_via_github_app: null
    })
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(created.headers['location']).toBe(created.data.url)
    for (const name of [
      'x-github-request-id',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-used'
    ]) {
      expect(created.headers[name]).toEqual(expect.any(String))
    }
    expect(created.headers['x-ratelimit-resource']).toBe('core')

    const second = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      body: 'again'
    })
    expect(second.data.id).toBeGreaterThan(id)

    const listed = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n
    })
    expect(listed.status).toBe(200)
    expect(listed.data).toEqual([created.data, second.data])
    expect(listed.headers.link).toBeUndefined()
    expect(server.comments(OWNER, REPO, n)).toEqual([created.data, second.data])

    const post = server.requests.find(r => r.method === 'POST' && r.body !== undefined)
    expect(post).toMatchObject({
      path: `/repos/${OWNER}/${REPO}/issues/${n}/comments`,
      query: {},
      body: { body: 'hello' }
    })
    expect(post?.headers['authorization']).toBe('<redacted>')
  })

  it('paginates 125 comments in two pages that octokit.paginate follows', async () => {
    const n = nextIssue()
    for (let i = 0; i < 125; i++) server.seedComment(OWNER, REPO, n, `comment ${i}`)
    const octokit = client()
    const before = server.requests.length
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      per_page: 100
    })
    expect(all.map(c => c.body)).toEqual(Array.from({ length: 125 }, (_, i) => `comment ${i}`))
    expect(all[0]?.user?.login).toBe('reviewer')
    expect(all[0]?.author_association).toBe('CONTRIBUTOR')
    const lists = server.requests.slice(before)
    expect(lists.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${OWNER}/${REPO}/issues/${n}/comments`,
      `GET /repos/${OWNER}/${REPO}/issues/${n}/comments`
    ])
    expect(lists.map(r => r.query)).toEqual([{ per_page: '100' }, { per_page: '100', page: '2' }])
  })

  it('sends GitHub’s Link header: page 2 of 3 has prev, next, last and first', async () => {
    const n = nextIssue()
    for (let i = 0; i < 5; i++) server.seedComment(OWNER, REPO, n, `c${i}`)
    const octokit = client()
    const base = `${server.url}/repos/${OWNER}/${REPO}/issues/${n}/comments`
    const page2 = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      per_page: 2,
      page: 2
    })
    expect(page2.data.map(c => c.body)).toEqual(['c2', 'c3'])
    expect(page2.headers.link).toBe(
      `<${base}?per_page=2&page=1>; rel="prev", ` +
        `<${base}?per_page=2&page=3>; rel="next", ` +
        `<${base}?per_page=2&page=3>; rel="last", ` +
        `<${base}?per_page=2&page=1>; rel="first"`
    )
    const page1 = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      per_page: 2
    })
    expect(page1.headers.link).toBe(
      `<${base}?per_page=2&page=2>; rel="next", <${base}?per_page=2&page=3>; rel="last"`
    )
    const page3 = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      per_page: 2,
      page: 3
    })
    expect(page3.data.map(c => c.body)).toEqual(['c4'])
    expect(page3.headers.link).toBe(
      `<${base}?per_page=2&page=2>; rel="prev", <${base}?per_page=2&page=1>; rel="first"`
    )
    // Without per_page: 30 a page; per_page above 100 gives 100.
    for (let i = 5; i < 31; i++) server.seedComment(OWNER, REPO, n, `c${i}`)
    const defaults = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n
    })
    expect(defaults.data).toHaveLength(30)
    expect(defaults.headers.link).toBe(`<${base}?page=2>; rel="next", <${base}?page=2>; rel="last"`)
    const capped = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      per_page: 500
    })
    expect(capped.data).toHaveLength(31)
  })

  it('gets and updates a comment; updated_at moves on', async () => {
    const n = nextIssue()
    const seeded = server.seedComment(OWNER, REPO, n, 'old', BOT)
    const octokit = client()
    const got = await octokit.rest.issues.getComment({
      owner: OWNER,
      repo: REPO,
      comment_id: seeded.id
    })
    expect(got.data).toEqual(seeded)
    const updated = await octokit.rest.issues.updateComment({
      owner: OWNER,
      repo: REPO,
      comment_id: seeded.id,
      body: 'new'
    })
    expect(updated.status).toBe(200)
    expect(updated.data.id).toBe(seeded.id)
    expect(updated.data.body).toBe('new')
    expect(updated.data.created_at).toBe(got.data.created_at)
    expect(Date.parse(updated.data.updated_at)).toBeGreaterThan(Date.parse(got.data.updated_at))
    expect(server.comments(OWNER, REPO, n).map(c => c.body)).toEqual(['new'])
  })

  it('deletes a comment with 204', async () => {
    const n = nextIssue()
    const seeded = server.seedComment(OWNER, REPO, n, 'bye', BOT)
    const deleted = await client().rest.issues.deleteComment({
      owner: OWNER,
      repo: REPO,
      comment_id: seeded.id
    })
    expect(deleted.status).toBe(204)
    expect(server.comments(OWNER, REPO, n)).toEqual([])
  })

  it('answers a write with a read-only token with 403 Resource not accessible by integration', async () => {
    const n = nextIssue()
    const seeded = server.seedComment(OWNER, REPO, n, 'mine', BOT)
    const octokit = client(READ_TOKEN)
    const error = await failure(
      octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: n, body: 'x' })
    )
    expect(error.status).toBe(403)
    expect(error.message).toBe(`Resource not accessible by integration - ${CREATE_DOC}`)
    expect(error.response?.data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: CREATE_DOC,
      status: '403'
    })
    expect(error.response?.headers['x-accepted-github-permissions']).toBe(
      'issues=write; pull_requests=write'
    )
    const update = await failure(
      octokit.rest.issues.updateComment({
        owner: OWNER,
        repo: REPO,
        comment_id: seeded.id,
        body: 'x'
      })
    )
    expect(update.status).toBe(403)
    // Reads still work.
    const listed = await octokit.rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n
    })
    expect(listed.data.map(c => c.body)).toEqual(['mine'])
    expect(server.comments(OWNER, REPO, n).map(c => c.body)).toEqual(['mine'])
  })

  it('refuses a body of 65537 characters with 422 and takes one of 65536', async () => {
    const n = nextIssue()
    const octokit = client()
    const error = await failure(
      octokit.rest.issues.createComment({
        owner: OWNER,
        repo: REPO,
        issue_number: n,
        body: 'x'.repeat(65537)
      })
    )
    expect(error.status).toBe(422)
    expect(error.response?.data).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)'
        }
      ],
      documentation_url: CREATE_DOC,
      status: '422'
    })
    expect(server.comments(OWNER, REPO, n)).toEqual([])
    // GitHub counts characters, not UTF-16 units: 65536 emoji fit.
    const fits = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: n,
      body: '✅'.repeat(100) + '😀'.repeat(65436)
    })
    expect(fits.status).toBe(201)
  })

  it('answers a missing or mistyped body with 422 Invalid request, as GitHub does', async () => {
    const n = nextIssue()
    const octokit = client()
    // An untyped route, so that the request can break the endpoint's schema.
    const route: string = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'
    const missing = await failure(
      octokit.request(route, {
        owner: OWNER,
        repo: REPO,
        issue_number: n,
        data: { text: 'wrong field' }
      })
    )
    expect(missing.status).toBe(422)
    expect(missing.response?.data).toEqual({
      message: 'Invalid request.\n\n"body" wasn\'t supplied.',
      documentation_url: CREATE_DOC,
      status: '422'
    })
    const mistyped = await failure(
      octokit.request(route, {
        owner: OWNER,
        repo: REPO,
        issue_number: n,
        body: 42
      })
    )
    expect(mistyped.status).toBe(422)
    expect(mistyped.response?.data).toMatchObject({
      message: "Invalid request.\n\nFor 'properties/body', 42 is not a string."
    })
    expect(server.comments(OWNER, REPO, n)).toEqual([])
  })

  it('answers an unknown or missing token with 401 Bad credentials', async () => {
    const error = await failure(
      client('ghs_nosuchtoken').rest.issues.listComments({
        owner: OWNER,
        repo: REPO,
        issue_number: 1
      })
    )
    expect(error.status).toBe(401)
    expect(error.message).toBe(`Bad credentials - ${DOCS}`)
    expect(error.response?.data).toEqual({
      message: 'Bad credentials',
      documentation_url: DOCS,
      status: '401'
    })
    const anonymous = await fetch(`${server.url}/repos/${OWNER}/${REPO}/issues/1/comments`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toEqual({
      message: 'Bad credentials',
      documentation_url: DOCS,
      status: '401'
    })
    // Bearer works as well as token; a token added later is known.
    server.addToken('ghp_person', {
      user: { login: 'octocat', id: 583231, type: 'User' },
      access: 'write'
    })
    const bearer = await fetch(`${server.url}/repos/${OWNER}/${REPO}/issues/1/comments`, {
      method: 'POST',
      headers: { authorization: 'Bearer ghp_person', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'from a person' })
    })
    expect(bearer.status).toBe(201)
    expect(await bearer.json()).toMatchObject({
      user: {
        login: 'octocat',
        id: 583231,
        type: 'User',
        node_id: 'MDQ6VXNlcjU4MzIzMQ==',
        html_url: 'https://github.com/octocat'
      },
      author_association: 'CONTRIBUTOR'
    })
  })

  it('answers an unknown comment or route with 404 Not Found', async () => {
    const octokit = client()
    const error = await failure(
      octokit.rest.issues.getComment({ owner: OWNER, repo: REPO, comment_id: 999 })
    )
    expect(error.status).toBe(404)
    expect(error.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: `${DOCS}/issues/comments#get-an-issue-comment`,
      status: '404'
    })
    const update = await failure(
      octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: 999, body: 'x' })
    )
    expect(update.status).toBe(404)
    const route = await failure(octokit.rest.repos.get({ owner: OWNER, repo: REPO }))
    expect(route.status).toBe(404)
    expect(route.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: DOCS,
      status: '404'
    })
  })

  it('answers a body that is not JSON with 400 Problems parsing JSON', async () => {
    const response = await fetch(`${server.url}/repos/${OWNER}/${REPO}/issues/1/comments`, {
      method: 'POST',
      headers: { authorization: `token ${WRITE_TOKEN}`, 'content-type': 'application/json' },
      body: '{"body": '
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      message: 'Problems parsing JSON',
      documentation_url: DOCS,
      status: '400'
    })
  })
})

describe('check runs', () => {
  const CHECK_DOC = `${DOCS}/checks/runs#create-a-check-run`

  it('creates a completed check run and updates it', async () => {
    const octokit = client()
    const created = await octokit.rest.checks.create({
      owner: OWNER,
      repo: REPO,
      name: 'MLflow care label',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'success',
      output: { title: 'All checks passed', summary: '## Report', text: 'details' }
    })
    expect(created.status).toBe(201)
    const id = created.data.id
    expect(created.data).toMatchObject({
      id,
      name: 'MLflow care label',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'success',
      url: `${server.url}/repos/${OWNER}/${REPO}/check-runs/${id}`,
      html_url: `https://github.com/${OWNER}/${REPO}/runs/${id}`,
      started_at: expect.stringMatching(TIMESTAMP),
      completed_at: expect.stringMatching(TIMESTAMP),
      output: {
        title: 'All checks passed',
        summary: '## Report',
        text: 'details',
        annotations_count: 0
      }
    })
    expect(server.checkRuns(OWNER, REPO).at(-1)).toEqual(created.data)

    const updated = await octokit.rest.checks.update({
      owner: OWNER,
      repo: REPO,
      check_run_id: id,
      conclusion: 'failure',
      output: { title: 'A check failed', summary: '## Failed' }
    })
    expect(updated.status).toBe(200)
    expect(updated.data).toMatchObject({
      id,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'A check failed', summary: '## Failed', text: 'details' }
    })
    const got = await octokit.rest.checks.get({ owner: OWNER, repo: REPO, check_run_id: id })
    expect(got.data).toEqual(updated.data)

    const queued = await octokit.rest.checks.create({
      owner: OWNER,
      repo: REPO,
      name: 'later',
      head_sha: 'b'.repeat(40)
    })
    expect(queued.data).toMatchObject({
      status: 'queued',
      conclusion: null,
      completed_at: null,
      output: { title: null, summary: null, text: null }
    })
    expect(queued.data.id).toBeGreaterThan(id)
  })

  it('answers a read-only token with 403 and a summary over 65535 characters with 422', async () => {
    const input = {
      owner: OWNER,
      repo: REPO,
      name: 'MLflow care label',
      head_sha: 'c'.repeat(40),
      conclusion: 'success' as const,
      output: { title: 't', summary: 's' }
    }
    const before = server.checkRuns(OWNER, REPO).length
    const forbidden = await failure(client(READ_TOKEN).rest.checks.create(input))
    expect(forbidden.status).toBe(403)
    expect(forbidden.response?.data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: CHECK_DOC,
      status: '403'
    })
    expect(forbidden.response?.headers['x-accepted-github-permissions']).toBe('checks=write')

    const tooLong = await failure(
      client().rest.checks.create({
        ...input,
        output: { title: 't', summary: 'x'.repeat(65536) }
      })
    )
    expect(tooLong.status).toBe(422)
    expect(tooLong.response?.data).toEqual({
      message: 'Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.',
      documentation_url: CHECK_DOC,
      status: '422'
    })
    // Under the character limit but over it in UTF-8 bytes.
    const tooBig = await failure(
      client().rest.checks.create({
        ...input,
        output: { title: 't', summary: '✅'.repeat(30000) }
      })
    )
    expect(tooBig.status).toBe(422)
    expect(tooBig.response?.data).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'CheckRun',
          code: 'custom',
          field: 'summary',
          message: 'summary exceeds a maximum bytesize of 65535'
        }
      ],
      documentation_url: CHECK_DOC,
      status: '422'
    })
    const fits = await client().rest.checks.create({
      ...input,
      output: { title: 't', summary: 'x'.repeat(65535) }
    })
    expect(fits.status).toBe(201)
    expect(server.checkRuns(OWNER, REPO)).toHaveLength(before + 1)
  })
})

describe('faults', () => {
  it('returns an injected 503 once, then serves normally', async () => {
    const n = nextIssue()
    server.seedComment(OWNER, REPO, n, 'still here')
    server.fault({ method: 'GET', path: /\/issues\/\d+\/comments$/, status: 503 })
    const octokit = client()
    const list = () =>
      octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: n })
    const error = await failure(list())
    expect(error.status).toBe(503)
    expect(error.response?.data).toEqual({ message: 'Service Unavailable' })
    const ok = await list()
    expect(ok.status).toBe(200)
    expect(ok.data.map(c => c.body)).toEqual(['still here'])
  })

  it('returns an injected 429 with its headers and body the given number of times', async () => {
    const n = nextIssue()
    server.fault({
      path: /\/comments$/,
      status: 429,
      headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0' },
      body: { message: 'API rate limit exceeded', documentation_url: DOCS },
      times: 2
    })
    const octokit = client()
    const create = () =>
      octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: n, body: 'x' })
    for (let i = 0; i < 2; i++) {
      const error = await failure(create())
      expect(error.status).toBe(429)
      expect(error.response?.headers['retry-after']).toBe('7')
      expect(error.response?.headers['x-ratelimit-remaining']).toBe('0')
      expect(error.message).toBe(`API rate limit exceeded - ${DOCS}`)
    }
    expect((await create()).status).toBe(201)
    expect(server.comments(OWNER, REPO, n)).toHaveLength(1)
  })

  it('a fault for another method or path leaves a request alone', async () => {
    const n = nextIssue()
    server.fault({ method: 'POST', path: /\/check-runs$/, status: 500 })
    const listed = await client().rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: n
    })
    expect(listed.status).toBe(200)
    const error = await failure(
      client().rest.checks.create({ owner: OWNER, repo: REPO, name: 'x', head_sha: 'd'.repeat(40) })
    )
    expect(error.status).toBe(500)
  })
})

describe('stop', () => {
  it('closes the server, with keep-alive connections open', async () => {
    const own = await startGitHubApiServer({
      tokens: { ghs_other: { user: BOT, access: 'write' } }
    })
    own.addIssue(OWNER, REPO, 1)
    const octokit = getOctokit('ghs_other', { baseUrl: own.url })
    const created = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: 1,
      body: 'x'
    })
    expect(created.status).toBe(201)
    await expect(own.stop()).resolves.toBeUndefined()
    // Nothing listens any more: the connection is refused.
    const refused = fetch(`${own.url}/`)
    await expect(refused).rejects.toThrow(/^fetch failed$/)
    await expect(refused).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } })
  })
})
