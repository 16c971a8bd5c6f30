/**
 * The merge-request note over the loopback GitLab API with Node's fetch: found on any page (by
 * x-next-page, or by the Link header when a proxy drops the x- headers), among notes of other
 * users (one with a copied marker, which is not ours to edit) and system notes; written only when
 * it changed; and every refusal GitLab can give turned into one line that says what to fix.
 */
import { gitlabClient, nextPage, type GitLabClientOptions } from '../../src/adapters/gitlab/api.js'
import { readGitLabJob } from '../../src/adapters/gitlab/context.js'
import { gitlabNotePublisher } from '../../src/adapters/gitlab/publish.js'
import { currentUserId, upsertNote, type NoteTarget } from '../../src/adapters/gitlab/notes.js'
import { gitlabPublisher } from '../../src/cli/publish.js'
import { reportMarker } from '../../src/core/render/markdown.js'
import type { RetryClock } from '../../src/util/retry.js'
import { memoryLog } from '../support/fakes.js'
import {
  BOT,
  DEFAULT_PROJECT,
  DEVELOPER,
  EXPIRED_TOKEN,
  GUEST_TOKEN,
  READ_TOKEN,
  REVIEWER,
  startGitLabApiServer,
  WRITE_TOKEN,
  type GitLabApiServer
} from '../support/gitlab-api-server.js'
import { sampleReport } from '../support/reports.js'

const MARKER = '<!-- mlflow-care-label key="care-label" -->'
const PROJECT = DEFAULT_PROJECT.id
const MR_URL = 'https://gitlab.example.com/ml-group/ml-repo/-/merge_requests'

let server: GitLabApiServer
let iid = 100
let waits: number[] = []
const noWait: RetryClock = {
  now: () => 0,
  sleep: async ms => {
    waits.push(ms)
  },
  random: () => 0
}

beforeAll(async () => {
  server = await startGitLabApiServer()
})

afterAll(async () => {
  await server?.stop()
})

beforeEach(() => {
  waits = []
})

/** A new merge request with `others` notes by a reviewer and a system note every tenth. */
function mergeRequest(others: number, project = PROJECT): number {
  const n = ++iid
  server.addMergeRequest(project, n)
  for (let i = 0; i < others; i++) {
    if (i % 10 === 9) server.seedNote(project, n, `added ${i} commits`, { system: true })
    else server.seedNote(project, n, `review ${i}`, { author: REVIEWER })
  }
  return n
}

const target = (n: number, projectId = String(PROJECT)): NoteTarget => ({
  projectId,
  projectIdVariable: 'CI_PROJECT_ID',
  mergeRequestIid: n,
  mergeRequestUrl: `${MR_URL}/${n}`
})

function client(token = WRITE_TOKEN, more: Partial<GitLabClientOptions> = {}) {
  return gitlabClient({ apiUrl: server.apiUrl, token, clock: noWait, ...more })
}

/** The requests since `from`, as `METHOD path?page`. */
function callsSince(from: number): string[] {
  return server.requests
    .slice(from)
    .map(r => `${r.method} ${r.path}${r.query['page'] ? `?page=${r.query['page']}` : ''}`)
}

const notesPath = (n: number): string => `/api/v4/projects/${PROJECT}/merge_requests/${n}/notes`

