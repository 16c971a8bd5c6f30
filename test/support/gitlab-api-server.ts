/**
 * A loopback HTTP server that answers like GitLab's REST API (v4) for what the merge-request note
 * needs: `GET /user` and a merge request's notes (listed with GitLab's offset pagination: x-page,
 * x-per-page, x-prev-page, x-next-page, x-total, x-total-pages and the Link header; created,
 * read, updated, deleted). Like GitLab it checks, in this order: the token (PRIVATE-TOKEN or
 * `Authorization: Bearer`; 401 without one, with a wrong one or an expired one), the token's
 * scope (a `read_api` token may only GET: 403 insufficient_scope), the project (404 Project Not
 * Found), the merge request and the note (404 Not found), the member's role (a Guest may not
 * comment here: 403 Forbidden, as for a locked discussion; nobody edits another user's note) and
 * the body (400, over 1,000,000 characters too). Only the projects and merge requests a test
 * declares exist; notes of other users and system notes are seeded by tests. Every request is
 * recorded (the token replaced by `<redacted>`), and `fault()` makes the next matching requests
 * fail (5xx, 429 with Retry-After, ...).
 */
import http from 'node:http'
import { serveOnLoopback } from './loopback.js'

export interface FakeUser {
  id: number
  username: string
  name: string
  bot?: boolean
}

export type Scope = 'api' | 'read_api' | 'read_user'

export interface TokenInfo {
  user: FakeUser
  scopes: Scope[]
  /** The user's role in every project (default: reporter). */
  role?: 'guest' | 'reporter' | 'developer' | 'maintainer'
  expired?: boolean
}

export interface FakeProject {
  id: number
  /** `group/project`, which GitLab also accepts URL-encoded in place of the id. */
  path: string
}

/** A note as GitLab's notes API sends it. */
export interface FakeNote {
  id: number
  type: null
  body: string
  attachment: null
  author: {
    id: number
    username: string
    name: string
    state: 'active'
    locked: boolean
    avatar_url: string
    web_url: string
  }
  created_at: string
  updated_at: string
  system: boolean
  noteable_id: number
  noteable_type: 'MergeRequest'
  project_id: number
  resolvable: boolean
  confidential: boolean
  internal: boolean
  imported: boolean
  imported_from: string
  noteable_iid: number
  commands_changes: Record<string, never>
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  /** As received, with `private-token` and `authorization` replaced by `<redacted>`. */
  headers: Record<string, string | string[] | undefined>
  body: unknown
  /** The username the token belongs to, when it is a known token. */
  user?: string
}

export interface FaultSpec {
  method?: string
  path?: RegExp
  status: number
  headers?: Record<string, string>
  /** Sent as JSON (default: `{ message: "<status> <reason phrase>" }`). */
  body?: unknown
  /** How many matching requests get the fault (default 1). */
  times?: number
}

export interface GitLabApiServer {
  /** e.g. `http://127.0.0.1:PORT`: the instance, as CI_SERVER_URL. */
  url: string
  /** `${url}/api/v4`, as CI_API_V4_URL. */
  apiUrl: string
  requests: RecordedRequest[]
  addProject(project: FakeProject): void
  addMergeRequest(projectId: number, iid: number): void
  /** Adds a note as if someone (default: REVIEWER) had written it; declares the merge request. */
  seedNote(
    projectId: number,
    iid: number,
    body: string,
    options?: { author?: FakeUser; system?: boolean }
  ): FakeNote
  /** The merge request's notes, oldest first (copies). */
  notes(projectId: number, iid: number): FakeNote[]
  addToken(token: string, info: TokenInfo): void
  fault(spec: FaultSpec): void
  stop(): Promise<void>
}

