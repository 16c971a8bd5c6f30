/**
 * A loopback HTTP server that answers like GitHub's REST API for the endpoints the action uses:
 * issue comments (with GitHub's pagination and Link headers) and check runs, with 401 for bad
 * credentials, 403 for read-only tokens, 404 for unknown resources and 422 for bodies that are
 * too long. The real Octokit client talks to it over HTTP. Every request is recorded.
 */
import http from 'node:http'
import type { Socket } from 'node:net'

export interface FakeUser {
  login: string
  id: number
  type: 'Bot' | 'User'
}

export interface TokenInfo {
  user: FakeUser
  access: 'write' | 'read'
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export interface FaultSpec {
  method?: string
  path?: RegExp
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** How many matching requests get the fault (default 1). */
  times?: number
}

export interface FakeComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: FakeUser & { node_id: string; html_url: string }
  created_at: string
  updated_at: string
  author_association: string
}

export interface FakeCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  output: { title?: string; summary?: string; text?: string }
  html_url: string
}

export interface GitHubApiServer {
  url: string
  requests: RecordedRequest[]
  comments(owner: string, repo: string, issue: number): FakeComment[]
  checkRuns(owner: string, repo: string): FakeCheckRun[]
  seedComment(
    owner: string,
    repo: string,
    issue: number,
    body: string,
    user?: FakeUser
  ): FakeComment
  addToken(token: string, info: TokenInfo): void
  fault(spec: FaultSpec): void
  stop(): Promise<void>
}

export const BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
export const WRITE_TOKEN = 'ghs_writetoken'
export const READ_TOKEN = 'ghs_readtoken'

const DOCS = 'https://docs.github.com/rest'
const MAX_BODY = 65536
const MAX_SUMMARY = 65535

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>
  ) {
    super(String(payload['message']))
  }
}

function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
}

function forbidden(doc: string): HttpError {
  return new HttpError(403, {
    message: 'Resource not accessible by integration',
    documentation_url: doc,
    status: '403'
  })
}

function tooLong(resource: string, field: string, max: number): HttpError {
  return new HttpError(422, {
    message: 'Validation Failed',
    errors: [
      {
        resource,
        code: 'custom',
        field,
        message: `${field} is too long (maximum is ${max} characters)`
      }
    ],
    documentation_url: DOCS,
    status: '422'
  })
}

function missingField(resource: string, field: string): HttpError {
  return new HttpError(422, {
    message: 'Invalid request.\n\n"' + field + '" wasn\'t supplied.',
    errors: [{ resource, code: 'missing_field', field }],
    documentation_url: DOCS,
    status: '422'
  })
}

function fieldOf(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null && key in body
    ? (body as Record<string, unknown>)[key]
    : undefined
}

