/**
 * A loopback HTTP server that answers like GitHub's REST API (api.github.com) for the endpoints
 * the action uses: issue comments (listed with GitHub's pagination and Link header, created,
 * read, updated, deleted) and check runs (created, read, updated). It answers 401 for bad
 * credentials; 403 for a call the token's permissions do not allow (a fork pull request's
 * GITHUB_TOKEN reads only; a job's `permissions:` may leave out `actions: read`, which the
 * workflow-run and artifact routes of `extraRoutes` need) and for an edit of another user's
 * comment; 404 for unknown repositories, issues, resources and routes; 400 for unparsable JSON and
 * 422 for invalid or too long input, with the bodies and headers GitHub sends. Only the
 * repositories and issues (or pull requests) a test declares exist. The real Octokit client talks
 * to it over HTTP (`getOctokit(token, { baseUrl: server.url })`). Every request is recorded, and
 * `fault()` makes the next matching requests fail (5xx, 429 with retry-after, ...).
 */
import http from 'node:http'
import { serveOnLoopback } from './loopback.js'
import { pageOf } from './github-pages.js'

export interface FakeUser {
  login: string
  id: number
  type: 'Bot' | 'User'
}

/** The permissions of a GITHUB_TOKEN that the fake's routes check (GitHub's names). */
export type Scope = 'actions' | 'checks' | 'contents' | 'issues' | 'pull_requests'

export interface TokenInfo {
  user: FakeUser
  /** Every scope's level: `read` is a fork pull request's GITHUB_TOKEN (writes get 403). */
  access: 'write' | 'read'
  /**
   * The token's permissions instead, as a job's `permissions:` sets them: a scope left out has
   * none, and its routes answer 403.
   */
  permissions?: Partial<Record<Scope, 'read' | 'write'>>
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  /** As received, with `authorization` replaced by `<redacted>`. */
  headers: Record<string, string | string[] | undefined>
  /** The parsed JSON body (the raw text if it is not JSON; undefined if empty). */
  body: unknown
}

export interface FaultSpec {
  /** Matches any method if absent (case-insensitive). */
  method?: string
  /** Tested against the request path (without the query); matches any path if absent. */
  path?: RegExp
  status: number
  headers?: Record<string, string>
  /** Sent as JSON; a string is sent as it is. Default: `{ message: <reason phrase> }`. */
  body?: unknown
  /** How many matching requests get the fault (default 1). */
  times?: number
}

/** A user as GitHub embeds it in a comment (the fields that matter here). */
export interface FakeUserObject extends FakeUser {
  node_id: string
  avatar_url: string
  url: string
  html_url: string
  site_admin: boolean
}

export interface FakeComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: FakeUserObject
  created_at: string
  updated_at: string
  author_association: string
  performed_via_github_app: null
}

export interface FakeCheckRun {
  id: number
  node_id: string
  name: string
  head_sha: string
  external_id: string
  url: string
  html_url: string
  details_url: string
  status: string
  conclusion: string | null
  started_at: string
  completed_at: string | null
  output: {
    title: string | null
    summary: string | null
    text: string | null
    annotations_count: number
    annotations_url: string
  }
  pull_requests: unknown[]
}

export interface GitHubApiServer {
  /** e.g. `http://127.0.0.1:PORT`, to give Octokit as `baseUrl`. */
  url: string
  /** Every request received, in order. */
  requests: RecordedRequest[]
  /** The current comments of an issue or pull request, in creation order (copies of the list). */
  comments(owner: string, repo: string, issue: number): FakeComment[]
  checkRuns(owner: string, repo: string): FakeCheckRun[]
  /** Adds a comment as if someone (default: the user `reviewer`) had posted it. */
  seedComment(
    owner: string,
    repo: string,
    issue: number,
    body: string,
    user?: FakeUser
  ): FakeComment
  addToken(token: string, info: TokenInfo): void
  /** Declares a repository: every other `/repos/{owner}/{repo}/...` route answers 404. */
  addRepository(owner: string, repo: string): void
  /**
   * Declares an issue or pull request of a declared repository: comments on any other number
   * answer 404. `seedComment` declares the issue it comments on.
   */
  addIssue(owner: string, repo: string, issue: number): void
  fault(spec: FaultSpec): void
  /** Closes the server and every open connection. */
  stop(): Promise<void>
}