/** A project access token's bot user, as GitLab names them. */
export const BOT: FakeUser = {
  id: 9001,
  username: 'project_42_bot_5f1e2d9c',
  name: 'care-label',
  bot: true
}
export const REVIEWER: FakeUser = { id: 2002, username: 'reviewer', name: 'Rita Reviewer' }
/** GitLab's own user for system notes is the person who acted; any user will do. */
export const DEVELOPER: FakeUser = { id: 2003, username: 'dev', name: 'Dana Developer' }
/** The api scope and the Reporter role: may write notes. */
export const WRITE_TOKEN = 'glpat-Wr1teT0kenForTests000'
/** The read_api scope: reads, and gets 403 insufficient_scope on a write. */
export const READ_TOKEN = 'glpat-ReadApiT0kenForTests0'
/** The api scope, but the user is a Guest of the project. */
export const GUEST_TOKEN = 'glpat-GuestT0kenForTests000'
/** Expired: 401 invalid_token. */
export const EXPIRED_TOKEN = 'glpat-ExpiredT0kenForTests0'
export const DEFAULT_PROJECT: FakeProject = { id: 42, path: 'ml-group/ml-repo' }
/** GitLab's limit on a note's body, in characters. */
export const MAX_NOTE_BODY = 1_000_000

/** An answer other than the resource, thrown by the routes. */
class GitLabError extends Error {
  constructor(
    readonly status: number,
    readonly payload: unknown,
    readonly headers: Record<string, string> = {}
  ) {
    super(`HTTP ${status}`)
  }
}

const notFound = (what = ''): GitLabError =>
  new GitLabError(404, { message: what ? `404 ${what} Not Found` : '404 Not found' })
const forbidden = (): GitLabError => new GitLabError(403, { message: '403 Forbidden' })
const unauthorized = (): GitLabError => new GitLabError(401, { message: '401 Unauthorized' })

