/**
 * upsertComment over the loopback GitHub API with the real Octokit: the sticky comment is found
 * on any page of a long pull request, among comments of other users (some carrying a copied
 * marker, which the fake, like GitHub, does not let us edit), and written only when it changed.
 */
import { upsertComment } from '../../src/adapters/github/comment.js'
import { githubClient } from '../../src/adapters/github/octokit.js'
import type { RetryClock } from '../../src/util/retry.js'
import {
  BOT,
  REVIEWER,
  startGitHubApiServer,
  WRITE_TOKEN,
  type FakeUser,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
const MARKER = '<!-- mlflow-care-label key="ci/job" -->'
const PERSON: FakeUser = { login: 'octocat', id: 583231, type: 'User' }
const OTHER_BOT: FakeUser = { login: 'renovate[bot]', id: 29139614, type: 'Bot' }
const noWait: RetryClock = { now: () => 0, sleep: async () => {}, random: () => 0 }

let server: GitHubApiServer
let issue = 700

beforeAll(async () => {
  server = await startGitHubApiServer({
    tokens: { ghp_person: { user: PERSON, access: 'write' } }
  })
})

afterAll(async () => {
  await server?.stop()
})

/** A new pull request with `others` comments by a reviewer before anything else. */
function pullRequest(others: number): number {
  const n = ++issue
  server.addIssue(OWNER, REPO, n)
  for (let i = 0; i < others; i++) server.seedComment(OWNER, REPO, n, `review ${i}`, REVIEWER)
  return n
}

const target = (n: number) => ({ owner: OWNER, repo: REPO, issueNumber: n })
const octokit = (token = WRITE_TOKEN) => githubClient(token, server.url, undefined, noWait)

/** The requests to the pull request's comments since `from`, as `METHOD path?page`. */
function callsSince(from: number): string[] {
  return server.requests
    .slice(from)
    .map(r => `${r.method} ${r.path}${r.query['page'] ? `?page=${r.query['page']}` : ''}`)
}

describe('upsertComment', () => {
  it('finds its comment on the second page and updates it, reading every page', async () => {
    const n = pullRequest(130)
    const ours = server.seedComment(OWNER, REPO, n, `${MARKER}\nv1`, BOT)
    for (let i = 0; i < 5; i++) server.seedComment(OWNER, REPO, n, `later ${i}`, REVIEWER)
    const before = server.requests.length
    const result = await upsertComment(octokit(), target(n), MARKER, `${MARKER}\nv2`)
    expect(result).toEqual({ action: 'updated', url: ours.html_url, id: ours.id })
    const path = `/repos/${OWNER}/${REPO}/issues/${n}/comments`
    expect(callsSince(before)).toEqual([
      `GET ${path}`,
      `GET ${path}?page=2`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${ours.id}`
    ])
    expect(server.requests.at(before)?.query).toEqual({ per_page: '100' })
    const comments = server.comments(OWNER, REPO, n)
    expect(comments).toHaveLength(136)
    expect(comments[130]?.body).toBe(`${MARKER}\nv2`)
  })

  it('creates its comment after reading every page when none is there', async () => {
    const n = pullRequest(201)
    const before = server.requests.length
    const result = await upsertComment(octokit(), target(n), MARKER, `${MARKER}\nnew`)
    expect(result.action).toBe('created')
    const path = `/repos/${OWNER}/${REPO}/issues/${n}/comments`
    expect(callsSince(before)).toEqual([
      `GET ${path}`,
      `GET ${path}?page=2`,
      `GET ${path}?page=3`,
      `POST ${path}`
    ])
    const last = server.comments(OWNER, REPO, n).at(-1)
    expect(last).toMatchObject({ id: result.id, html_url: result.url, body: `${MARKER}\nnew` })
    expect(last?.user.login).toBe(BOT.login)
  })

  it('without create, updates the comment it finds and creates none', async () => {
    const none = pullRequest(40)
    const before = server.requests.length
    const skipped = await upsertComment(
      octokit(),
      target(none),
      MARKER,
      `${MARKER}\nv1`,
      undefined,
      {
        create: false
      }
    )
    expect(skipped).toBeUndefined()
    expect(callsSince(before).every(call => call.startsWith('GET '))).toBe(true)
    expect(server.comments(OWNER, REPO, none)).toHaveLength(40)
    const some = pullRequest(2)
    const ours = server.seedComment(OWNER, REPO, some, `${MARKER}\nv1`, BOT)
    const updated = await upsertComment(
      octokit(),
      target(some),
      MARKER,
      `${MARKER}\nv2`,
      undefined,
      {
        create: false
      }
    )
    expect(updated).toEqual({ action: 'updated', url: ours.html_url, id: ours.id })
  })

  it('passes over a marker copied into a reviewer’s comment on an earlier page', async () => {
    const n = pullRequest(3)
    server.seedComment(OWNER, REPO, n, `quoting ${MARKER}`, REVIEWER)
    for (let i = 0; i < 100; i++) server.seedComment(OWNER, REPO, n, `more ${i}`, REVIEWER)
    const ours = server.seedComment(OWNER, REPO, n, `${MARKER}\nv1`, BOT)
    const result = await upsertComment(octokit(), target(n), MARKER, `${MARKER}\nv2`)
    expect(result).toMatchObject({ action: 'updated', id: ours.id })
    expect(server.comments(OWNER, REPO, n)[3]?.body).toBe(`quoting ${MARKER}`)
  })

  it('without a known author, takes the first comment of a bot with the marker', async () => {
    const n = pullRequest(0)
    server.seedComment(OWNER, REPO, n, `${MARKER}\nby a person`, PERSON)
    const first = server.seedComment(OWNER, REPO, n, `${MARKER}\nfirst`, BOT)
    server.seedComment(OWNER, REPO, n, `${MARKER}\nsecond`, BOT)
    const result = await upsertComment(octokit(), target(n), MARKER, `${MARKER}\nv2`)
    expect(result).toMatchObject({ action: 'updated', id: first.id })
    expect(server.comments(OWNER, REPO, n).map(c => c.body)).toEqual([
      `${MARKER}\nby a person`,
      `${MARKER}\nv2`,
      `${MARKER}\nsecond`
    ])
  })

  it('with a known author, takes only that user’s comment, not a bot’s', async () => {
    const n = pullRequest(0)
    server.seedComment(OWNER, REPO, n, `${MARKER}\nby a bot`, OTHER_BOT)
    const mine = server.seedComment(OWNER, REPO, n, `${MARKER}\nmine`, PERSON)
    const result = await upsertComment(
      octokit('ghp_person'),
      target(n),
      MARKER,
      `${MARKER}\nv2`,
      PERSON.login
    )
    expect(result).toMatchObject({ action: 'updated', id: mine.id })
    const bodies = server.comments(OWNER, REPO, n).map(c => c.body)
    expect(bodies).toEqual([`${MARKER}\nby a bot`, `${MARKER}\nv2`])
  })

  it('a comment without the marker is not ours, whoever wrote it', async () => {
    const n = pullRequest(0)
    server.seedComment(OWNER, REPO, n, 'a bot comment of ours without a marker', BOT)
    const result = await upsertComment(octokit(), target(n), MARKER, `${MARKER}\nv1`)
    expect(result.action).toBe('created')
    expect(server.comments(OWNER, REPO, n)).toHaveLength(2)
  })

  it('does not write an unchanged body again', async () => {
    const n = pullRequest(120)
    const ours = server.seedComment(OWNER, REPO, n, `${MARKER}\nsame`, BOT)
    const before = server.requests.length
    const result = await upsertComment(octokit(), target(n), MARKER, `${MARKER}\nsame`)
    expect(result).toEqual({ action: 'unchanged', url: ours.html_url, id: ours.id })
    expect(server.requests.slice(before).map(r => r.method)).toEqual(['GET', 'GET'])
  })
})