/** The user the runner's GITHUB_TOKEN acts as. */
export const BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
/** The user `seedComment` posts as by default. */
export const REVIEWER: FakeUser = { login: 'reviewer', id: 2002, type: 'User' }
/** A GITHUB_TOKEN that may write everything (issues, pull requests, checks, actions, ...). */
export const WRITE_TOKEN = 'ghs_writetoken'
/** A read-only GITHUB_TOKEN, as a pull request from a fork gets. */
export const READ_TOKEN = 'ghs_readtoken'
/**
 * A GITHUB_TOKEN of a job whose `permissions:` give `issues`, `pull-requests` and `checks: write`
 * but not `actions: read`: it may comment, but not list workflow runs or artifacts.
 */
export const NO_ACTIONS_TOKEN = 'ghs_noactionstoken'
/** The repository that exists unless a test names others (`repositories`). */
export const DEFAULT_REPOSITORY = 'octo-org/ml-repo'

/** GitHub's limit on an issue or pull request comment, in characters. */
export const MAX_COMMENT_BODY = 65536
/** GitHub's limit on a check run's `output.summary` and `output.text` (characters and bytes). */
export const MAX_CHECK_OUTPUT = 65535

const DOCS = 'https://docs.github.com/rest'
const DOC = {
  listComments: `${DOCS}/issues/comments#list-issue-comments`,
  createComment: `${DOCS}/issues/comments#create-an-issue-comment`,
  getComment: `${DOCS}/issues/comments#get-an-issue-comment`,
  updateComment: `${DOCS}/issues/comments#update-an-issue-comment`,
  deleteComment: `${DOCS}/issues/comments#delete-an-issue-comment`,
  createCheck: `${DOCS}/checks/runs#create-a-check-run`,
  getCheck: `${DOCS}/checks/runs#get-a-check-run`,
  updateCheck: `${DOCS}/checks/runs#update-a-check-run`
}
const CHECK_STATUSES = ['queued', 'in_progress', 'completed']
const CHECK_CONCLUSIONS = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out'
]

interface Reply {
  status: number
  payload?: unknown
  headers?: Record<string, string>
}

/** A response GitHub gives instead of the resource; thrown by the routes. */
class GitHubError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
    readonly headers: Record<string, string> = {}
  ) {
    super(String(payload['message']))
  }
}

function notFound(doc = DOCS): GitHubError {
  return new GitHubError(404, { message: 'Not Found', documentation_url: doc, status: '404' })
}

function forbidden(doc: string, permissions: string): GitHubError {
  return new GitHubError(
    403,
    { message: 'Resource not accessible by integration', documentation_url: doc, status: '403' },
    { 'x-accepted-github-permissions': permissions }
  )
}

/** A request that breaks the endpoint's JSON schema ("Invalid request."). */
function invalid(doc: string, detail: string): GitHubError {
  return new GitHubError(422, {
    message: `Invalid request.\n\n${detail}`,
    documentation_url: doc,
    status: '422'
  })
}

/** A request the model refuses ("Validation Failed"). */
function validationFailed(
  doc: string,
  error: { resource: string; code: string; field: string; message?: string }
): GitHubError {
  return new GitHubError(422, {
    message: 'Validation Failed',
    errors: [error],
    documentation_url: doc,
    status: '422'
  })
}

/** A value as GitHub's (Ruby) schema validator quotes it in its messages. */
function inspect(value: unknown): string {
  return value === null ? 'nil' : JSON.stringify(value)
}