function insufficientScope(): GitLabError {
  const description = 'The request requires higher privileges than provided by the access token.'
  return new GitLabError(
    403,
    { error: 'insufficient_scope', error_description: description, scope: 'api' },
    {
      'www-authenticate': `Bearer realm="Protected by OAuth 2.0", error="insufficient_scope", error_description="${description}", scope="api"`
    }
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The `body` field as GitLab's Grape and Note validations check it. */
function noteBody(raw: unknown): string {
  const body = isObject(raw) ? raw['body'] : undefined
  if (body === undefined || body === null) throw new GitLabError(400, { error: 'body is missing' })
  if (typeof body !== 'string') throw new GitLabError(400, { error: 'body is invalid' })
  if (body.trim() === '') throw new GitLabError(400, { message: { note: ["can't be blank"] } })
  if ([...body].length > MAX_NOTE_BODY) {
    throw new GitLabError(400, {
      message: { note: [`is too long (maximum is ${MAX_NOTE_BODY} characters)`] }
    })
  }
  return body
}

function parseBody(text: string, type: string | undefined): unknown {
  if (text === '') return undefined
  if ((type ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text))
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** The page of `items` that `query` asks for, with GitLab's headers. */
function paginate<T>(
  items: T[],
  requestUrl: URL,
  countLimit: number
): { page: T[]; headers: Record<string, string> } {
  const asked = Number(requestUrl.searchParams.get('per_page') ?? '20')
  const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 100) : 20
  const askedPage = Number(requestUrl.searchParams.get('page') ?? '1')
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1
  const totalPages = Math.max(1, Math.ceil(items.length / perPage))
  const next = page < totalPages ? String(page + 1) : ''
  const prev = page > 1 && page <= totalPages + 1 ? String(page - 1) : ''
  const counted = items.length <= countLimit
  const link = (n: number | string, rel: string): string => {
    const url = new URL(requestUrl)
    url.searchParams.set('page', String(n))
    url.searchParams.set('per_page', String(perPage))
    return `<${url.href}>; rel="${rel}"`
  }
  const links = [
    ...(prev ? [link(prev, 'prev')] : []),
    ...(next ? [link(next, 'next')] : []),
    link(1, 'first'),
    ...(counted ? [link(totalPages, 'last')] : [])
  ]
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-prev-page': prev,
    'x-next-page': next,
    link: links.join(', ')
  }
  // Over 10,000 records GitLab leaves out the counts (and rel="last").
  if (counted) {
    headers['x-total'] = String(items.length)
    headers['x-total-pages'] = String(totalPages)
  }
  return { page: items.slice((page - 1) * perPage, page * perPage), headers }
}

export interface ServerOptions {
  tokens?: Record<string, TokenInfo>
  projects?: FakeProject[]
  /** Records past which the counts are left out (GitLab: 10,000). */
  countLimit?: number
  /** Response headers a proxy in between drops, e.g. `['x-next-page']`. */
  dropHeaders?: string[]
}

interface Reply {
  status: number
  payload: unknown
  headers?: Record<string, string>
}

/** What the fake GitLab knows: its tokens, projects, merge requests and their notes. */
class FakeGitLab {
  readonly tokens: Map<string, TokenInfo>
  readonly projects = new Map<number, FakeProject>()
  readonly notes = new Map<string, FakeNote[]>()
  url = ''
  private nextNoteId = 3_000_001
  private clock = Date.parse('2026-11-01T09:00:00.000Z')

  constructor(readonly options: ServerOptions) {
    this.tokens = new Map<string, TokenInfo>([
      [WRITE_TOKEN, { user: BOT, scopes: ['api'], role: 'reporter' }],
      [READ_TOKEN, { user: BOT, scopes: ['read_api'], role: 'reporter' }],
      [GUEST_TOKEN, { user: BOT, scopes: ['api'], role: 'guest' }],
      [EXPIRED_TOKEN, { user: BOT, scopes: ['api'], expired: true }],
      ...Object.entries(options.tokens ?? {})
    ])
    for (const p of options.projects ?? [DEFAULT_PROJECT]) this.projects.set(p.id, p)
  }

  /** GitLab's timestamps have milliseconds; each new one is a second after the last. */
  tick(): string {
    return new Date((this.clock += 1000)).toISOString()
  }

  list(projectId: number, iid: number): FakeNote[] | undefined {
    return this.notes.get(`${projectId}!${iid}`)
  }

  addMergeRequest(projectId: number, iid: number): void {
    if (!this.projects.has(projectId))
      throw new Error(`project ${projectId} does not exist: add it`)
    if (this.list(projectId, iid) === undefined) this.notes.set(`${projectId}!${iid}`, [])
  }

  /** A project by its id or its path (URL-encoded in the route, as GitLab takes it). */
  findProject(segment: string): FakeProject | undefined {
    const decoded = decodeURIComponent(segment)
    for (const p of this.projects.values()) {
      if (String(p.id) === decoded || p.path.toLowerCase() === decoded.toLowerCase()) return p
    }
    return undefined
  }

  author(user: FakeUser): FakeNote['author'] {
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      state: 'active',
      locked: false,
      avatar_url: `${this.url}/uploads/-/system/user/avatar/${user.id}/avatar.png`,
      web_url: `${this.url}/${user.username}`
    }
  }

  makeNote(projectId: number, iid: number, body: string, author: FakeUser, system: boolean) {
    const time = this.tick()
    const note: FakeNote = {
      id: this.nextNoteId++,
      type: null,
      body,
      attachment: null,
      author: this.author(author),
      created_at: time,
      updated_at: time,
      system,
      noteable_id: 50_000 + iid,
      noteable_type: 'MergeRequest',
      project_id: projectId,
      resolvable: false,
      confidential: false,
      internal: false,
      imported: false,
      imported_from: 'none',
      noteable_iid: iid,
      commands_changes: {}
    }
    this.list(projectId, iid)?.push(note)
    return note
  }

  /** The token's info, or the 401 GitLab gives. */
  authenticate(req: http.IncomingMessage): TokenInfo {
    const privateToken = req.headers['private-token']
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
    const given = typeof privateToken === 'string' ? privateToken : bearer
    const info = given === undefined ? undefined : this.tokens.get(given)
    if (info === undefined) throw unauthorized()
    if (info.expired) {
      throw new GitLabError(401, {
        error: 'invalid_token',
        error_description: 'Token is expired. You can either do re-authorization or token refresh.'
      })
    }
    return info
  }
}

