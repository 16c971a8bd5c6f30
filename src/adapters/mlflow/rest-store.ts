/**
 * TrackingStore over MLflow's REST API 2.0 (`mlflow server`, Databricks, Azure ML and other hosts
 * of the same API). Retries transient failures the way MLflow's Python client does.
 */
import { MlflowApiError, errorMessage } from '../../errors.js'
import { isObject, optArray, optString } from '../../util/guards.js'
import { redactUri } from '../../util/redact.js'
import {
  parseRetryAfterMs,
  realClock,
  retry,
  retryMessage,
  type RetryClock,
  type RetryPolicy
} from '../../util/retry.js'
import { sendHttp, type HttpRequest, type HttpResponse } from './http.js'
import { parseExperiment, parseLoggedModel, parseMetricPoint, parseRun } from './rest-json.js'
import type {
  Experiment,
  LoggedModel,
  MetricPoint,
  ModelVersion,
  Run,
  SearchRunsPage,
  SearchRunsRequest
} from '../../core/runs.js'
import type { ArtifactFile, TrackingStore } from '../../ports.js'

export interface RestCredentials {
  username?: string
  password?: string
  token?: string
}

export interface RestStoreOptions {
  trackingUri: string
  credentials: RestCredentials
  insecureTls: boolean
  retry: RetryPolicy
  requestTimeoutMs: number
  clock?: RetryClock
  send?: (request: HttpRequest) => Promise<HttpResponse>
  /** Told before each retry's wait: what failed, which attempt comes next and when. */
  notify?: (message: string) => void
  /** The API is a Databricks workspace's (`trackingUri` its host): its UI links and its name. */
  databricks?: boolean
}

/** Status codes MLflow's Python client retries (`mlflow.utils.request_utils`). */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504])

/**
 * Reads the REST store's options from MLflow's own environment variables, for a tracking server's
 * URI or a parsed location. A Databricks workspace is reached as MLflow's client reaches it for
 * `databricks`: at its host, with DATABRICKS_TOKEN; MLflow's tracking credentials are a tracking
 * server's, and are not sent there.
 */
export function restOptionsFromEnv(
  server: string | { uri: string; databricks?: { host: string } },
  env: NodeJS.ProcessEnv
): Omit<RestStoreOptions, 'clock' | 'send'> {
  const databricks = typeof server === 'string' ? undefined : server.databricks
  const number = (name: string, fallback: number): number => {
    const raw = env[name]
    const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw)
    return Number.isFinite(value) && value >= 0 ? value : fallback
  }
  const maxRetries = Math.floor(number('MLFLOW_HTTP_REQUEST_MAX_RETRIES', 5))
  const timeoutSeconds = number('MLFLOW_HTTP_REQUEST_TIMEOUT', 30)
  const maxTotalMs = number('MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS', 120) * 1000
  return {
    trackingUri: databricks?.host ?? (typeof server === 'string' ? server : server.uri),
    credentials: databricks
      ? { token: env['DATABRICKS_TOKEN']?.trim() || undefined }
      : {
          username: env['MLFLOW_TRACKING_USERNAME'] || undefined,
          password: env['MLFLOW_TRACKING_PASSWORD'] || undefined,
          token: env['MLFLOW_TRACKING_TOKEN'] || undefined
        },
    ...(databricks ? { databricks: true } : {}),
    insecureTls: /^(true|1)$/i.test(env['MLFLOW_TRACKING_INSECURE_TLS'] ?? ''),
    requestTimeoutMs: timeoutSeconds * 1000,
    retry: {
      maxRetries,
      // MLflow's backoff factor and jitter are in seconds: the n-th retry waits
      // factor * 2^(n-1) s plus up to `jitter` s, or longer if the server's Retry-After says so.
      baseDelayMs: number('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', 1) * 1000,
      jitterMs: number('MLFLOW_HTTP_REQUEST_BACKOFF_JITTER', 1) * 1000,
      // No bound on one wait but the bound on them all.
      maxWaitMs: maxTotalMs,
      maxTotalMs
    }
  }
}

export class RestTrackingStore implements TrackingStore {
  readonly description: string
  private readonly base: URL
  private readonly headers: Record<string, string>
  private readonly clock: RetryClock
  private readonly send: (request: HttpRequest) => Promise<HttpResponse>

