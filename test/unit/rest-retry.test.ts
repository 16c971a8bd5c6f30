/**
 * How the REST store retries, with an injected `send` and a clock whose sleeps take no time: which
 * answers and errors are retried, how long it waits, its bounds, its messages and what it logs.
 * One test sends a real request to a loopback server that never answers, for the timeout.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HttpRequest, HttpResponse } from '../../src/adapters/mlflow/http.js'
import {
  RestTrackingStore,
  restOptionsFromEnv,
  type RestStoreOptions
} from '../../src/adapters/mlflow/rest-store.js'
import type { RetryClock } from '../../src/util/retry.js'

const URI = 'http://127.0.0.1:5000'
const NOW = 1_800_000_000_000
const HINT =
  'Check that `tracking-uri` is right and that the server is running and reachable from the runner.'

/** A clock whose sleeps return at once, move its time on and are written down. */
function fakeClock(random = 0.4): RetryClock & { waits: number[] } {
  const waits: number[] = []
  let now = NOW
  return {
    waits,
    now: () => now,
    sleep: async ms => {
      waits.push(ms)
      now += ms
    },
    random: () => random
  }
}

type Answer = HttpResponse | Error

const ok: HttpResponse = { status: 200, headers: {}, body: '{"runs": []}' }

function status(code: number, headers: http.IncomingHttpHeaders = {}, body = ''): HttpResponse {
  return { status: code, headers, body }
}

function networkError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

const refused = () => networkError('connect ECONNREFUSED 127.0.0.1:5000', 'ECONNREFUSED') as Answer

/**
 * A store whose requests get `answers` in turn (the last one repeats), with MLflow's defaults
 * (5 retries, 1 s backoff factor, 1 s jitter, 120 s in all) unless `env` says otherwise.
 */
function storeWith(
  answers: Answer[],
  options: { env?: NodeJS.ProcessEnv; uri?: string; random?: number } = {}
) {
  const clock = fakeClock(options.random)
  const requests: HttpRequest[] = []
  const messages: string[] = []
  const send = async (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request)
    const answer = answers[Math.min(requests.length, answers.length) - 1] ?? ok
    if (answer instanceof Error) throw answer
    return answer
  }
  const storeOptions: RestStoreOptions = {
    ...restOptionsFromEnv(options.uri ?? URI, options.env ?? {}),
    clock,
    send,
    notify: message => messages.push(message)
  }
  return { store: new RestTrackingStore(storeOptions), clock, requests, messages }
}

const search = (store: RestTrackingStore) => store.searchRuns({ experimentIds: ['1'] })

