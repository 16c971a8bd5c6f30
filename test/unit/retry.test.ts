/** The retry helper: waits, attempts and bounds, with a clock whose sleeps take no time. */
import {
  backoffDelayMs,
  formatWait,
  parseRetryAfterMs,
  retry,
  retryMessage,
  type RetryClock,
  type RetryEvent,
  type RetryPolicy
} from '../../src/util/retry.js'

const NOW = 1_800_000_000_000

/** A clock whose sleeps return at once, move its time on and are written down. */
function fakeClock(random = 0): RetryClock & { waits: number[]; advance(ms: number): void } {
  const waits: number[] = []
  let now = NOW
  return {
    waits,
    advance: ms => {
      now += ms
    },
    now: () => now,
    sleep: async ms => {
      waits.push(ms)
      now += ms
    },
    random: () => random
  }
}

/** One attempt's outcome: success, a transient failure, a transient failure with a server's hint (ms), or a permanent failure. */
type Step = 'ok' | 'fail' | 'fatal' | { retryAfterMs: number }

class Failure extends Error {
  constructor(
    readonly step: Step,
    readonly n: number
  ) {
    super(`failure ${n}`)
  }
}

/** Transient failures wait what the server asked, or the backoff; `fatal` is not retried. */
function decide(error: unknown, context: { backoffMs: number }): number | undefined {
  if (!(error instanceof Failure) || error.step === 'fatal') return undefined
  return typeof error.step === 'object' ? error.step.retryAfterMs : context.backoffMs
}

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxRetries: 3,
    baseDelayMs: 100,
    jitterMs: 0,
    maxWaitMs: Number.POSITIVE_INFINITY,
    maxTotalMs: Number.POSITIVE_INFINITY,
    ...overrides
  }
}

/** Runs `steps` through `retry` (the last step repeats); returns what happened. */
async function run(
  steps: Step[],
  retryPolicy: RetryPolicy,
  options: { random?: number; attemptMs?: number } = {}
) {
  const clock = fakeClock(options.random)
  const attempts: number[] = []
  let outcome: string
  try {
    outcome = await retry(
      async n => {
        attempts.push(n)
        clock.advance(options.attemptMs ?? 0)
        const step = steps[Math.min(n, steps.length) - 1] ?? 'ok'
        if (step === 'ok') return `ok ${n}`
        throw new Failure(step, n)
      },
      { policy: retryPolicy, clock, decide }
    )
  } catch (error) {
    outcome = error instanceof Error ? `thrown: ${error.message}` : String(error)
  }
  return { outcome, waits: clock.waits, attempts: attempts.length }
}

