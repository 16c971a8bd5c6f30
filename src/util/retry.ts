/**
 * One retry loop for every network client: exponential backoff with jitter, bounded in attempts,
 * in the length of one wait and in total time, with a callback before each wait so that a retry
 * is never silent. What is transient, and how long a server asks to wait, is the caller's
 * `decide`; the clock is injected so that tests take no time.
 */
import { errorMessage } from '../errors.js'

/** How often and how long to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt (0: a single attempt). */
  maxRetries: number
  /** Milliseconds before the first retry; doubles for each further retry. */
  baseDelayMs: number
  /** Milliseconds of uniform random jitter added to each backoff wait, at most. */
  jitterMs: number
  /** The longest single wait; a longer one (a server's Retry-After, say) is not waited for. */
  maxWaitMs: number
  /** Milliseconds from the first attempt past which no wait is started. */
  maxTotalMs: number
}

export interface RetryClock {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: () => Math.random()
}

/** What `decide` knows about a failed attempt. */
export interface RetryContext {
  /** The attempt that failed, 1-based. */
  attempt: number
  /** The policy's wait before the next attempt: backoff plus jitter. */
  backoffMs: number
  /** The clock's time, to read a Retry-After date or a rate-limit reset against. */
  now: number
}

/** Told before each wait. */
export interface RetryEvent {
  /** The attempt to be made after the wait: 2 for the first retry. */
  attempt: number
  /** The most attempts the policy allows (the total-time bound may stop earlier). */
  maxAttempts: number
  waitMs: number
  /** What went wrong with the previous attempt (`describe` of its error). */
  reason: string
}

/** How a retryable failure ended: out of attempts, or its wait past a bound. */
export interface RetrySummary {
  attempts: number
  elapsedMs: number
}

export interface RetryOptions {
  policy: RetryPolicy
  clock?: RetryClock
  /**
   * Milliseconds to wait before retrying after `error`, or undefined when it is not transient and
   * is thrown as it is. Usually `context.backoffMs`, or what the server asked for.
   */
  decide(error: unknown, context: RetryContext): number | undefined
  /** The reason given to `onRetry` (default: the error's message). */
  describe?(error: unknown): string
  /** Called before each wait. */
  onRetry?(event: RetryEvent): void
  /**
   * The error to throw when a retryable failure is not retried any more (default: the failure
   * itself); not called for the errors `decide` refuses.
   */
  giveUp?(error: unknown, summary: RetrySummary): unknown
}

/** Runs `attempt` (given its 1-based number) until it succeeds or the policy says stop. */
export async function retry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions
): Promise<T> {
  const { policy } = options
  const clock = options.clock ?? realClock
  const maxAttempts = policy.maxRetries + 1
  const started = clock.now()
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      const backoffMs = backoffDelayMs(policy, n, clock.random())
      const waitMs = options.decide(error, { attempt: n, backoffMs, now: clock.now() })
      if (waitMs === undefined) throw error
      const elapsedMs = clock.now() - started
      if (n >= maxAttempts || waitMs > policy.maxWaitMs || elapsedMs + waitMs > policy.maxTotalMs) {
        throw options.giveUp ? options.giveUp(error, { attempts: n, elapsedMs }) : error
      }
      const reason = options.describe?.(error) ?? errorMessage(error)
      options.onRetry?.({ attempt: n + 1, maxAttempts, waitMs, reason })
      await clock.sleep(waitMs)
    }
  }
}

/** The policy's wait before retry number `retry` (1-based), in milliseconds. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: number): number {
  return Math.round(policy.baseDelayMs * 2 ** (retry - 1) + random * policy.jitterMs)
}

/** `<subject>: <reason>; retrying (attempt 2 of 6) in 1.4 s`, for a log line. */
export function retryMessage(subject: string, event: RetryEvent): string {
  return `${subject}: ${event.reason}; retrying (attempt ${event.attempt} of ${event.maxAttempts}) in ${formatWait(event.waitMs)}`
}

/** A wait in seconds, as precise as its size deserves: `0.05 s`, `1.4 s`, `30 s`. */
export function formatWait(ms: number): string {
  const seconds = ms / 1000
  const digits = seconds >= 10 ? 0 : seconds >= 1 ? 1 : 2
  return `${Number(seconds.toFixed(digits))} s`
}

/**
 * Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined for a missing or malformed header.
 */
export function parseRetryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
