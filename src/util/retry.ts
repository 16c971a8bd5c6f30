/** Retries with exponential backoff and jitter, bounded in attempts and in total time. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number
  /** Seconds; the n-th retry waits about backoffFactor * 2^(n-1) seconds plus jitter. */
  backoffFactor: number
  /** Seconds of random jitter added to each wait, at most. */
  backoffJitter: number
  /** Milliseconds after which no further attempt is started. */
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

/** The wait before retry number `retry` (1-based), in milliseconds. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: number): number {
  const base = policy.backoffFactor * 2 ** (retry - 1)
  return Math.round((base + random * policy.backoffJitter) * 1000)
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