/** Characters as GitHub counts them (code points, not UTF-16 units). */
function charCount(text: string): number {
  return [...text].length
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The request body as an object, or the 422 GitHub gives when it is something else. */
function objectBody(body: unknown, doc: string): Record<string, unknown> {
  if (isObject(body)) return body
  throw invalid(doc, `For 'links/0/schema', ${inspect(body ?? null)} is not an object.`)
}

function requiredString(
  body: Record<string, unknown>,
  field: string,
  doc: string,
  pointer = `properties/${field}`
): string {
  const value = body[field]
  if (value === undefined) throw invalid(doc, `"${field}" wasn't supplied.`)
  if (typeof value !== 'string')
    throw invalid(doc, `For '${pointer}', ${inspect(value)} is not a string.`)
  return value
}

function optionalString(
  body: Record<string, unknown>,
  field: string,
  doc: string,
  pointer = `properties/${field}`
): string | undefined {
  const value = body[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string')
    throw invalid(doc, `For '${pointer}', ${inspect(value)} is not a string.`)
  return value
}

function oneOf(value: string | undefined, allowed: string[], field: string, doc: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw invalid(
      doc,
      `For 'properties/${field}', ${inspect(value)} is not a member of ${JSON.stringify(allowed)}.`
    )
  }
}

/** GitHub's legacy (base64) global node id, e.g. `MDM6Qm90NDE4OTgyODI=` for the Actions bot. */
function legacyNodeId(user: FakeUser): string {
  const kind = user.type === 'Bot' ? '03:Bot' : '04:User'
  return Buffer.from(`${kind}${user.id}`).toString('base64')
}

/**
 * More routes, tried after authentication, the repository check and the permission check (a GET
 * of `/repos/{owner}/{repo}/actions/...` needs `actions: read`, of `.../pulls` `pull_requests:
 * read`), and before GitHub's 404; true when answered.
 */
export type ExtraRoutes = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean

/** Whether `token` has at least `level` in `scope`. */
function allows(token: TokenInfo, scope: Scope, level: 'read' | 'write'): boolean {
  const granted = token.permissions === undefined ? token.access : token.permissions[scope]
  return granted === 'write' || (granted === 'read' && level === 'read')
}

export async function startGitHubApiServer(
  options: {
    tokens?: Record<string, TokenInfo>
    extraRoutes?: ExtraRoutes
    /** `owner/repo` of each repository that exists (default: DEFAULT_REPOSITORY). */
    repositories?: string[]
  } = {}
): Promise<GitHubApiServer> {
  const tokens = new Map<string, TokenInfo>([
    [WRITE_TOKEN, { user: BOT, access: 'write' }],
    [READ_TOKEN, { user: BOT, access: 'read' }],
    [
      NO_ACTIONS_TOKEN,
      {
        user: BOT,
        access: 'read',
        permissions: { issues: 'write', pull_requests: 'write', checks: 'write' }
      }
    ],
    ...Object.entries(options.tokens ?? {})
  ])
  const repositories = new Set(
    (options.repositories ?? [DEFAULT_REPOSITORY]).map(full => full.toLowerCase())
  )
  const issues = new Set<string>()
  const comments = new Map<string, FakeComment[]>()
  const checkRuns = new Map<string, FakeCheckRun[]>()
  const requests: RecordedRequest[] = []
  const faults: Array<FaultSpec & { left: number }> = []
  let nextCommentId = 1_000_000_001
  let nextCheckRunId = 2_000_000_001
  let url = ''

  /** GitHub's timestamps have whole seconds. */
  const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  const now = (): string => timestamp(Date.now())
  /** A new `updated_at`: now, but always after the previous one (as an edit on GitHub is). */
  const later = (previous: string): string =>
    timestamp(Math.max(Date.now(), Date.parse(previous) + 1000))

  const issueKey = (owner: string, repo: string, issue: number): string =>
    `${owner}/${repo}#${issue}`.toLowerCase()
  const repoKey = (owner: string, repo: string): string => `${owner}/${repo}`.toLowerCase()
  const addIssue = (owner: string, repo: string, issue: number): void => {
    if (!repositories.has(repoKey(owner, repo))) {
      throw new Error(`repository ${owner}/${repo} does not exist: add it first`)
    }
    issues.add(issueKey(owner, repo, issue))
  }
  const commentList = (owner: string, repo: string, issue: number): FakeComment[] =>
    comments.get(issueKey(owner, repo, issue)) ?? []
  const findComment = (
    owner: string,
    repo: string,
    id: number
  ): { comment: FakeComment; list: FakeComment[] } | undefined => {
    const prefix = `${repoKey(owner, repo)}#`
    for (const [key, list] of comments) {
      if (!key.startsWith(prefix)) continue
      const comment = list.find(c => c.id === id)
      if (comment) return { comment, list }
    }
    return undefined
  }
  const userObject = (user: FakeUser): FakeUserObject => ({
    login: user.login,
    id: user.id,
    node_id: legacyNodeId(user),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    url: `${url}/users/${encodeURIComponent(user.login)}`,
    html_url:
      user.type === 'Bot'
        ? `https://github.com/apps/${user.login.replace(/\[bot\]$/, '')}`
        : `https://github.com/${user.login}`,
    type: user.type,
    site_admin: false
  })
  const makeComment = (
    owner: string,
    repo: string,
    issue: number,
    body: string,
    user: FakeUser
  ): FakeComment => {
    const id = nextCommentId++
    const time = now()
    const comment: FakeComment = {
      id,
      node_id: `IC_kwDO${Buffer.from(String(id)).toString('base64url')}`,
      url: `${url}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${url}/repos/${owner}/${repo}/issues/${issue}`,
      body,
      user: userObject(user),
      created_at: time,
      updated_at: time,
      author_association: user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
      performed_via_github_app: null
    }
    const key = issueKey(owner, repo, issue)
    comments.set(key, [...(comments.get(key) ?? []), comment])
    return comment
  }

  const commentBody = (raw: unknown, doc: string): string => {
    const text = requiredString(objectBody(raw, doc), 'body', doc)
    if (charCount(text) > MAX_COMMENT_BODY) {
      throw validationFailed(doc, {
        resource: 'IssueComment',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${MAX_COMMENT_BODY} characters)`
      })
    }
    return text
  }

  /** The `output` of a check-run request, checked as GitHub checks it. */
  const checkOutput = (
    raw: unknown,
    doc: string,
    previous?: FakeCheckRun['output']
  ): Partial<Pick<FakeCheckRun['output'], 'title' | 'summary' | 'text'>> | undefined => {
    if (raw === undefined) return undefined
    if (!isObject(raw)) {
      throw invalid(doc, `For 'properties/output', ${inspect(raw)} is not an object.`)
    }
    const title = optionalString(raw, 'title', doc, 'properties/output/properties/title')
    const summary = optionalString(raw, 'summary', doc, 'properties/output/properties/summary')
    const text = optionalString(raw, 'text', doc, 'properties/output/properties/text')
    // Creating needs both; an update may leave out what it keeps.
    if (title === undefined && !previous?.title) throw invalid(doc, `"title" wasn't supplied.`)
    if (summary === undefined && !previous?.summary) {
      throw invalid(doc, `"summary" wasn't supplied.`)
    }
    for (const [field, value] of [
      ['summary', summary],
      ['text', text]
    ] as const) {
      if (value === undefined) continue
      const chars = charCount(value)
      if (chars > MAX_CHECK_OUTPUT) {
        throw invalid(
          doc,
          `Only ${MAX_CHECK_OUTPUT} characters are allowed; ${chars} were supplied.`
        )
      }
      if (Buffer.byteLength(value, 'utf8') > MAX_CHECK_OUTPUT) {
        throw validationFailed(doc, {
          resource: 'CheckRun',
          code: 'custom',
          field,
          message: `${field} exceeds a maximum bytesize of ${MAX_CHECK_OUTPUT}`
        })
      }
    }
    const output: Partial<Pick<FakeCheckRun['output'], 'title' | 'summary' | 'text'>> = {}
    if (title !== undefined) output.title = title
    if (summary !== undefined) output.summary = summary
    if (text !== undefined) output.text = text
    return output
  }

  /** Status and conclusion as GitHub settles them: a conclusion completes the run. */
  const checkState = (
    body: Record<string, unknown>,
    doc: string,
    run?: FakeCheckRun
  ): { status: string; conclusion: string | null; completed_at: string | null } => {
    const status = optionalString(body, 'status', doc)
    const conclusion = optionalString(body, 'conclusion', doc)
    oneOf(status, CHECK_STATUSES, 'status', doc)
    oneOf(conclusion, CHECK_CONCLUSIONS, 'conclusion', doc)
    const settledStatus =
      conclusion !== undefined ? 'completed' : (status ?? run?.status ?? 'queued')
    const settled = {
      status: settledStatus,
      conclusion: settledStatus === 'completed' ? (conclusion ?? run?.conclusion ?? null) : null
    }
    if (settled.status === 'completed' && settled.conclusion === null) {
      throw invalid(doc, `"conclusion" wasn't supplied.`)
    }
    const completedAt = optionalString(body, 'completed_at', doc)
    return {
      ...settled,
      completed_at:
        settled.status === 'completed' ? (completedAt ?? run?.completed_at ?? now()) : null
    }
  }

  const route = (
    method: string,
    path: string,
    query: URLSearchParams,
    raw: unknown,
    token: TokenInfo
  ): Reply => {
    /** Needs `level` in one of `scopes`; else 403, naming them as GitHub does. */
    const need = (doc: string, level: 'read' | 'write', ...scopes: Scope[]): void => {
      if (!scopes.some(scope => allows(token, scope, level))) {
        throw forbidden(doc, scopes.map(scope => `${scope}=${level}`).join('; '))
      }
    }
    let m: RegExpExecArray | null

    // An installation token (the workflow's GITHUB_TOKEN) may not read /user; a user's may.
    if (path === '/user' && method === 'GET') {
      if (token.user.type === 'Bot') {
        throw new GitHubError(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403'
        })
      }
      return { status: 200, payload: userObject(token.user) }
    }

    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments\/?$/.exec(path))) {
      const [, owner = '', repo = '', n = ''] = m
      const issue = Number(n)
      if (method === 'GET' || method === 'POST') {
        const doc = method === 'GET' ? DOC.listComments : DOC.createComment
        if (!issues.has(issueKey(owner, repo, issue))) throw notFound(doc)
      }
      if (method === 'GET') {
        need(DOC.listComments, 'read', 'issues', 'pull_requests')
        const list = commentList(owner, repo, issue)
        const { items, headers } = pageOf(list, new URL(`${url}${path}?${query}`))
        return { status: 200, payload: items, headers }
      }
      if (method === 'POST') {
        need(DOC.createComment, 'write', 'issues', 'pull_requests')
        const text = commentBody(raw, DOC.createComment)
        const comment = makeComment(owner, repo, issue, text, token.user)
        return { status: 201, payload: comment, headers: { location: comment.url } }
      }
    }

    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/?$/.exec(path))) {
      const [, owner = '', repo = '', id = ''] = m
      const doc =
        method === 'PATCH'
          ? DOC.updateComment
          : method === 'DELETE'
            ? DOC.deleteComment
            : DOC.getComment
      if (!['GET', 'PATCH', 'DELETE'].includes(method)) throw notFound()
      const found = findComment(owner, repo, Number(id))
      if (!found) throw notFound(doc)
      const { comment, list } = found
      if (method === 'GET') {
        need(doc, 'read', 'issues', 'pull_requests')
        return { status: 200, payload: comment }
      }
      need(doc, 'write', 'issues', 'pull_requests')
      // A token edits and deletes only its own user's comments.
      if (comment.user.id !== token.user.id) {
        throw new GitHubError(403, {
          message: 'Resource not accessible by integration',
          documentation_url: doc,
          status: '403'
        })
      }
      if (method === 'PATCH') {
        comment.body = commentBody(raw, doc)
        comment.updated_at = later(comment.updated_at)
        return { status: 200, payload: comment }
      }
      list.splice(list.indexOf(comment), 1)
      return { status: 204 }
    }

    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs(?:\/(\d+))?\/?$/.exec(path))) {
      const [, owner = '', repo = '', id] = m
      const key = repoKey(owner, repo)
      const list = checkRuns.get(key) ?? []
      if (id === undefined && method === 'POST') {
        need(DOC.createCheck, 'write', 'checks')
        const body = objectBody(raw, DOC.createCheck)
        const name = requiredString(body, 'name', DOC.createCheck)
        const headSha = requiredString(body, 'head_sha', DOC.createCheck)
        const output = checkOutput(body['output'], DOC.createCheck)
        const state = checkState(body, DOC.createCheck)
        const runId = nextCheckRunId++
        const run: FakeCheckRun = {
          id: runId,
          node_id: `CR_kwDO${Buffer.from(String(runId)).toString('base64url')}`,
          name,
          head_sha: headSha,
          external_id: optionalString(body, 'external_id', DOC.createCheck) ?? '',
          url: `${url}/repos/${owner}/${repo}/check-runs/${runId}`,
          html_url: `https://github.com/${owner}/${repo}/runs/${runId}`,
          details_url:
            optionalString(body, 'details_url', DOC.createCheck) ??
            `https://github.com/${owner}/${repo}/runs/${runId}`,
          ...state,
          started_at: optionalString(body, 'started_at', DOC.createCheck) ?? now(),
          output: {
            title: output?.title ?? null,
            summary: output?.summary ?? null,
            text: output?.text ?? null,
            annotations_count: 0,
            annotations_url: `${url}/repos/${owner}/${repo}/check-runs/${runId}/annotations`
          },
          pull_requests: []
        }
        checkRuns.set(key, [...list, run])
        return { status: 201, payload: run }
      }
      if (id !== undefined && (method === 'GET' || method === 'PATCH')) {
        const doc = method === 'GET' ? DOC.getCheck : DOC.updateCheck
        const run = list.find(r => r.id === Number(id))
        if (!run) throw notFound(doc)
        if (method === 'GET') {
          need(doc, 'read', 'checks')
          return { status: 200, payload: run }
        }
        need(doc, 'write', 'checks')
        const body = objectBody(raw, doc)
        const name = optionalString(body, 'name', doc)
        const output = checkOutput(body['output'], doc, run.output)
        Object.assign(run, checkState(body, doc, run))
        if (name !== undefined) run.name = name
        if (output) Object.assign(run.output, output)
        return { status: 200, payload: run }
      }
    }

    throw notFound()
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('error', () => res.destroy())
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', url)
      const method = (req.method ?? 'GET').toUpperCase()
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      let parseError = false
      try {
        body = text.trim() === '' ? undefined : JSON.parse(text)
      } catch {
        body = text
        parseError = true
      }
      const headers = { ...req.headers }
      if (headers.authorization !== undefined) headers.authorization = '<redacted>'
      requests.push({
        method,
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers,
        body
      })

      const send = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
        const isText = typeof payload === 'string'
        const out = payload === undefined ? '' : isText ? payload : JSON.stringify(payload)
        const used = requests.length
        const head: Record<string, string> = {
          'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
          'x-github-media-type': 'github.v3; format=json',
          'x-github-request-id': `CAFE:BEEF:${used.toString(16).toUpperCase().padStart(6, '0')}`,
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': String(Math.max(5000 - used, 0)),
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          'x-ratelimit-used': String(used),
          'x-ratelimit-resource': 'core'
        }
        for (const [name, value] of Object.entries(extra)) head[name.toLowerCase()] = value
        if (status === 204 || status === 304) delete head['content-type']
        else head['content-length'] = String(Buffer.byteLength(out))
        res.writeHead(status, head)
        res.end(status === 204 || status === 304 || method === 'HEAD' ? undefined : out)
      }

      const fault = faults.find(f => {
        if (f.left <= 0) return false
        if (f.method && f.method.toUpperCase() !== method) return false
        if (f.path) {
          f.path.lastIndex = 0
          if (!f.path.test(parsed.pathname)) return false
        }
        return true
      })
      if (fault) {
        fault.left--
        send(
          fault.status,
          fault.body ?? { message: http.STATUS_CODES[fault.status] ?? 'Error' },
          fault.headers
        )
        return
      }

      const auth = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
      const token = auth?.[1] === undefined ? undefined : tokens.get(auth[1])
      if (!token) {
        send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' })
        return
      }
      try {
        if (parseError) {
          send(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' })
          return
        }
        const repoPath = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(parsed.pathname)
        if (repoPath) {
          const [, owner = '', repo = '', rest = ''] = repoPath
          if (!repositories.has(repoKey(owner, repo))) throw notFound()
          if (method === 'GET' && rest.startsWith('/actions/')) {
            if (!allows(token, 'actions', 'read')) throw forbidden(DOCS, 'actions=read')
          }
          if (method === 'GET' && /^\/pulls\/?$/.test(rest)) {
            if (!allows(token, 'pull_requests', 'read')) throw forbidden(DOCS, 'pull_requests=read')
          }
        }
        if (options.extraRoutes?.(req, res, parsed)) return
        const reply = route(method, parsed.pathname, parsed.searchParams, body, token)
        send(reply.status, reply.payload, reply.headers)
      } catch (error) {
        if (error instanceof GitHubError) send(error.status, error.payload, error.headers)
        else send(500, { message: `Fake GitHub API failed: ${String(error)}` })
      }
    })
  })
  const served = await serveOnLoopback(server)
  url = served.url

  return {
    url,
    requests,
    comments: (owner, repo, issue) => [...commentList(owner, repo, issue)],
    checkRuns: (owner, repo) => [...(checkRuns.get(repoKey(owner, repo)) ?? [])],
    seedComment: (owner, repo, issue, body, user = REVIEWER) => {
      addIssue(owner, repo, issue)
      return makeComment(owner, repo, issue, body, user)
    },
    addToken: (token, info) => {
      tokens.set(token, info)
    },
    addRepository: (owner, repo) => {
      repositories.add(repoKey(owner, repo))
    },
    addIssue,
    fault: spec => {
      faults.push({ ...spec, left: spec.times ?? 1 })
    },
    stop: served.stop
  }
}