describe('REST store retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i, then succeeds', async code => {
    const { store, clock, requests } = storeWith([status(code), ok])
    expect(await search(store)).toEqual({ runs: [] })
    expect(clock.waits).toEqual([1400])
    expect(requests).toHaveLength(2)
  })

  it.each([
    [
      400,
      '{"error_code": "INVALID_PARAMETER_VALUE", "message": "Invalid filter"}',
      'The MLflow tracking server http://127.0.0.1:5000 answered runs/search with HTTP 400 INVALID_PARAMETER_VALUE: Invalid filter'
    ],
    [
      401,
      'You are not authenticated.',
      'The MLflow tracking server http://127.0.0.1:5000 answered runs/search with HTTP 401: You are not authenticated. Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, from your repository secrets.'
    ],
    [
      403,
      '{"error_code": "PERMISSION_DENIED", "message": "Permission denied"}',
      'The MLflow tracking server http://127.0.0.1:5000 answered runs/search with HTTP 403 PERMISSION_DENIED: Permission denied Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, from your repository secrets.'
    ],
    [
      404,
      '<!doctype html><title>404 Not Found</title>',
      'The MLflow tracking server http://127.0.0.1:5000 answered runs/search with HTTP 404: <!doctype html><title>404 Not Found</title>'
    ]
  ])('does not retry HTTP %i', async (code, body, message) => {
    const { store, clock, requests, messages } = storeWith([status(code, {}, body), ok])
    const error = await search(store).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe(message)
    expect(error).toMatchObject({ details: { status: code, endpoint: 'runs/search' } })
    expect(clock.waits).toEqual([])
    expect(requests).toHaveLength(1)
    expect(messages).toEqual([])
  })

  it('does not retry a client error that follows a retried one, nor counts its attempts', async () => {
    const { store, clock, requests } = storeWith([status(503), status(400, {}, 'bad'), ok])
    await expect(search(store)).rejects.toThrow(
      /^The MLflow tracking server http:\/\/127\.0\.0\.1:5000 answered runs\/search with HTTP 400: bad$/
    )
    expect(clock.waits).toEqual([1400])
    expect(requests).toHaveLength(2)
  })

  it('retries a connection error, then succeeds', async () => {
    const { store, clock, requests } = storeWith([refused(), refused(), ok])
    expect(await search(store)).toEqual({ runs: [] })
    expect(clock.waits).toEqual([1400, 2400])
    expect(requests).toHaveLength(3)
  })

  it('gives up on an unreachable server after the last retry, saying what to check', async () => {
    const { store, clock, requests } = storeWith([refused()])
    await expect(search(store)).rejects.toThrow(
      `Cannot reach the MLflow tracking server http://127.0.0.1:5000 (runs/search): connect ECONNREFUSED 127.0.0.1:5000 after 6 attempt(s) in 33 s. ${HINT}`
    )
    expect(clock.waits).toEqual([1400, 2400, 4400, 8400, 16400])
    expect(requests).toHaveLength(6)
  })

  it('gives up on a server that keeps failing with its last answer and the attempts', async () => {
    const { store, requests } = storeWith([status(503, {}, 'Service Unavailable')], {
      env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2' }
    })
    await expect(search(store)).rejects.toThrow(
      /^The MLflow tracking server http:\/\/127\.0\.0\.1:5000 answered runs\/search with HTTP 503 after 3 attempts: Service Unavailable$/
    )
    expect(requests).toHaveLength(3)
  })

  it('makes one attempt with MLFLOW_HTTP_REQUEST_MAX_RETRIES=0', async () => {
    const { store, clock } = storeWith([refused()], {
      env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' }
    })
    await expect(search(store)).rejects.toThrow(
      `Cannot reach the MLflow tracking server http://127.0.0.1:5000 (runs/search): connect ECONNREFUSED 127.0.0.1:5000 after 1 attempt(s) in 0 s. ${HINT}`
    )
    expect(clock.waits).toEqual([])
  })

  it.each([
    ['seconds', () => '7', [7000]],
    ['seconds shorter than the backoff', () => '0', [1400]],
    ['an HTTP date', () => new Date(NOW + 9000).toUTCString(), [9000]],
    ['an HTTP date in the past', () => new Date(NOW - 9000).toUTCString(), [1400]],
    ['garbage', () => 'later', [1400]]
  ])('honours Retry-After as %s', async (_name, retryAfter, waits) => {
    const { store, clock } = storeWith([status(503, { 'retry-after': retryAfter() }), ok])
    expect(await search(store)).toEqual({ runs: [] })
    expect(clock.waits).toEqual(waits)
  })

  it('stops early when the next wait would pass MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS', async () => {
    const { store, clock, requests } = storeWith([refused()], {
      env: { MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS: '5' }
    })
    await expect(search(store)).rejects.toThrow(
      `Cannot reach the MLflow tracking server http://127.0.0.1:5000 (runs/search): connect ECONNREFUSED 127.0.0.1:5000 after 3 attempt(s) in 4 s. ${HINT}`
    )
    // 1.4 s + 2.4 s waited; 4.4 s more would end past 5 s.
    expect(clock.waits).toEqual([1400, 2400])
    expect(requests).toHaveLength(3)
  })

  it('does not wait a Retry-After longer than the total bound', async () => {
    const { store, clock, requests } = storeWith([status(429, { 'retry-after': '3600' }, 'slow')])
    await expect(search(store)).rejects.toThrow(
      /^The MLflow tracking server http:\/\/127\.0\.0\.1:5000 answered runs\/search with HTTP 429: slow$/
    )
    expect(clock.waits).toEqual([])
    expect(requests).toHaveLength(1)
  })

  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'],
    ['CERT_HAS_EXPIRED', 'certificate has expired'],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames: Host: mlflow.example.com. is not in the cert's altnames: DNS:other.example.com"
    ]
  ])('does not retry the TLS certificate error %s', async (code, message) => {
    const { store, clock, requests, messages } = storeWith([networkError(message, code), ok], {
      uri: 'https://mlflow.example.com'
    })
    await expect(search(store)).rejects.toThrow(
      `The MLflow tracking server https://mlflow.example.com presented a certificate this runner does not trust (${code}: ${message}). ` +
        'Add its CA with NODE_EXTRA_CA_CERTS, or, if you trust the server, set MLFLOW_TRACKING_INSECURE_TLS=true.'
    )
    expect(clock.waits).toEqual([])
    expect(requests).toHaveLength(1)
    expect(messages).toEqual([])
  })

  it('retries a TLS error that is not about the certificate', async () => {
    const reset = networkError(
      'Client network socket disconnected before secure TLS connection was established',
      'ECONNRESET'
    )
    const { store, clock } = storeWith([reset, ok], { uri: 'https://mlflow.example.com' })
    expect(await search(store)).toEqual({ runs: [] })
    expect(clock.waits).toEqual([1400])
  })
})