const NOTES_ROUTE =
  /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/([^/]+)\/notes(?:\/([^/]+))?\/?$/

/** The routes; throws a GitLabError for what GitLab refuses. */
function route(
  gitlab: FakeGitLab,
  method: string,
  requestUrl: URL,
  body: unknown,
  token: TokenInfo
): Reply {
  const path = requestUrl.pathname
  if (path === '/api/v4/user' && method === 'GET') {
    const user = token.user
    const payload = { ...gitlab.author(user), created_at: '2026-01-05T10:00:00.000Z', bio: '' }
    return { status: 200, payload: { ...payload, bot: user.bot === true } }
  }
  const match = NOTES_ROUTE.exec(path)
  if (match === null) throw new GitLabError(404, { error: '404 Not Found' })
  const [, projectSegment = '', iidText = '', noteText] = match
  // GitLab checks the token's scopes before it looks anything up.
  if (method !== 'GET' && !token.scopes.includes('api')) throw insufficientScope()
  const project = gitlab.findProject(projectSegment)
  if (project === undefined) throw notFound('Project')
  const list = /^\d+$/.test(iidText) ? gitlab.list(project.id, Number(iidText)) : undefined
  if (list === undefined) throw notFound()
  const mr = { gitlab, project, iid: Number(iidText), list, token }
  return noteText === undefined
    ? routeNotes(mr, method, requestUrl, body)
    : routeNote(mr, noteText, method, body)
}

interface MergeRequestRoute {
  gitlab: FakeGitLab
  project: FakeProject
  iid: number
  list: FakeNote[]
  token: TokenInfo
}

function routeNotes(mr: MergeRequestRoute, method: string, requestUrl: URL, body: unknown): Reply {
  if (method === 'GET') return listNotes(mr.list, requestUrl, mr.gitlab.options.countLimit)
  if (method !== 'POST') throw new GitLabError(405, { error: '405 Not Allowed' })
  if (mr.token.role === 'guest') throw forbidden()
  const note = mr.gitlab.makeNote(mr.project.id, mr.iid, noteBody(body), mr.token.user, false)
  return { status: 201, payload: note }
}

function routeNote(mr: MergeRequestRoute, noteText: string, method: string, body: unknown): Reply {
  const note = mr.list.find(n => String(n.id) === noteText)
  if (note === undefined) throw notFound()
  if (method === 'GET') return { status: 200, payload: note }
  const { token } = mr
  if (token.role === 'guest' || note.author.id !== token.user.id || note.system) throw forbidden()
  if (method === 'PUT') {
    note.body = noteBody(body)
    note.updated_at = mr.gitlab.tick()
    return { status: 200, payload: note }
  }
  if (method === 'DELETE') {
    mr.list.splice(mr.list.indexOf(note), 1)
    return { status: 204, payload: undefined }
  }
  throw new GitLabError(405, { error: '405 Not Allowed' })
}

/** A page of notes, sorted as asked (GitLab's default: created_at, newest first). */
function listNotes(list: FakeNote[], requestUrl: URL, countLimit = 10_000): Reply {
  const sort = requestUrl.searchParams.get('sort') ?? 'desc'
  const orderBy = requestUrl.searchParams.get('order_by') ?? 'created_at'
  if (sort !== 'asc' && sort !== 'desc') {
    throw new GitLabError(400, { error: 'sort does not have a valid value' })
  }
  if (orderBy !== 'created_at' && orderBy !== 'updated_at') {
    throw new GitLabError(400, { error: 'order_by does not have a valid value' })
  }
  const sorted = [...list].sort((a, b) => a[orderBy].localeCompare(b[orderBy]) || a.id - b.id)
  if (sort === 'desc') sorted.reverse()
  const { page, headers } = paginate(sorted, requestUrl, countLimit)
  return { status: 200, payload: page, headers }
}