describe('retry', () => {
  it.each<[string, Step[], RetryPolicy, number, number[], number, string]>([
    ['success at once', ['ok'], policy(), 0, [], 1, 'ok 1'],
    ['two failures, then success', ['fail', 'fail', 'ok'], policy(), 0, [100, 200], 3, 'ok 3'],
    [
      'out of retries: the last failure',
      ['fail'],
      policy(),
      0,
      [100, 200, 400],
      4,
      'thrown: failure 4'
    ],
    ['no retries', ['fail'], policy({ maxRetries: 0 }), 0, [], 1, 'thrown: failure 1'],
    [
      'jitter added to the backoff',
      ['fail', 'fail', 'ok'],
      policy({ baseDelayMs: 1000, jitterMs: 1000 }),
      0.4,
      [1400, 2400],
      3,
      'ok 3'
    ],
    [
      "MLflow's defaults against a dead server",
      ['fail'],
      policy({ maxRetries: 5, baseDelayMs: 1000, jitterMs: 1000, maxTotalMs: 120000 }),
      0.4,
      [1400, 2400, 4400, 8400, 16400],
      6,
      'thrown: failure 6'
    ],
    [
      'a permanent failure is not retried',
      ['fail', 'fatal', 'ok'],
      policy(),
      0,
      [100],
      2,
      'thrown: failure 2'
    ],
    [
      "the server's Retry-After over the backoff",
      [{ retryAfterMs: 7000 }, { retryAfterMs: 0 }, 'ok'],
      policy(),
      0,
      [7000, 0],
      3,
      'ok 3'
    ],
    [
      'a wait longer than maxWaitMs is not waited',
      ['fail', { retryAfterMs: 60001 }, 'ok'],
      policy({ maxWaitMs: 60000 }),
      0,
      [100],
      2,
      'thrown: failure 2'
    ],
    [
      'a wait of exactly maxWaitMs is waited',
      [{ retryAfterMs: 60000 }, 'ok'],
      policy({ maxWaitMs: 60000 }),
      0,
      [60000],
      2,
      'ok 2'
    ],
    [
      'maxTotalMs stops before the retries run out',
      ['fail'],
      policy({ maxRetries: 10, baseDelayMs: 1000, maxTotalMs: 5000 }),
      0,
      [1000, 2000],
      3,
      'thrown: failure 3'
    ],
    [
      'a wait that ends exactly at maxTotalMs is waited',
      ['fail'],
      policy({ maxRetries: 10, baseDelayMs: 1000, maxTotalMs: 7000 }),
      0,
      [1000, 2000, 4000],
      4,
      'thrown: failure 4'
    ]
  ])('%s', async (_name, steps, retryPolicy, random, waits, attempts, outcome) => {
    expect(await run(steps, retryPolicy, { random })).toEqual({ outcome, waits, attempts })
  })

  it('counts the time spent in attempts against maxTotalMs', async () => {
    const result = await run(
      ['fail'],
      policy({ maxRetries: 10, baseDelayMs: 1000, maxTotalMs: 6000 }),
      { attemptMs: 2000 }
    )
    // 2 s attempt, 1 s wait, 2 s attempt: a 2 s wait would end at 7 s.
    expect(result).toEqual({ outcome: 'thrown: failure 2', waits: [1000], attempts: 2 })
  })

  it('tells onRetry before each wait, with the next attempt, the bound and the reason', async () => {
    const clock = fakeClock()
    const events: RetryEvent[] = []
    const result = await retry(
      async n => {
        expect(clock.waits).toHaveLength(n - 1)
        if (n < 3) throw new Error(`connect ECONNREFUSED (${n})`)
        return n
      },
      {
        policy: policy(),
        clock,
        decide: (_error, { backoffMs }) => backoffMs,
        onRetry: event => {
          expect(clock.waits).toHaveLength(event.attempt - 2)
          events.push(event)
        }
      }
    )
    expect(result).toBe(3)
    expect(events).toEqual([
      { attempt: 2, maxAttempts: 4, waitMs: 100, reason: 'connect ECONNREFUSED (1)' },
      { attempt: 3, maxAttempts: 4, waitMs: 200, reason: 'connect ECONNREFUSED (2)' }
    ])
  })

  it('describes a failure with `describe` when given', async () => {
    const reasons: string[] = []
    await retry(
      async n => {
        if (n === 1) throw { status: 502 }
        return n
      },
      {
        policy: policy(),
        clock: fakeClock(),
        decide: () => 0,
        describe: error => `HTTP ${(error as { status: number }).status}`,
        onRetry: event => reasons.push(event.reason)
      }
    )
    expect(reasons).toEqual(['HTTP 502'])
  })

  it('gives decide the failed attempt, the backoff and the time', async () => {
    const clock = fakeClock(0.5)
    const seen: unknown[] = []
    await expect(
      retry(
        async () => {
          clock.advance(10)
          throw new Error('down')
        },
        {
          policy: policy({ maxRetries: 2, jitterMs: 100 }),
          clock,
          decide: (error, context) => {
            seen.push([(error as Error).message, context])
            return context.backoffMs
          }
        }
      )
    ).rejects.toThrow('down')
    expect(seen).toEqual([
      ['down', { attempt: 1, backoffMs: 150, now: NOW + 10 }],
      ['down', { attempt: 2, backoffMs: 250, now: NOW + 10 + 150 + 10 }],
      ['down', { attempt: 3, backoffMs: 450, now: NOW + 10 + 150 + 10 + 250 + 10 }]
    ])
  })

  it('throws what giveUp makes of an exhausted failure, and a refused one as it is', async () => {
    const giveUp = (error: unknown, summary: { attempts: number; elapsedMs: number }) =>
      new Error(
        `${(error as Error).message} after ${summary.attempts} attempts in ${summary.elapsedMs} ms`
      )
    const clock = fakeClock()
    await expect(
      retry(
        async () => {
          throw new Error('HTTP 503')
        },
        { policy: policy({ maxRetries: 2 }), clock, decide: (_e, c) => c.backoffMs, giveUp }
      )
    ).rejects.toThrow(/^HTTP 503 after 3 attempts in 300 ms$/)
    const refused = new Error('HTTP 400')
    await expect(
      retry(
        async () => {
          throw refused
        },
        { policy: policy(), clock, decide: () => undefined, giveUp }
      )
    ).rejects.toBe(refused)
  })
})

describe('backoffDelayMs', () => {
  it.each([
    [policy({ baseDelayMs: 1000, jitterMs: 1000 }), 1, 0, 1000],
    [policy({ baseDelayMs: 1000, jitterMs: 1000 }), 1, 0.4, 1400],
    [policy({ baseDelayMs: 1000, jitterMs: 1000 }), 3, 0.4, 4400],
    [policy({ baseDelayMs: 50, jitterMs: 10 }), 4, 0.25, 403],
    [policy({ baseDelayMs: 100, jitterMs: 0 }), 5, 0.9, 1600]
  ])('%o, retry %i, random %d: %i ms', (retryPolicy, n, random, expected) => {
    expect(backoffDelayMs(retryPolicy, n, random)).toBe(expected)
  })
})

describe('retry messages', () => {
  it.each([
    [0, '0 s'],
    [50, '0.05 s'],
    [123, '0.12 s'],
    [1000, '1 s'],
    [1400, '1.4 s'],
    [9960, '10 s'],
    [16400, '16 s'],
    [60000, '60 s']
  ])('%i ms is %s', (ms, text) => {
    expect(formatWait(ms)).toBe(text)
  })

  it('names the subject, the reason, the next attempt of the bound and the wait', () => {
    expect(
      retryMessage('MLflow tracking server http://127.0.0.1:5000 (runs/search)', {
        attempt: 2,
        maxAttempts: 6,
        waitMs: 1400,
        reason: 'connect ECONNREFUSED 127.0.0.1:5000'
      })
    ).toBe(
      'MLflow tracking server http://127.0.0.1:5000 (runs/search): connect ECONNREFUSED 127.0.0.1:5000; retrying (attempt 2 of 6) in 1.4 s'
    )
  })
})

describe('parseRetryAfterMs', () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['  ', undefined],
    ['soon', undefined],
    ['0', 0],
    ['7', 7000],
    ['1.5', 1500],
    ['-3', 0],
    [new Date(NOW + 9000).toUTCString(), 9000],
    [new Date(NOW - 9000).toUTCString(), 0]
  ])('%p: %p', (header, expected) => {
    expect(parseRetryAfterMs(header, NOW)).toBe(expected)
  })
})
