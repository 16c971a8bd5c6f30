/**
 * The GitHub API client: Octokit with bounded retries on server errors and rate limits.
 *
 * GitHub answers a busy moment with 5xx (a proxy on the way may answer 408), and a rate limit
 * with 429 or 403 plus `retry-after` (secondary limits) or `x-ratelimit-remaining: 0` and
 * `x-ratelimit-reset` (the primary limit).
 * A wait longer than the bound is not waited: the call fails at once and the caller's warning
 * says why, so a rate-limited job does not sit for an hour.
 */
import { getOctokit } from '@actions/github'
import { errorMessage } from '../../errors.js'
import {
  parseRetryAfterMs,
  realClock,
  retry,
  retryMessage,
  type RetryClock,
  type RetryPolicy
} from '../../util/retry.js'

export type Octokit = ReturnType<typeof getOctokit>

/** The GitHub client's retry policy (the one retry policy of `util/retry`). */
export type GitHubRetryPolicy = RetryPolicy

/** Three retries after 1, 2 and 4 s without a hint from GitHub; no wait over a minute. */
export const DEFAULT_GITHUB_RETRY: GitHubRetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 1000,
  jitterMs: 0,
  maxWaitMs: 60000,
  maxTotalMs: Number.POSITIVE_INFINITY
}

interface ErrorLike {
  status?: number
  response?: { headers?: Record<string, string | number | undefined> }
}

function isErrorLike(error: unknown): error is ErrorLike {
  return typeof error === 'object' && error !== null
}

function header(error: ErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name]
  return value === undefined ? undefined : String(value)
}

/**
 * How long to wait before retrying a failed call, or undefined when it must not be retried
 * (client errors, or a permission 403 that waiting does not fix). `backoffMs` is the wait when
 * GitHub gives no hint.
 */
export function retryDelayMs(error: unknown, backoffMs: number, now: number): number | undefined {
  if (!isErrorLike(error)) return undefined
  const status = error.status
  const retryAfter = parseRetryAfterMs(header(error, 'retry-after'), now)
  const exhausted = header(error, 'x-ratelimit-remaining') === '0'
  const rateLimited = status === 429 || (status === 403 && (retryAfter !== undefined || exhausted))
  // Octokit reports a connection that failed without an answer as status 500; a 408 is a
  // server (or proxy) that gave up waiting for the request, which may be sent again.
  const serverError = status === 408 || (status !== undefined && status >= 500 && status <= 599)
  if (!rateLimited && !serverError) return undefined
  if (retryAfter !== undefined) return retryAfter
  const reset = Number(header(error, 'x-ratelimit-reset'))
  if (exhausted && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now)
  return backoffMs
}

/**
 * `HTTP 502`, or why no answer came: Octokit calls that a 500 without a response, with fetch's
 * error (`fetch failed`) and the socket's (`connect ECONNREFUSED ...`) as its causes.
 */
function describeRequestFailure(error: unknown): string {
  if (isErrorLike(error) && error.response !== undefined && error.status !== undefined) {
    return `HTTP ${error.status}`
  }
  let message = errorMessage(error)
  const seen = new Set<unknown>([error])
  for (
    let cause = causeOf(error);
    cause !== undefined && !seen.has(cause);
    cause = causeOf(cause)
  ) {
    seen.add(cause)
    if (typeof cause === 'object' && cause !== null && 'message' in cause) {
      if (typeof cause.message === 'string' && cause.message !== '') message = cause.message
    }
  }
  return message
}

function causeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined
}

/**
 * An Octokit for `baseUrl` whose every request is retried as above; `notify` is told before each
 * wait (`GitHub API POST /repos/o/r/issues/1/comments: HTTP 502; retrying (attempt 2 of 4) in 1 s`).
 */
export function githubClient(
  token: string,
  baseUrl: string | undefined,
  policy: GitHubRetryPolicy = DEFAULT_GITHUB_RETRY,
  clock: RetryClock = realClock,
  notify?: (message: string) => void
): Octokit {
  const octokit = getOctokit(token, baseUrl === undefined ? {} : { baseUrl })
  octokit.hook.wrap('request', async (request, options) =>
    retry(async () => request(options), {
      policy,
      clock,
      decide: (error, { backoffMs, now }) => retryDelayMs(error, backoffMs, now),
      describe: describeRequestFailure,
      onRetry: notify
        ? event => notify(retryMessage(`GitHub API ${requestLine(octokit, options)}`, event))
        : undefined
    })
  )
  return octokit
}

/** `POST /repos/o/r/issues/1/comments`: the method and the path, without host or query. */
function requestLine(
  octokit: Octokit,
  options: Parameters<Octokit['request']['endpoint']['parse']>[0]
): string {
  try {
    const { method, url } = octokit.request.endpoint.parse(options)
    return `${method} ${new URL(url).pathname}`
  } catch {
    return `${options.method} ${String(options.url).split('?')[0]}`
  }
}