  constructor(private readonly options: RestStoreOptions) {
    const url = new URL(options.trackingUri)
    const headers: Record<string, string> = {
      'user-agent': 'mlflow-care-label',
      accept: 'application/json'
    }
    const username = options.credentials.username ?? decodeURIComponent(url.username)
    const password = options.credentials.password ?? decodeURIComponent(url.password)
    if (options.credentials.token) {
      headers['authorization'] = `Bearer ${options.credentials.token}`
    } else if (username !== '' || password !== '') {
      headers['authorization'] =
        `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
    }
    url.username = ''
    url.password = ''
    if (!url.pathname.endsWith('/')) url.pathname += '/'
    this.base = url
    this.headers = headers
    this.description = `${options.databricks ? 'Databricks workspace' : 'MLflow tracking server'} ${redactUri(options.trackingUri)}`
    this.clock = options.clock ?? realClock
    this.send = options.send ?? sendHttp
  }

  /**
   * The MLflow UI address of a run (no credentials in it). A Databricks workspace shows runs at
   * `<host>/ml/experiments/<id>/runs/<id>`: the link MLflow 3's client prints for a run it logs
   * there (`TrackingServiceClient._log_url` in mlflow/tracking/_tracking_service/client.py), where
   * `mlflow server`'s single-page UI takes `#/experiments/…`.
   */
  runUrl(experimentId: string, runId: string): string {
    const run = `experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`
    return `${this.base.toString()}${this.options.databricks ? 'ml/' : '#/'}${run}`
  }

  getExperimentByName(name: string): Promise<Experiment | undefined> {
    return this.experiment('experiments/get-by-name', { experiment_name: name })
  }

  getExperiment(experimentId: string): Promise<Experiment | undefined> {
    return this.experiment('experiments/get', { experiment_id: experimentId })
  }

  /** An experiment from one of the two endpoints; undefined when the server has none such. */
  private async experiment(
    endpoint: string,
    query: Record<string, string>
  ): Promise<Experiment | undefined> {
    try {
      const json = await this.call('GET', endpoint, query)
      return parseExperiment(isObject(json) ? json['experiment'] : undefined)
    } catch (error) {
      if (
        error instanceof MlflowApiError &&
        error.details.errorCode === 'RESOURCE_DOES_NOT_EXIST'
      ) {
        return undefined
      }
      throw error
    }
  }

  async getModelVersion(name: string, alias: string): Promise<ModelVersion | undefined> {
    let json: unknown
    try {
      json = await this.call('GET', 'registered-models/alias', { name, alias })
    } catch (error) {
      // MLflow answers an unknown model with RESOURCE_DOES_NOT_EXIST, and an alias that no
      // version has with INVALID_PARAMETER_VALUE "Registered model alias … not found".
      const code = error instanceof MlflowApiError ? error.details.errorCode : undefined
      if (code === 'RESOURCE_DOES_NOT_EXIST') return undefined
      if (code === 'INVALID_PARAMETER_VALUE' && /alias .* not found/i.test(errorMessage(error))) {
        return undefined
      }
      throw error
    }
    const version = isObject(json) ? json['model_version'] : undefined
    if (!isObject(version)) return undefined
    const number = optString(version, 'version')
    if (number === undefined) return undefined
    return {
      name,
      version: number,
      runId: optString(version, 'run_id') || undefined,
      modelId: optString(version, 'model_id') || undefined
    }
  }

  async loggedModels(experimentId: string, runId: string): Promise<LoggedModel[]> {
    const models: LoggedModel[] = []
    let pageToken: string | undefined
    do {
      let json: unknown
      try {
        json = await this.call('POST', 'logged-models/search', {
          experiment_ids: [experimentId],
          filter: `source_run_id = '${runId.replace(/'/g, '')}'`,
          max_results: 100,
          ...(pageToken ? { page_token: pageToken } : {})
        })
      } catch (error) {
        // A server before MLflow 3 has no such endpoint: it has no logged models either.
        if (error instanceof MlflowApiError && error.details.status === 404) return []
        throw error
      }
      for (const item of isObject(json) ? optArray(json, 'models') : []) {
        const model = parseLoggedModel(item)
        if (model !== undefined) models.push(model)
      }
      pageToken = isObject(json) ? optString(json, 'next_page_token') || undefined : undefined
    } while (pageToken !== undefined)
    return models
  }

  async searchRuns(request: SearchRunsRequest): Promise<SearchRunsPage> {
    const json = await this.call('POST', 'runs/search', {
      experiment_ids: request.experimentIds,
      filter: request.filter ?? '',
      run_view_type: 'ACTIVE_ONLY',
      max_results: request.maxResults ?? 1000,
      order_by: request.orderBy ?? [],
      ...(request.pageToken ? { page_token: request.pageToken } : {})
    })
    if (!isObject(json)) return { runs: [] }
    const runs: Run[] = []
    for (const item of optArray(json, 'runs')) {
      const run = parseRun(item)
      if (run !== undefined) runs.push(run)
    }
    const next = optString(json, 'next_page_token')
    return next ? { runs, nextPageToken: next } : { runs }
  }

  async getRun(runId: string): Promise<Run> {
    const json = await this.call('GET', 'runs/get', { run_id: runId })
    const run = parseRun(isObject(json) ? json['run'] : undefined)
    if (run === undefined) {
      throw new MlflowApiError(`${this.description} answered runs/get for ${runId} without a run.`)
    }
    return run
  }

  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    const points: MetricPoint[] = []
    let pageToken: string | undefined
    // Servers from 3.1.1 page the history; older ones return it whole and no token.
    do {
      const json = await this.call('GET', 'metrics/get-history', {
        run_id: runId,
        metric_key: key,
        max_results: '25000',
        ...(pageToken ? { page_token: pageToken } : {})
      })
      if (!isObject(json)) break
      for (const item of optArray(json, 'metrics')) {
        const point = parseMetricPoint(item)
        if (point !== undefined) {
          points.push({ step: point.step, timestamp: point.timestamp, value: point.value })
        }
      }
      pageToken = optString(json, 'next_page_token') || undefined
    } while (pageToken)
    return points
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const entries = Object.entries(tags).map(([key, value]) => ({ key, value }))
    // log-batch takes at most 100 tags per call.
    for (let i = 0; i < entries.length; i += 100) {
      await this.call('POST', 'runs/log-batch', { run_id: runId, tags: entries.slice(i, i + 100) })
    }
  }

  async close(): Promise<void> {}

  /**
   * Writes files under a run's `mlflow-artifacts:` root through this server's artifact proxy
   * (`PUT /api/2.0/mlflow-artifacts/artifacts/<path>`), as MLflow's client does. False for a
   * root this server does not proxy (another host, or an object store the client writes to).
   */
  async logArtifactFiles(artifactUri: string | undefined, files: ArtifactFile[]): Promise<boolean> {
    const root = proxiedRoot(artifactUri, this.base)
    if (root === undefined) return false
    for (const file of files) {
      const path = [...root, ...file.path.split('/')].map(encodeURIComponent).join('/')
      const url = new URL(`api/2.0/mlflow-artifacts/artifacts/${path}`, this.base)
      const headers = {
        ...this.headers,
        'content-type': 'application/octet-stream',
        'content-length': String(Buffer.byteLength(file.body))
      }
      await this.retrying('mlflow-artifacts', {
        ...this.request('PUT', url, headers),
        body: file.body
      })
    }
    return true
  }

  private request(
    method: HttpRequest['method'],
    url: URL,
    headers: Record<string, string>
  ): HttpRequest {
    return {
      method,
      url,
      headers,
      timeoutMs: this.options.requestTimeoutMs,
      insecureTls: this.options.insecureTls
    }
  }

  /** Calls one endpoint of `/api/2.0/mlflow/`, retrying transient failures. */
  private async call(
    method: 'GET' | 'POST',
    endpoint: string,
    payload: Record<string, unknown>
  ): Promise<unknown> {
    const url = new URL(`api/2.0/mlflow/${endpoint}`, this.base)
    let body: string | undefined
    const headers = { ...this.headers }
    if (method === 'GET') {
      for (const [key, value] of Object.entries(payload)) url.searchParams.set(key, String(value))
    } else {
      body = JSON.stringify(payload)
      headers['content-type'] = 'application/json'
      // A length, not chunked encoding: MLflow's WSGI app reads no chunked request body.
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    return this.retrying(endpoint, { ...this.request(method, url, headers), body })
  }

  /** Sends `request`, retrying transient failures as MLflow's client does. */
  private async retrying(endpoint: string, request: HttpRequest): Promise<unknown> {
    const { notify } = this.options
    return retry(() => this.attempt(endpoint, request), {
      policy: this.options.retry,
      clock: this.clock,
      decide: (error, { backoffMs, now }) => {
        if (!(error instanceof TransientFailure)) return undefined
        const retryAfter =
          error.response === undefined
            ? undefined
            : parseRetryAfterMs(headerValue(error.response.headers['retry-after']), now)
        return Math.max(retryAfter ?? 0, backoffMs)
      },
      onRetry: notify
        ? event => notify(retryMessage(`${this.description} (${endpoint})`, event))
        : undefined,
      giveUp: (error, { attempts, elapsedMs }) => {
        if (!(error instanceof TransientFailure)) return error
        if (error.response !== undefined) return this.apiError(endpoint, error.response, attempts)
        return new MlflowApiError(
          `Cannot reach the ${this.description} (${endpoint}): ${error.message} after ${attempts} attempt(s) in ${Math.round(elapsedMs / 1000)} s. ` +
            'Check that `tracking-uri` is right and that the server is running and reachable from the runner.',
          { endpoint }
        )
      }
    })
  }

  /**
   * One request: the parsed body of a 2xx answer; a TransientFailure for what MLflow's client
   * retries; an MlflowApiError for the rest.
   */
  private async attempt(endpoint: string, request: HttpRequest): Promise<unknown> {
    let response: HttpResponse
    try {
      response = await this.send(request)
    } catch (error) {
      if (error instanceof MlflowApiError) throw error
      const tls = certificateProblem(error)
      if (tls !== undefined) {
        throw new MlflowApiError(
          `The ${this.description} presented a certificate this runner does not trust (${tls}). ` +
            'Add its CA with NODE_EXTRA_CA_CERTS, or, if you trust the server, set MLFLOW_TRACKING_INSECURE_TLS=true.',
          { endpoint }
        )
      }
      throw new TransientFailure(errorMessage(error))
    }
    if (response.status >= 200 && response.status < 300) return parseBody(response.body)
    if (!RETRY_STATUS.has(response.status)) throw this.apiError(endpoint, response)
    throw new TransientFailure(`HTTP ${response.status}`, response)
  }

  private apiError(endpoint: string, response: HttpResponse, attempts = 1): MlflowApiError {
    let errorCode: string | undefined
    let message = response.body.slice(0, 500)
    const json = parseBody(response.body)
    if (isObject(json)) {
      errorCode = optString(json, 'error_code')
      message = optString(json, 'message') ?? message
    }
    let hint = ''
    if (response.status === 401 || response.status === 403) {
      hint = this.options.databricks
        ? ' Check DATABRICKS_TOKEN: a valid token of a user or service principal that may read the experiment, from your repository secrets.'
        : ' Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, from your repository secrets.'
    }
    const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
    return new MlflowApiError(
      `The ${this.description} answered ${endpoint} with HTTP ${response.status}${errorCode ? ` ${errorCode}` : ''}${tries}: ${message}${hint}`,
      { status: response.status, errorCode, endpoint }
    )
  }
}

/** A failed attempt that is retried: no answer (the message says why), or a status in RETRY_STATUS. */
class TransientFailure extends Error {
  constructor(
    message: string,
    readonly response?: HttpResponse
  ) {
    super(message)
  }
}

/** TLS certificate errors are not transient: they are reported at once, not retried. */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

function certificateProblem(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  const code = error.code
  if (typeof code !== 'string' || !CERTIFICATE_ERRORS.has(code)) return undefined
  return `${code}: ${
    errorMessage(error)
      .replace(/^Error: /, '')
      .split(';')[0]
  }`
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function parseBody(body: string): unknown {
  if (body.trim() === '') return {}
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/**
 * The path segments of a `mlflow-artifacts:` root that this server (`base`) proxies:
 * `mlflow-artifacts:/1/<run>/artifacts` (the server that answers), or
 * `mlflow-artifacts://<host>/…` when the host is this server's; else undefined.
 */
export function proxiedRoot(artifactUri: string | undefined, base: URL): string[] | undefined {
  if (artifactUri === undefined || !artifactUri.startsWith('mlflow-artifacts:')) return undefined
  let url: URL
  try {
    url = new URL(artifactUri)
  } catch {
    return undefined
  }
  if (url.host !== '' && url.host !== base.host) return undefined
  const segments = url.pathname.split('/').filter(s => s !== '')
  return segments.length > 0 ? segments.map(decodeURIComponent) : undefined
}
