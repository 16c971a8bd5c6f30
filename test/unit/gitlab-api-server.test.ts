/**
 * The loopback GitLab API answers as GitLab does (the statuses, bodies and pagination headers of
 * docs.gitlab.com/api/rest and api/notes), so that the adapter's tests against it mean something.
 */
import {
  BOT,
  DEFAULT_PROJECT,
  MAX_NOTE_BODY,
  READ_TOKEN,
  REVIEWER,
  startGitLabApiServer,
  WRITE_TOKEN,
  type GitLabApiServer
} from '../support/gitlab-api-server.js'

let server: GitLabApiServer
const IID = 5

beforeAll(async () => {
  server = await startGitLabApiServer()
  server.addMergeRequest(DEFAULT_PROJECT.id, IID)
  for (let i = 0; i < 45; i++) server.seedNote(DEFAULT_PROJECT.id, IID, `note ${i}`)
})

afterAll(async () => {
  await server?.stop()
})

const notes = (query = '', project: string | number = DEFAULT_PROJECT.id, iid = IID): string =>
  `${server.apiUrl}/projects/${project}/merge_requests/${iid}/notes${query}`

async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {}
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (init.token !== undefined) headers['PRIVATE-TOKEN'] = init.token
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body)
  })
  const text = await response.text()
  return {
    status: response.status,
    json: text ? JSON.parse(text) : undefined,
    headers: response.headers
  }
}

describe('the loopback GitLab API', () => {
  it('pages with x-page, x-per-page, x-prev-page, x-next-page, x-total(-pages) and Link', async () => {
    const { status, json, headers } = await call(notes('?per_page=20&page=2&sort=asc'), {
      token: WRITE_TOKEN
    })
    expect(status).toBe(200)
    expect(Array.isArray(json) && json.map(n => n.body)).toEqual(
      Array.from({ length: 20 }, (_, i) => `note ${i + 20}`)
    )
    expect(Object.fromEntries([...headers].filter(([name]) => name.startsWith('x-')))).toEqual({
      'x-page': '2',
      'x-per-page': '20',
      'x-prev-page': '1',
      'x-next-page': '3',
      'x-total': '45',
      'x-total-pages': '3'
    })
    const rels = [...(headers.get('link') ?? '').matchAll(/[?&]page=(\d+)[^>]*>; rel="(\w+)"/g)]
    expect(rels.map(([, page, rel]) => `${rel}=${page}`)).toEqual([
      'prev=1',
      'next=3',
      'first=1',
      'last=3'
    ])
  })

  it('lists newest first unless asked, at most 100 a page', async () => {
    const { json, headers } = await call(notes('?per_page=500'), { token: WRITE_TOKEN })
    expect(Array.isArray(json) && json[0].body).toBe('note 44')
    expect(headers.get('x-per-page')).toBe('100')
    expect(headers.get('x-next-page')).toBe('')
  })

  it.each([
    ['no token', undefined, 'GET', 401, { message: '401 Unauthorized' }],
    ['a wrong token', 'glpat-wrong', 'GET', 401, { message: '401 Unauthorized' }],
    [
      'a read_api token writing',
      READ_TOKEN,
      'POST',
      403,
      {
        error: 'insufficient_scope',
        error_description:
          'The request requires higher privileges than provided by the access token.',
        scope: 'api'
      }
    ]
  ])('answers %s as GitLab does', async (_what, token, method, status, expected) => {
    const body = method === 'GET' ? undefined : { body: 'hi' }
    const answer = await call(notes(), { token, method, body })
    expect([answer.status, answer.json]).toEqual([status, expected])
  })

  it.each([
    [
      'an unknown project',
      '/projects/4242/merge_requests/5/notes',
      { message: '404 Project Not Found' }
    ],
    [
      'an unknown merge request',
      '/projects/42/merge_requests/999/notes',
      { message: '404 Not found' }
    ],
    ['an unknown route', '/projects/42/wikis', { error: '404 Not Found' }]
  ])('answers 404 for %s', async (_what, path, body) => {
    const answer = await call(`${server.apiUrl}${path}`, { token: WRITE_TOKEN })
    expect([answer.status, answer.json]).toEqual([404, body])
  })

  it("refuses an edit of another user's note, and a body it does not take", async () => {
    const theirs = server.seedNote(DEFAULT_PROJECT.id, IID, 'mine', { author: REVIEWER })
    const edit = await call(notes(`/${theirs.id}`), {
      token: WRITE_TOKEN,
      method: 'PUT',
      body: { body: 'x' }
    })
    expect([edit.status, edit.json]).toEqual([403, { message: '403 Forbidden' }])
    const missing = await call(notes(), { token: WRITE_TOKEN, method: 'POST', body: {} })
    expect([missing.status, missing.json]).toEqual([400, { error: 'body is missing' }])
    const long = await call(notes(), {
      token: WRITE_TOKEN,
      method: 'POST',
      body: { body: 'x'.repeat(MAX_NOTE_BODY + 1) }
    })
    expect([long.status, long.json]).toEqual([
      400,
      { message: { note: ['is too long (maximum is 1000000 characters)'] } }
    ])
  })

  it("creates a note as the token's user, with GitLab's fields", async () => {
    const created = await call(notes(), {
      token: WRITE_TOKEN,
      method: 'POST',
      body: { body: 'hello' }
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      body: 'hello',
      author: { id: BOT.id, username: BOT.username },
      system: false,
      noteable_type: 'MergeRequest',
      noteable_iid: IID,
      project_id: DEFAULT_PROJECT.id
    })
  })
})