describe('upsertNote', () => {
  it('creates the note, leaves an unchanged one alone and updates a changed one in place', async () => {
    const n = mergeRequest(3)
    const authorId = await currentUserId(client())
    expect(authorId).toBe(BOT.id)
    const upsert = (body: string) =>
      upsertNote(client(), target(n), { marker: MARKER, body, authorId, create: true })
    const created = await upsert(`${MARKER}\nv1`)
    const id = created?.id ?? 0
    expect(created).toEqual({ action: 'created', id, url: `${MR_URL}/${n}#note_${id}` })
    const before = server.requests.length
    expect(await upsert(`${MARKER}\nv1`)).toEqual({ ...created, action: 'unchanged' })
    expect(callsSince(before)).toEqual([`GET ${notesPath(n)}?page=1`])
    expect(await upsert(`${MARKER}\nv2`)).toEqual({ ...created, action: 'updated' })
    const ours = server.notes(PROJECT, n).filter(note => note.author.id === BOT.id)
    expect(ours.map(note => [note.id, note.body])).toEqual([[id, `${MARKER}\nv2`]])
    const put = server.requests.at(-1)
    expect(put?.method).toBe('PUT')
    expect(put?.headers['private-token']).toBe('<redacted>')
    expect(put?.user).toBe(BOT.username)
    expect(put?.headers['content-type']).toBe('application/json')
  })

  it('finds its note on the third page among copies of its marker, reading page after page', async () => {
    const n = mergeRequest(120)
    server.seedNote(PROJECT, n, `${MARKER}\ncopied by a reviewer`, { author: REVIEWER })
    server.seedNote(PROJECT, n, `${MARKER}\nquoted in a system note`, { system: true })
    server.seedNote(PROJECT, n, `${MARKER}\nv1`, { author: BOT })
    for (let i = 0; i < 90; i++) server.seedNote(PROJECT, n, `later ${i}`, { author: DEVELOPER })
    const before = server.requests.length
    const result = await upsertNote(client(), target(n), {
      marker: MARKER,
      body: `${MARKER}\nv2`,
      authorId: BOT.id,
      create: true
    })
    expect(result?.action).toBe('updated')
    const notes = server.notes(PROJECT, n)
    expect(notes.find(note => note.id === result?.id)?.body).toBe(`${MARKER}\nv2`)
    expect(notes.filter(note => note.body.includes('copied by a reviewer'))).toHaveLength(1)
    expect(notes.filter(note => note.body.includes('quoted in a system note'))).toHaveLength(1)
    expect(callsSince(before)).toEqual([
      `GET ${notesPath(n)}?page=1`,
      `GET ${notesPath(n)}?page=2`,
      `GET ${notesPath(n)}?page=3`,
      `PUT ${notesPath(n)}/${result?.id}`
    ])
    // Oldest first, so that the first of two notes of ours is the one kept up to date.
    expect(server.requests[before]?.query).toEqual({
      sort: 'asc',
      order_by: 'created_at',
      per_page: '100',
      page: '1'
    })
  })

  it('creates its own note when only someone else carries the marker', async () => {
    const n = mergeRequest(2)
    const theirs = server.seedNote(PROJECT, n, `${MARKER}\nnot ours`, { author: REVIEWER })
    const result = await upsertNote(client(), target(n), {
      marker: MARKER,
      body: `${MARKER}\nours`,
      authorId: BOT.id,
      create: true
    })
    expect(result?.action).toBe('created')
    expect(server.notes(PROJECT, n).find(note => note.id === theirs.id)?.body).toBe(
      `${MARKER}\nnot ours`
    )
  })

  it('posts nothing when it may not create (comment: on-change without a change)', async () => {
    const n = mergeRequest(1)
    const before = server.requests.length
    const result = await upsertNote(client(), target(n), {
      marker: MARKER,
      body: `${MARKER}\nv1`,
      authorId: BOT.id,
      create: false
    })
    expect(result).toBeUndefined()
    expect(callsSince(before)).toEqual([`GET ${notesPath(n)}?page=1`])
  })

  it('names the project by its path as well as by its id', async () => {
    const n = mergeRequest(0)
    const result = await upsertNote(client(), target(n, DEFAULT_PROJECT.path), {
      marker: MARKER,
      body: `${MARKER}\nby path`,
      authorId: BOT.id,
      create: true
    })
    expect(result?.action).toBe('created')
    expect(server.notes(PROJECT, n).map(note => note.body)).toEqual([`${MARKER}\nby path`])
    expect(server.requests.at(-1)?.path).toBe(
      `/api/v4/projects/ml-group%2Fml-repo/merge_requests/${n}/notes`
    )
  })
})

describe('pagination without the x- headers', () => {
  let proxied: GitLabApiServer

  beforeAll(async () => {
    // A proxy that drops GitLab's x- headers, and a list too long for the counts.
    proxied = await startGitLabApiServer({
      dropHeaders: ['x-next-page', 'x-prev-page', 'x-page', 'x-per-page'],
      countLimit: 150
    })
  })

  afterAll(async () => {
    await proxied?.stop()
  })

  it("follows the Link header's rel=next to the last page", async () => {
    proxied.addMergeRequest(PROJECT, 1)
    for (let i = 0; i < 230; i++) proxied.seedNote(PROJECT, 1, `review ${i}`)
    proxied.seedNote(PROJECT, 1, `${MARKER}\nv1`, { author: BOT })
    const result = await upsertNote(
      gitlabClient({ apiUrl: proxied.apiUrl, token: WRITE_TOKEN, clock: noWait }),
      target(1),
      { marker: MARKER, body: `${MARKER}\nv2`, authorId: BOT.id, create: true }
    )
    expect(result?.action).toBe('updated')
    expect(proxied.requests.filter(r => r.method === 'GET').map(r => r.query['page'])).toEqual([
      '1',
      '2',
      '3'
    ])
  })
})