export async function startGitHubApiServer(
  options: { tokens?: Record<string, TokenInfo> } = {}
): Promise<GitHubApiServer> {
  const tokens = new Map<string, TokenInfo>([
    [WRITE_TOKEN, { user: BOT, access: 'write' }],
    [READ_TOKEN, { user: BOT, access: 'read' }],
    ...Object.entries(options.tokens ?? {})
  ])
  const comments = new Map<string, FakeComment[]>()
  const checkRuns = new Map<string, FakeCheckRun[]>()
  const requests: RecordedRequest[] = []
  const faults: Array<FaultSpec & { left: number }> = []
  const sockets = new Set<Socket>()
  let nextId = 1000
  let url = ''

  const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const listOf = (owner: string, repo: string, issue: number): FakeComment[] => {
    const key = `${owner}/${repo}#${issue}`
    let list = comments.get(key)
    if (!list) comments.set(key, (list = []))
    return list
  }
  const findComment = (owner: string, repo: string, id: number): FakeComment | undefined => {
    for (const [key, list] of comments) {
      if (!key.startsWith(`${owner}/${repo}#`)) continue
      const found = list.find(c => c.id === id)
      if (found) return found
    }
    return undefined
  }
  const makeComment = (
    owner: string,
    repo: string,
    issue: number,
    body: string,
    user: FakeUser
  ): FakeComment => {
    const id = nextId++
    const time = now()
    const comment: FakeComment = {
      id,
      node_id: `IC_kwDO${id}`,
      url: `${url}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${url}/repos/${owner}/${repo}/issues/${issue}`,
      body,
      user: { ...user, node_id: `U_${user.id}`, html_url: `https://github.com/${user.login}` },
      created_at: time,
      updated_at: time,
      author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER'
    }
    listOf(owner, repo, issue).push(comment)
    return comment
  }

  const route = (
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    token: TokenInfo
  ): { status: number; payload: unknown; headers?: Record<string, string> } => {
    let m: RegExpExecArray | null
    const needWrite = (doc: string): void => {
      if (token.access !== 'write') throw forbidden(doc)
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const [, owner = '', repo = '', n = ''] = m
      if (method === 'GET') {
        const list = listOf(owner, repo, Number(n))
        const perPage = Math.min(Math.max(Number(query['per_page'] ?? 30) || 30, 1), 100)
        const page = Math.max(Number(query['page'] ?? 1) || 1, 1)
        const last = Math.max(Math.ceil(list.length / perPage), 1)
        const link = (p: number, rel: string): string =>
          `<${url}/repos/${owner}/${repo}/issues/${n}/comments?per_page=${perPage}&page=${p}>; rel="${rel}"`
        const links: string[] = []
        if (page > 1) links.push(link(page - 1, 'prev'))
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
        if (page > 1) links.push(link(1, 'first'))
        return {
          status: 200,
          payload: list.slice((page - 1) * perPage, page * perPage),
          headers: links.length > 0 ? { link: links.join(', ') } : {}
        }
      }
      if (method === 'POST') {
        needWrite('https://docs.github.com/rest/issues/comments#create-an-issue-comment')
        const text = fieldOf(body, 'body')
        if (typeof text !== 'string') throw missingField('IssueComment', 'body')
        if (text.length > MAX_BODY) throw tooLong('IssueComment', 'body', MAX_BODY)
        return { status: 201, payload: makeComment(owner, repo, Number(n), text, token.user) }
      }
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path))) {
      const [, owner = '', repo = '', id = ''] = m
      const comment = findComment(owner, repo, Number(id))
      if (!comment) throw notFound()
      if (method === 'GET') return { status: 200, payload: comment }
      if (method === 'PATCH') {
        needWrite('https://docs.github.com/rest/issues/comments#update-an-issue-comment')
        const text = fieldOf(body, 'body')
        if (typeof text !== 'string') throw missingField('IssueComment', 'body')
        if (text.length > MAX_BODY) throw tooLong('IssueComment', 'body', MAX_BODY)
        comment.body = text
        comment.updated_at = now()
        return { status: 200, payload: comment }
      }
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs(?:\/(\d+))?$/.exec(path))) {
      const [, owner = '', repo = '', id] = m
      const key = `${owner}/${repo}`
      const list = checkRuns.get(key) ?? []
      checkRuns.set(key, list)
      if (method === 'POST' && id === undefined) {
        needWrite('https://docs.github.com/rest/checks/runs#create-a-check-run')
        const name = fieldOf(body, 'name')
        const headSha = fieldOf(body, 'head_sha')
        if (typeof name !== 'string') throw missingField('CheckRun', 'name')
        if (typeof headSha !== 'string') throw missingField('CheckRun', 'head_sha')
        const output = fieldOf(body, 'output')
        const summary = fieldOf(output, 'summary')
        if (typeof summary === 'string' && summary.length > MAX_SUMMARY) {
          throw tooLong('CheckRun', 'output.summary', MAX_SUMMARY)
        }
        const runId = nextId++
        const run: FakeCheckRun = {
          id: runId,
          name,
          head_sha: headSha,
          status: String(fieldOf(body, 'status') ?? 'queued'),
          conclusion:
            typeof fieldOf(body, 'conclusion') === 'string'
              ? String(fieldOf(body, 'conclusion'))
              : null,
          output: {
            title:
              typeof fieldOf(output, 'title') === 'string'
                ? String(fieldOf(output, 'title'))
                : undefined,
            summary: typeof summary === 'string' ? summary : undefined,
            text:
              typeof fieldOf(output, 'text') === 'string'
                ? String(fieldOf(output, 'text'))
                : undefined
          },
          html_url: `https://github.com/${owner}/${repo}/runs/${runId}`
        }
        list.push(run)
        return { status: 201, payload: run }
      }
      if (method === 'PATCH' && id !== undefined) {
        needWrite('https://docs.github.com/rest/checks/runs#update-a-check-run')
        const run = list.find(r => r.id === Number(id))
        if (!run) throw notFound()
        for (const key of ['status', 'conclusion'] as const) {
          const value = fieldOf(body, key)
          if (typeof value === 'string') run[key] = value
        }
        const output = fieldOf(body, 'output')
        if (output !== undefined) run.output = { ...run.output, ...(output as object) }
        return { status: 200, payload: run }
      }
    }
    throw notFound()
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', url)
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = raw === '' ? undefined : JSON.parse(raw)
      } catch {
        body = raw
      }
      const headers = { ...req.headers }
      if (headers.authorization) headers.authorization = '<redacted>'
      const method = req.method ?? 'GET'
      requests.push({
        method,
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers,
        body
      })
      const send = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
        const text = payload === undefined ? '' : JSON.stringify(payload)
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-request-id': `CAFE:${requests.length}`,
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': String(5000 - requests.length),
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          'x-ratelimit-used': String(requests.length),
          'x-ratelimit-resource': 'core',
          ...extra
        })
        res.end(text)
      }
      const fault = faults.find(
        f =>
          f.left > 0 &&
          (!f.method || f.method === method) &&
          (!f.path || f.path.test(parsed.pathname))
      )
      if (fault) {
        fault.left--
        send(fault.status, fault.body ?? { message: 'Server Error' }, fault.headers)
        return
      }
      const auth = req.headers.authorization ?? ''
      const token = tokens.get(auth.replace(/^(token|bearer)\s+/i, ''))
      if (!token) {
        send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' })
        return
      }
      try {
        const result = route(
          method,
          parsed.pathname,
          Object.fromEntries(parsed.searchParams),
          body,
          token
        )
        send(result.status, result.payload, result.headers)
      } catch (error) {
        if (error instanceof HttpError) send(error.status, error.payload)
        else send(500, { message: String(error) })
      }
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

  return {
    url,
    requests,
    comments: (owner, repo, issue) => [...listOf(owner, repo, issue)],
    checkRuns: (owner, repo) => [...(checkRuns.get(`${owner}/${repo}`) ?? [])],
    seedComment: (owner, repo, issue, body, user = { login: 'reviewer', id: 2002, type: 'User' }) =>
      makeComment(owner, repo, issue, body, user),
    addToken: (token, info) => tokens.set(token, info),
    fault: spec => faults.push({ ...spec, left: spec.times ?? 1 }),
    stop: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
