/**
 * The GitHub API client: Octokit with bounded retries on server errors and rate limits.
 *
 * GitHub answers a busy moment with 5xx, and a rate limit with 429 or 403 plus `retry-after`
 * (secondary limits) or `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (the primary limit).
 * A wait longer than the bound is not waited: the call fails at once and the caller's warning
 * says why, so a rate-limited job does not sit for an hour.
 */
import { getOctokit } from '@actions/github'
import { parseRetryAfterMs, realClock, type RetryClock } from '../../util/retry.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface GitHubRetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number
  /** Milliseconds before the first retry without a hint from GitHub; doubles each time. */
  baseDelayMs: number
  /** The longest single wait; a longer retry-after or rate-limit reset is not waited for. */
  maxWaitMs: number
}

export const DEFAULT_GITHUB_RETRY: GitHubRetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxWaitMs: 60000
}

interface ErrorLike {
  status?: number
  response?: { headers?: Record<string, string | number | undefined> }
}

function header(error: ErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name]
  return value === undefined ? undefined : String(value)
}

/**
 * How long to wait before retrying a failed call, or undefined when it must not be retried
 * (client errors, or a permission 403 that waiting does not fix).
 */
export function retryDelayMs(
  error: ErrorLike,
  retry: number,
  policy: GitHubRetryPolicy,
  now: number
): number | undefined {
  const status = error.status
  const retryAfter = parseRetryAfterMs(header(error, 'retry-after'), now)
  const exhausted = header(error, 'x-ratelimit-remaining') === '0'
  const rateLimited = status === 429 || (status === 403 && (retryAfter !== undefined || exhausted))
  // Octokit reports a connection that failed without an answer as status 500.
  const serverError = status !== undefined && status >= 500 && status <= 599
  if (!rateLimited && !serverError) return undefined
  if (retryAfter !== undefined) return retryAfter
  const reset = Number(header(error, 'x-ratelimit-reset'))
  if (exhausted && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now)
  return policy.baseDelayMs * 2 ** (retry - 1)
}

/** An Octokit for `baseUrl` whose every request is retried as above. */
export function githubClient(
  token: string,
  baseUrl: string | undefined,
  policy: GitHubRetryPolicy = DEFAULT_GITHUB_RETRY,
  clock: RetryClock = realClock
): Octokit {
  const octokit = getOctokit(token, baseUrl === undefined ? {} : { baseUrl })
  octokit.hook.wrap('request', async (request, options) => {
    for (let retry = 1; ; retry++) {
      try {
        return await request(options)
      } catch (error) {
        const delay = retryDelayMs(error as ErrorLike, retry, policy, clock.now())
        if (delay === undefined || retry > policy.maxRetries || delay > policy.maxWaitMs)
          throw error
        await clock.sleep(delay)
      }
    }
  })
  return octokit
}
