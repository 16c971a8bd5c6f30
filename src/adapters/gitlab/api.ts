/**
 * GitLab's REST API (v4) over Node's fetch: the token in the PRIVATE-TOKEN header, every page of
 * a list (GitLab's offset pagination: x-next-page, or the Link header), and the retries of
 * transient failures (util/retry, with an injectable clock).
 */
import { ActionError, errorMessage } from '../../errors.js'
import { isObject, optString, type JsonObject } from '../../util/guards.js'
import { redactText, redactUri } from '../../util/redact.js'
import {
  parseRetryAfterMs,
  realClock,
  retry,
  retryMessage,
  type RetryClock,
  type RetryPolicy
} from '../../util/retry.js'
import { apiUrlProblem } from './context.js'

/** A failed call: GitLab's status and message, or no status when GitLab could not be reached. */
export class GitLabApiError extends ActionError {
  constructor(
    message: string,
    readonly details: {
      method: string
      path: string
      status?: number
      /** No answer because the connection failed or timed out (worth a retry, unlike a refusal). */
      network?: boolean
      /** GitLab's own words: `message`, or OAuth's `error` (insufficient_scope, invalid_token). */
      reason?: string
      /** The scope GitLab says the call needs (an insufficient_scope answer). */
      scope?: string
      retryAfter?: string
    },
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

export interface GitLabClient {
  get(path: string): Promise<unknown>
  /** Every item of every page of a list, `per_page=100`. */
  list(path: string, query?: Record<string, string>): Promise<unknown[]>
  post(path: string, body: JsonObject): Promise<unknown>
  put(path: string, body: JsonObject): Promise<unknown>
}

export interface GitLabClientOptions {
  /** CI_API_V4_URL, e.g. `https://gitlab.com/api/v4`. */
  apiUrl: string
  token: string
  policy?: RetryPolicy
  clock?: RetryClock
  /** Told before each retry, with a line for the log. */
  onRetry?: (message: string) => void
  timeoutMs?: number
}

/** Three retries after 1, 2 and 4 s (or what Retry-After asks, up to a minute). */
export const DEFAULT_GITLAB_RETRY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 1000,
  jitterMs: 250,
  maxWaitMs: 60_000,
  maxTotalMs: 120_000
}

/** A bound on the pages of one list (10,000 notes), in case a server keeps saying "next". */
const MAX_PAGES = 100

type Method = 'GET' | 'POST' | 'PUT'

interface Answer {
  json: unknown
  headers: Headers
}

export function gitlabClient(options: GitLabClientOptions): GitLabClient {
  const apiUrl = options.apiUrl.replace(/\/+$/, '')
  const problem = apiUrlProblem(apiUrl)
  if (problem !== undefined) return refusingClient(problem)
  const base = new URL(`${apiUrl}/`)
  const call = (method: Method, url: URL, body?: JsonObject): Promise<Answer> =>
    retry(() => send(options, method, url, body), {
      policy: options.policy ?? DEFAULT_GITLAB_RETRY,
      clock: options.clock ?? realClock,
      decide: (error, { backoffMs, now }) => retryWait(error, method, backoffMs, now),
      describe: describeFailure,
      onRetry: event => options.onRetry?.(retryMessage(`GitLab: ${method} ${url.pathname}`, event))
    })
  const at = (path: string): URL => new URL(path.replace(/^\/+/, ''), base)
  return {
    get: async path => (await call('GET', at(path))).json,
    post: async (path, body) => (await call('POST', at(path), body)).json,
    put: async (path, body) => (await call('PUT', at(path), body)).json,
    list: (path, query = {}) => listAll(call, at(path), query)
  }
}

/**
 * A client for an address no request may go to (one with credentials, or not http(s)): every
 * call fails with the reason, before anything is sent.
 */
function refusingClient(problem: string): GitLabClient {
  const refuse =
    (method: Method) =>
    async (path: string): Promise<never> => {
      throw new GitLabApiError(`${problem}; no request was sent.`, { method, path })
    }
  return { get: refuse('GET'), list: refuse('GET'), post: refuse('POST'), put: refuse('PUT') }
}

async function listAll(
  call: (method: Method, url: URL) => Promise<Answer>,
  first: URL,
  query: Record<string, string>
): Promise<unknown[]> {
  for (const [key, value] of Object.entries({ ...query, per_page: '100', page: '1' }))
    first.searchParams.set(key, value)
  const items: unknown[] = []
  const seen = new Set<string>()
  let url: URL | undefined = first
  for (let n = 0; url !== undefined && n < MAX_PAGES && !seen.has(url.href); n++) {
    seen.add(url.href)
    const page = await call('GET', url)
    if (!Array.isArray(page.json)) {
      throw new GitLabApiError(`GitLab's answer to GET ${url.pathname} is not a list.`, {
        method: 'GET',
        path: url.pathname
      })
    }
    items.push(...page.json)
    url = nextPage(page.headers, url)
  }
  return items
}

/**
 * The next page: x-next-page (empty on the last page), else the Link header's rel="next" (a
 * proxy may drop x- headers). A link to another host is refused: the token goes with it.
 */
export function nextPage(headers: Headers, current: URL): URL | undefined {
  const next = headers.get('x-next-page')
  if (next !== null) {
    if (!/^\d+$/.test(next.trim())) return undefined
    const url = new URL(current)
    url.searchParams.set('page', next.trim())
    return url
  }
  const link = /<([^>]*)>\s*;\s*rel="?next"?/.exec(headers.get('link') ?? '')?.[1]
  if (link === undefined) return undefined
  const url = new URL(link, current)
  if (url.origin !== current.origin) {
    throw new GitLabApiError(
      `GitLab's next-page link points to ${url.origin}, not to ${current.origin}; it is not followed (the token would go with it).`,
      { method: 'GET', path: current.pathname }
    )
  }
  return url
}

/** One request; a non-2xx answer becomes a GitLabApiError with GitLab's words. */
async function send(
  options: GitLabClientOptions,
  method: Method,
  url: URL,
  body?: JsonObject
): Promise<Answer> {
  const where = { method, path: url.pathname }
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(options.token, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      // A redirect would carry PRIVATE-TOKEN to wherever it points: it is an error instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000)
    })
  } catch (error) {
    throw fetchError(error, method, url)
  }
  const json = parseJson(await response.text())
  if (response.status >= 200 && response.status < 300) return { json, headers: response.headers }
  throw answerError(response, json, where)
}