function takeFault(
  faults: Array<FaultSpec & { left: number }>,
  method: string,
  path: string
): FaultSpec | undefined {
  const fault = faults.find(
    f =>
      f.left > 0 &&
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (f.path === undefined || f.path.test(path))
  )
  if (fault !== undefined) fault.left--
  return fault
}

/** The request as recorded: the token replaced, and whose it is. */
function record(gitlab: FakeGitLab, req: http.IncomingMessage, url: URL, body: unknown) {
  const headers = { ...req.headers }
  for (const secret of ['private-token', 'authorization']) {
    if (headers[secret] !== undefined) headers[secret] = '<redacted>'
  }
  const privateToken = req.headers['private-token']
  const known = typeof privateToken === 'string' ? gitlab.tokens.get(privateToken) : undefined
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    user: known?.user.username
  }
}

function answer(
  gitlab: FakeGitLab,
  faults: Array<FaultSpec & { left: number }>,
  req: http.IncomingMessage,
  request: RecordedRequest
): Reply {
  const fault = takeFault(faults, request.method, request.path)
  if (fault !== undefined) {
    const reason = `${fault.status} ${http.STATUS_CODES[fault.status] ?? 'Error'}`
    return {
      status: fault.status,
      payload: fault.body ?? { message: reason },
      headers: fault.headers
    }
  }
  try {
    const token = gitlab.authenticate(req)
    const url = new URL(req.url ?? '/', gitlab.url)
    return route(gitlab, request.method, url, request.body, token)
  } catch (error) {
    if (error instanceof GitLabError) {
      return { status: error.status, payload: error.payload, headers: error.headers }
    }
    return { status: 500, payload: { message: `500 Internal Server Error: ${String(error)}` } }
  }
}

function send(res: http.ServerResponse, reply: Reply, dropHeaders: string[] = []): void {
  const out: Record<string, string> = { ...reply.headers }
  for (const name of dropHeaders) delete out[name.toLowerCase()]
  if (reply.payload !== undefined) out['content-type'] = 'application/json'
  res.writeHead(reply.status, out)
  res.end(reply.payload === undefined ? undefined : JSON.stringify(reply.payload))
}

export async function startGitLabApiServer(options: ServerOptions = {}): Promise<GitLabApiServer> {
  const gitlab = new FakeGitLab(options)
  const requests: RecordedRequest[] = []
  const faults: Array<FaultSpec & { left: number }> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', gitlab.url)
      const request = record(gitlab, req, url, parseBody(text, req.headers['content-type']))
      requests.push(request)
      send(res, answer(gitlab, faults, req, request), options.dropHeaders)
    })
  })
  const served = await serveOnLoopback(server)
  gitlab.url = served.url
  return {
    url: gitlab.url,
    apiUrl: `${gitlab.url}/api/v4`,
    requests,
    addProject: project => void gitlab.projects.set(project.id, project),
    addMergeRequest: (projectId, iid) => gitlab.addMergeRequest(projectId, iid),
    seedNote: (projectId, iid, body, { author = REVIEWER, system = false } = {}) => {
      gitlab.addMergeRequest(projectId, iid)
      return gitlab.makeNote(projectId, iid, body, author, system)
    },
    notes: (projectId, iid) => (gitlab.list(projectId, iid) ?? []).map(n => ({ ...n })),
    addToken: (token, info) => void gitlab.tokens.set(token, info),
    fault: spec => void faults.push({ ...spec, left: spec.times ?? 1 }),
    stop: served.stop
  }
}