describe('nextPage', () => {
  const current = new URL('https://gitlab.example.com/api/v4/projects/42/notes?per_page=100&page=1')
  it.each([
    ['x-next-page', { 'x-next-page': '2' }, 'page=2'],
    [
      'the last page (x-next-page empty)',
      { 'x-next-page': '', link: '<x?page=9>; rel="next"' },
      ''
    ],
    [
      'a Link header',
      { link: '<https://gitlab.example.com/api/v4/projects/42/notes?page=3>; rel="next"' },
      'page=3'
    ],
    ['neither', {}, '']
  ])('%s', (_what, headers, expected) => {
    const next = nextPage(new Headers(headers), current)
    expect(next === undefined ? '' : `page=${next.searchParams.get('page')}`).toBe(expected)
  })

  it('refuses a Link to another host, where the token would go', () => {
    const headers = new Headers({ link: '<https://evil.example/api/v4/notes?page=2>; rel="next"' })
    expect(() => nextPage(headers, current)).toThrow(
      "GitLab's next-page link points to https://evil.example, not to https://gitlab.example.com; it is not followed (the token would go with it)."
    )
  })
})

describe('the note publisher', () => {
  const report = () => sampleReport({ accuracy: 0.95 }, { accuracy: 0.96 })
  const reportFile = '/work/out/care-label/report.md'

  async function publish(n: number, token: string, projectId = String(PROJECT)) {
    const log = memoryLog()
    const publisher = gitlabNotePublisher(
      target(n, projectId),
      { comment: 'update', reportFile },
      { client: client(token), log }
    )
    const r = report()
    const outcome = await publisher.publish(r, `${reportMarker(r.key)}\nthe report`)
    return { outcome, lines: log.lines }
  }

  it('posts the note and says where it is', async () => {
    const n = mergeRequest(1)
    const { outcome, lines } = await publish(n, WRITE_TOKEN)
    const [note] = server.notes(PROJECT, n).filter(x => x.author.id === BOT.id)
    expect(outcome).toEqual({ warnings: [], commentUrl: `${MR_URL}/${n}#note_${note?.id}` })
    expect(lines).toEqual([`info: Merge request note created: ${MR_URL}/${n}#note_${note?.id}`])
  })

  const SCOPE =
    'a project access token with the api scope and at least the Reporter role, stored as the masked CI/CD variable GITLAB_TOKEN'
  it.each([
    [
      'a wrong token',
      'glpat-not-a-token',
      String(PROJECT),
      `GitLab refused GITLAB_TOKEN (HTTP 401: 401 Unauthorized): it is wrong, expired or revoked. Use ${SCOPE}.`
    ],
    [
      'an expired token',
      EXPIRED_TOKEN,
      String(PROJECT),
      `GitLab refused GITLAB_TOKEN (HTTP 401: invalid_token (Token is expired. You can either do re-authorization or token refresh.)): it is wrong, expired or revoked. Use ${SCOPE}.`
    ],
    [
      'a read_api token',
      READ_TOKEN,
      String(PROJECT),
      `GitLab refused the note (HTTP 403: insufficient_scope (The request requires higher privileges than provided by the access token.)): GITLAB_TOKEN lacks the api scope (read_api only reads). Use ${SCOPE}.`
    ],
    [
      "a Guest's token",
      GUEST_TOKEN,
      String(PROJECT),
      "GitLab refused the note (HTTP 403: 403 Forbidden): the token's user may not comment on merge request !{n} of project 42. Give it at least the Reporter role in the project (and check the discussion is not locked)."
    ],
    [
      'an unknown project',
      WRITE_TOKEN,
      '4242',
      "GitLab found no merge request !{n} of project 4242 (HTTP 404: 404 Project Not Found): check CI_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token's user is a member of the project (GitLab hides private projects from others)."
    ]
  ])('warns in one line for %s, and throws nothing', async (_what, token, projectId, message) => {
    const n = mergeRequest(1)
    const { outcome, lines } = await publish(n, token, projectId)
    const expected = `${message.replace('{n}', String(n))} The report is in ${reportFile}.`
    expect(outcome).toEqual({ warnings: [expected] })
    expect(lines).toEqual([`warning: ${expected}`])
    expect(server.notes(PROJECT, n)).toHaveLength(1)
  })

  it('warns for an unknown merge request', async () => {
    const { outcome } = await publish(99999, WRITE_TOKEN)
    expect(outcome.warnings).toEqual([
      `GitLab found no merge request !99999 of project 42 (HTTP 404: 404 Not found): check CI_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token's user is a member of the project (GitLab hides private projects from others). The report is in ${reportFile}.`
    ])
  })

  it('names CI_MERGE_REQUEST_PROJECT_ID when that is where the project came from', async () => {
    const log = memoryLog()
    const publisher = gitlabNotePublisher(
      { ...target(99998, '4242'), projectIdVariable: 'CI_MERGE_REQUEST_PROJECT_ID' },
      { comment: 'update', reportFile },
      { client: client(), log }
    )
    const outcome = await publisher.publish(report(), `${MARKER}\nthe report`)
    expect(outcome.warnings).toEqual([
      `GitLab found no merge request !99998 of project 4242 (HTTP 404: 404 Project Not Found): check CI_MERGE_REQUEST_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token's user is a member of the project (GitLab hides private projects from others). The report is in ${reportFile}.`
    ])
  })

  it('creates nothing under comment: on-change when nothing changed, and says so', async () => {
    const n = mergeRequest(0)
    const log = memoryLog()
    const publisher = gitlabNotePublisher(
      target(n),
      { comment: 'on-change', reportFile },
      { client: client(), log }
    )
    const r = sampleReport({ accuracy: 0.96 }, { accuracy: 0.96 })
    r.verdict = 'pass'
    r.label.baselineOverall = r.label.overall
    for (const c of r.label.categories) c.baselineLetter = c.letter
    expect(await publisher.publish(r, `${MARKER}\nsame`)).toEqual({ warnings: [] })
    expect(server.notes(PROJECT, n)).toEqual([])
    expect(log.lines).toEqual([
      'info: No merge request note (comment: on-change): no rule failed and no letter changed, and there is no earlier note to update.'
    ])
  })
})