describe('REST store retry messages', () => {
  it('tells notify once per retry: what failed, the next attempt of how many, and the wait', async () => {
    const { store, messages } = storeWith([refused()])
    await expect(search(store)).rejects.toThrow(/after 6 attempt\(s\)/)
    const prefix =
      'MLflow tracking server http://127.0.0.1:5000 (runs/search): connect ECONNREFUSED 127.0.0.1:5000; retrying'
    expect(messages).toEqual([
      `${prefix} (attempt 2 of 6) in 1.4 s`,
      `${prefix} (attempt 3 of 6) in 2.4 s`,
      `${prefix} (attempt 4 of 6) in 4.4 s`,
      `${prefix} (attempt 5 of 6) in 8.4 s`,
      `${prefix} (attempt 6 of 6) in 16 s`
    ])
  })

  it('names the status and the wait the server asked for', async () => {
    const { store, messages } = storeWith([
      status(503, { 'retry-after': '7' }),
      status(429, {}, '{"error_code": "RESOURCE_EXHAUSTED"}'),
      ok
    ])
    await store.getRun('r1').catch(() => undefined)
    expect(messages).toEqual([
      'MLflow tracking server http://127.0.0.1:5000 (runs/get): HTTP 503; retrying (attempt 2 of 6) in 7 s',
      'MLflow tracking server http://127.0.0.1:5000 (runs/get): HTTP 429; retrying (attempt 3 of 6) in 2.4 s'
    ])
  })

  it('is silent when nothing is retried', async () => {
    const { store, messages } = storeWith([ok])
    await search(store)
    expect(messages).toEqual([])
  })

  it.each([
    ['credentials in the URI', 'https://ci-bot:s3cret-pw@mlflow.example.com/', {}],
    [
      'MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD',
      'https://mlflow.example.com/',
      { MLFLOW_TRACKING_USERNAME: 'ci-bot', MLFLOW_TRACKING_PASSWORD: 's3cret-pw' }
    ],
    ['a Bearer token', 'https://mlflow.example.com/', { MLFLOW_TRACKING_TOKEN: 's3cret-pw' }]
  ])('never logs the secret of %s', async (_name, uri, env) => {
    const { store, messages, requests } = storeWith(
      [status(502), networkError('socket hang up', 'ECONNRESET'), status(401, {}, 'no')],
      { uri, env }
    )
    const error = await search(store).catch((e: unknown) => e)
    // The secret did go out, in the header.
    const authorization = requests[0]?.headers['authorization'] ?? ''
    expect(authorization).toMatch(/^(Basic|Bearer) /)
    const encoded = authorization.split(' ')[1] ?? ''
    expect(messages).toHaveLength(2)
    for (const text of [...messages, (error as Error).message]) {
      expect(text).not.toContain('s3cret-pw')
      expect(text).not.toContain(encoded)
      expect(text).not.toContain(authorization)
    }
    expect(messages[0]).toMatch(
      /^MLflow tracking server https:\/\/(\*\*\*:\*\*\*@)?mlflow\.example\.com\/ \(runs\/search\): HTTP 502; retrying \(attempt 2 of 6\) in 1\.4 s$/
    )
    for (const request of requests) {
      expect(request.url.username).toBe('')
      expect(request.url.password).toBe('')
    }
  })

  it('shows a URI with credentials redacted', async () => {
    const { store, messages } = storeWith([status(502), ok], {
      uri: 'https://ci-bot:s3cret-pw@mlflow.example.com/'
    })
    await search(store)
    expect(messages).toEqual([
      'MLflow tracking server https://***:***@mlflow.example.com/ (runs/search): HTTP 502; retrying (attempt 2 of 6) in 1.4 s'
    ])
  })
})