/**
 * Why fetch gave no answer, in words safe to log: a failed connection or a timeout (worth a
 * retry), or a request fetch would not even build, which fails the same way every time. Node's
 * fetch puts the request's URL, credentials and all, into the text of the latter: it is redacted,
 * and the original error is not kept as the cause.
 */
function fetchError(error: unknown, method: Method, url: URL): GitLabApiError {
  const where = { method, path: url.pathname }
  if (isNetworkFailure(error)) {
    const reason = redactText(messageOf(isObject(error) && error['cause'] ? error['cause'] : error))
    return new GitLabApiError(
      `Could not reach GitLab at ${url.origin} (${reason}).`,
      { ...where, network: true },
      { cause: error }
    )
  }
  const reason = redactText(messageOf(error))
  return new GitLabApiError(
    `Could not send ${method} ${url.pathname} to GitLab (${reason}).`,
    where
  )
}

/** An error's message, also for one from another realm (where `instanceof Error` is false). */
function messageOf(error: unknown): string {
  const message = isObject(error) ? error['message'] : undefined
  return typeof message === 'string' ? message : errorMessage(error)
}

/**
 * A connection refused or lost, a name not found, a timeout: Node's fetch reports these as a
 * TypeError whose cause is the socket's error, or as a TimeoutError. Its other TypeErrors (a URL
 * with credentials, a bad header) carry no cause. Read by name, not by `instanceof`: fetch's
 * errors may come from another realm.
 */
function isNetworkFailure(error: unknown): boolean {
  if (!isObject(error)) return false
  const name = error['name']
  if (name === 'TimeoutError' || name === 'AbortError') return true
  return name === 'TypeError' && error['cause'] !== undefined
}

function requestHeaders(token: string, withBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'PRIVATE-TOKEN': token,
    Accept: 'application/json',
    'User-Agent': 'mlflow-care-label'
  }
  if (withBody) headers['Content-Type'] = 'application/json'
  return headers
}

function answerError(
  response: Response,
  json: unknown,
  where: { method: string; path: string }
): GitLabApiError {
  const { status } = response
  const location = response.headers.get('location')
  const reason =
    status >= 300 && status < 400
      ? `a redirect to ${redactUri(location ?? '?')}: set CI_API_V4_URL to the address GitLab answers on`
      : gitlabReason(json, response.statusText)
  return new GitLabApiError(
    `GitLab answered ${where.method} ${where.path} with HTTP ${status}: ${reason}`,
    {
      ...where,
      status,
      reason,
      scope: isObject(json) ? optString(json, 'scope') : undefined,
      retryAfter: response.headers.get('retry-after') ?? undefined
    }
  )
}

/**
 * GitLab's words for a failure: `{"message": "404 Not found"}`, a validation error's
 * `{"message": {"note": ["is too long ..."]}}`, or OAuth's `{"error": ..., "error_description": ...}`.
 */
export function gitlabReason(json: unknown, fallback: string): string {
  if (!isObject(json)) return fallback || 'no message'
  const message = json['message']
  if (typeof message === 'string') return message
  if (isObject(message)) {
    return Object.entries(message)
      .map(
        ([field, errors]) =>
          `${field} ${Array.isArray(errors) ? errors.join(', ') : String(errors)}`
      )
      .join('; ')
  }
  const error = optString(json, 'error')
  if (error === undefined) return fallback || 'no message'
  const description = optString(json, 'error_description')
  return description ? `${error} (${description})` : error
}

/** A failure in a retry's log line, which names the method and path already. */
function describeFailure(error: unknown): string {
  if (error instanceof GitLabApiError && error.details.status !== undefined) {
    return `HTTP ${error.details.status}: ${error.details.reason ?? ''}`
  }
  return errorMessage(error)
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text.slice(0, 200)
  }
}

/**
 * How long to wait before retrying, or undefined: not transient. A rate limit (429) is retried
 * for every method, as GitLab did nothing; a server error or a lost connection only for reads
 * and updates, since a note's POST may have been made before the answer was lost.
 */
function retryWait(
  error: unknown,
  method: Method,
  backoffMs: number,
  now: number
): number | undefined {
  if (!(error instanceof GitLabApiError)) return undefined
  const { status, retryAfter } = error.details
  if (status === 429) return Math.max(parseRetryAfterMs(retryAfter, now) ?? 0, backoffMs)
  if (method === 'POST') return undefined
  if (error.details.network === true) return backoffMs
  if (status !== undefined && status >= 500) return backoffMs
  return undefined
}