describe('retries', () => {
  it('retries a read that met a server error, and says so', async () => {
    const n = mergeRequest(1)
    server.fault({ method: 'GET', path: /\/notes$/, status: 503 })
    const retries: string[] = []
    const result = await upsertNote(
      client(WRITE_TOKEN, { onRetry: m => retries.push(m) }),
      target(n),
      {
        marker: MARKER,
        body: `${MARKER}\nv1`,
        authorId: BOT.id,
        create: true
      }
    )
    expect(result?.action).toBe('created')
    expect(retries).toEqual([
      `GitLab: GET ${notesPath(n)}: HTTP 503: 503 Service Unavailable; retrying (attempt 2 of 4) in 1 s`
    ])
  })

  it('waits as long as a rate limit asks, even for a POST', async () => {
    const n = mergeRequest(0)
    server.fault({ method: 'POST', status: 429, headers: { 'retry-after': '7' } })
    const result = await upsertNote(client(), target(n), {
      marker: MARKER,
      body: `${MARKER}\nv1`,
      authorId: BOT.id,
      create: true
    })
    expect(result?.action).toBe('created')
    expect(waits).toEqual([7000])
    expect(server.notes(PROJECT, n)).toHaveLength(1)
  })

  it('does not repeat a POST that met a server error (it may have been made)', async () => {
    const n = mergeRequest(0)
    server.fault({ method: 'POST', status: 502 })
    await expect(
      upsertNote(client(), target(n), {
        marker: MARKER,
        body: `${MARKER}\nv1`,
        authorId: BOT.id,
        create: true
      })
    ).rejects.toThrow(`GitLab answered POST ${notesPath(n)} with HTTP 502: 502 Bad Gateway`)
    expect(waits).toEqual([])
  })

  it('does not follow a redirect, which would take the token elsewhere', async () => {
    const elsewhere = await startGitLabApiServer()
    try {
      server.fault({
        path: /\/user$/,
        status: 301,
        headers: { location: `${elsewhere.apiUrl}/user` }
      })
      await expect(currentUserId(client())).rejects.toThrow(
        `GitLab answered GET /api/v4/user with HTTP 301: a redirect to ${elsewhere.apiUrl}/user: set CI_API_V4_URL to the address GitLab answers on`
      )
      expect(elsewhere.requests).toEqual([])
    } finally {
      await elsewhere.stop()
    }
  })

  it('gives up on an address where nothing answers, with the reason', async () => {
    const gone = await startGitLabApiServer()
    const apiUrl = gone.apiUrl
    await gone.stop()
    const retries: string[] = []
    await expect(
      currentUserId(
        gitlabClient({ apiUrl, token: WRITE_TOKEN, clock: noWait, onRetry: m => retries.push(m) })
      )
    ).rejects.toThrow(
      /^Could not reach GitLab at http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)\.$/
    )
    expect(retries).toHaveLength(3)
  })
})