describe('REST store request timeout', () => {
  const TIMEOUT_MS = 200
  let server: http.Server
  let url: string
  const pending: http.ServerResponse[] = []

  beforeAll(async () => {
    // Takes every request and never answers it.
    server = http.createServer((_req, res) => {
      pending.push(res)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  })

  it.each([
    [{}, 30000],
    [{ MLFLOW_HTTP_REQUEST_TIMEOUT: '0.2' }, 200],
    [{ MLFLOW_HTTP_REQUEST_TIMEOUT: '120' }, 120000],
    [{ MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' }, 30000],
    [{ MLFLOW_HTTP_REQUEST_TIMEOUT: '-1' }, 30000]
  ])('gives every attempt the timeout of %j: %i ms', async (env, timeoutMs) => {
    const { store, requests } = storeWith([status(503), ok], { env })
    await search(store)
    expect(requests.map(r => r.timeoutMs)).toEqual([timeoutMs, timeoutMs])
  })

  it(
    'fails a request that gets no answer within MLFLOW_HTTP_REQUEST_TIMEOUT',
    async () => {
      const store = new RestTrackingStore(
        restOptionsFromEnv(url, {
          MLFLOW_HTTP_REQUEST_TIMEOUT: String(TIMEOUT_MS / 1000),
          MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0'
        })
      )
      const started = Date.now()
      await expect(search(store)).rejects.toThrow(
        `Cannot reach the MLflow tracking server ${url} (runs/search): no answer within ${TIMEOUT_MS} ms after 1 attempt(s) in 0 s. ${HINT}`
      )
      // Not before the timeout, and not long after it (no answer ever comes).
      const waited = Date.now() - started
      expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS - 10)
      expect(waited).toBeLessThan(TIMEOUT_MS + 1000)
      expect(pending).toHaveLength(1)
    },
    TIMEOUT_MS + 1500
  )
})

describe('REST store for a Databricks workspace', () => {
  const HOST = 'https://dbc-1234abcd-5678.cloud.databricks.com'
  const location = { uri: 'databricks', databricks: { host: HOST } }
  // MLflow's tracking credentials are a tracking server's: a workspace gets its own token only.
  const ENV = {
    DATABRICKS_TOKEN: ' dapi0123 ',
    MLFLOW_TRACKING_TOKEN: 'not-for-databricks',
    MLFLOW_TRACKING_USERNAME: 'admin',
    MLFLOW_TRACKING_PASSWORD: 'hunter2',
    MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1'
  }

  it('reads the host from the location and the token from DATABRICKS_TOKEN', () => {
    expect(restOptionsFromEnv(location, ENV)).toEqual({
      trackingUri: HOST,
      credentials: { token: 'dapi0123' },
      databricks: true,
      insecureTls: false,
      requestTimeoutMs: 30_000,
      retry: {
        maxRetries: 1,
        baseDelayMs: 1000,
        jitterMs: 1000,
        maxWaitMs: 120_000,
        maxTotalMs: 120_000
      }
    })
  })

  it('sends the token as a bearer token to the workspace, and names it so', async () => {
    const clock = fakeClock()
    const requests: HttpRequest[] = []
    const messages: string[] = []
    const store = new RestTrackingStore({
      ...restOptionsFromEnv(location, ENV),
      clock,
      send: async request => {
        requests.push(request)
        return requests.length === 1 ? status(503) : ok
      },
      notify: message => messages.push(message)
    })
    await search(store)
    expect(requests.map(r => [r.method, r.url.href, r.headers['authorization']])).toEqual([
      ['POST', `${HOST}/api/2.0/mlflow/runs/search`, 'Bearer dapi0123'],
      ['POST', `${HOST}/api/2.0/mlflow/runs/search`, 'Bearer dapi0123']
    ])
    expect(store.description).toBe(`Databricks workspace ${HOST}`)
    expect(messages).toEqual([
      `Databricks workspace ${HOST} (runs/search): HTTP 503; retrying (attempt 2 of 2) in 1.4 s`
    ])
    expect(store.runUrl('1234', 'a1b2')).toBe(`${HOST}/ml/experiments/1234/runs/a1b2`)
  })

  it('keeps a path the workspace is served under, for the API and the UI', () => {
    const store = new RestTrackingStore({
      ...restOptionsFromEnv(
        { uri: 'databricks', databricks: { host: 'http://127.0.0.1:8080/dbx' } },
        ENV
      ),
      send: async () => ok
    })
    expect(store.runUrl('7', 'r 1')).toBe('http://127.0.0.1:8080/dbx/ml/experiments/7/runs/r%201')
  })
})