describe('credentials in an address', () => {
  const SECRET = 's3cr3t-pass'
  const report = () => sampleReport({ accuracy: 0.95 }, { accuracy: 0.96 })
  const withCredentials = (url: string): string => url.replace('//', `//ci-user:${SECRET}@`)

  it('the CLI warns once that CI_API_V4_URL holds credentials, and sends nothing', async () => {
    const n = mergeRequest(0)
    const env = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: withCredentials(server.apiUrl),
      CI_PROJECT_ID: String(PROJECT),
      CI_MERGE_REQUEST_IID: String(n),
      GITLAB_TOKEN: WRITE_TOKEN
    }
    const log = memoryLog()
    const before = server.requests.length
    const publisher = gitlabPublisher(
      readGitLabJob(env),
      { comment: 'update', outputDir: '/work/out' },
      log
    )
    const outcome = await publisher?.publish(report(), `${MARKER}\nthe report`)
    const warning =
      'CI_API_V4_URL holds credentials (a user name or password, not shown here; GitLab takes the token in GITLAB_TOKEN, not in the address): no merge request note.'
    expect(outcome).toEqual({ warnings: [warning] })
    expect(log.lines).toEqual([`warning: ${warning}`])
    expect(server.requests.length).toBe(before)
  })

  it('a client for such an address refuses every call before sending it', async () => {
    const retries: string[] = []
    const before = server.requests.length
    const gitlab = gitlabClient({
      apiUrl: withCredentials(server.apiUrl),
      token: WRITE_TOKEN,
      clock: noWait,
      onRetry: m => retries.push(m)
    })
    const error: unknown = await currentUserId(gitlab).catch((e: unknown) => e)
    expect(String(error)).not.toContain(SECRET)
    expect(error).toMatchObject({
      message:
        'CI_API_V4_URL holds credentials (a user name or password, not shown here; GitLab takes the token in GITLAB_TOKEN, not in the address); no request was sent.'
    })
    expect([server.requests.length, retries, waits]).toEqual([before, [], []])
  })

  it('a next-page link with credentials fails once, with the address redacted', async () => {
    const n = mergeRequest(0)
    const next = withCredentials(`${server.apiUrl}/projects/${PROJECT}/merge_requests/${n}/notes`)
    server.fault({
      method: 'GET',
      path: /\/notes$/,
      status: 200,
      body: [],
      headers: { link: `<${next}?page=2>; rel="next"` }
    })
    const retries: string[] = []
    const log = memoryLog()
    const publisher = gitlabNotePublisher(
      target(n),
      { comment: 'update', reportFile: 'report.md' },
      { client: client(WRITE_TOKEN, { onRetry: m => retries.push(m) }), log }
    )
    const outcome = await publisher.publish(report(), `${MARKER}\nthe report`)
    const path = `/api/v4/projects/${PROJECT}/merge_requests/${n}/notes`
    const redacted = `${server.apiUrl.replace('//', '//***:***@')}${path.slice('/api/v4'.length)}?…`
    expect(outcome.warnings).toEqual([
      `Could not post the merge request note: Could not send GET ${path} to GitLab (Request cannot be constructed from a URL that includes credentials: ${redacted}). The report is in report.md.`
    ])
    expect(JSON.stringify([outcome, log.lines, retries])).not.toContain(SECRET)
    expect([retries, waits]).toEqual([[], []])
  })
})
