/**
 * A loopback server that plays GitHub Actions' artifact backend for the real @actions/artifact
 * client (6.x), over HTTP, no more leniently than the real one:
 *
 * - the results service: Twirp JSON (`POST /twirp/github.actions.results.api.v1.ArtifactService/
 *   <Method>`: CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL,
 *   DeleteArtifact), authorised by the job's ACTIONS_RUNTIME_TOKEN, which reaches only its own
 *   workflow run and writes only as its own job; FinalizeArtifact refuses a size or hash that is
 *   not the committed blob's; errors as Twirp sends them (`{ code, msg }` with the code's HTTP
 *   status);
 * - the blob storage behind its signed URLs, as Azure Blob Storage answers the Azure SDK (Put
 *   Block, Put Block List, Put Blob, Get Blob), with SAS-like signatures that expire (403
 *   AuthenticationFailed) and XML errors;
 * - the REST routes that read artifacts of any run (`GET /repos/{owner}/{repo}/actions/runs/
 *   {run_id}/artifacts`, paginated and filtered by name, `GET …/actions/artifacts/{id}` and
 *   `GET …/actions/artifacts/{id}/zip`, a 302 to a signed blob URL, 410 once expired).
 *   `restHandler` serves them through the loopback GitHub API's `extraRoutes`, which checks the
 *   token and its `actions: read` first.
 *
 * A job's ACTIONS_RUNTIME_TOKEN names its workflow run and job by backend ids, as the real
 * token's `scp` claim does (`Actions.Results:<run backend id>:<job backend id>`). Artifacts belong
 * to the numeric workflow run id that the test maps a backend id to (`env(runId)`, or
 * `options.runs`). The clock can be injected, so that signed URLs, tokens and artifacts expire;
 * `expire` ends an artifact's retention at once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import { serveOnLoopback } from './loopback.js'
import { pageOf } from './github-pages.js'

export interface StoredArtifact {
  id: number
  name: string
  workflowRunId: number
  workflowRunBackendId: string
  workflowJobRunBackendId: string
  /** The committed blob (empty until the upload commits; changed by `corrupt`). */
  bytes: Buffer
  /** The size FinalizeArtifact reported. */
  size: number
  /** `sha256:<hex>`, as FinalizeArtifact reported it (or `setDigest` set it). */
  digest?: string
  /** The blob's content type, as the upload set it. */
  contentType: string
  finalized: boolean
  createdAt: string
  expiresAt: string
  /** The retention the upload asked for, in whole days; undefined for the default (90). */
  retentionDays?: number
}

/** A job of a workflow run; backend ids are derived from `workflowRunId` when left out. */
export interface RunIds {
  workflowRunId: number
  workflowRunBackendId?: string
  workflowJobRunBackendId?: string
}

/** An artifact: its id, its name (when one run has it), or its name in a run. */
export type ArtifactRef = number | string | { name: string; workflowRunId: number }

export interface ArtifactServiceOptions {
  /** The repository the REST routes answer for; any repository when absent. */
  owner?: string
  repo?: string
  /** Workflow run backend ids the service knows, mapped to workflow run ids. */
  runs?: Record<string, number>
  /** Milliseconds since the epoch (default `Date.now`): signed URLs, tokens, retention. */
  clock?: () => number
  /** How long a signed blob URL is valid (default one hour). */
  signedUrlTtlMs?: number
  /** The id of the first artifact (default 9000); ids are shared by all runs. */
  firstArtifactId?: number
}

export interface ArtifactService {
  /** The results service base (ACTIONS_RESULTS_URL), e.g. `http://127.0.0.1:PORT`. */
  url: string
  /** The blob storage base, under which signed URLs point. */
  blobUrl: string
  /**
   * The variables the runner gives a job of workflow run `run`: ACTIONS_RESULTS_URL,
   * ACTIONS_RUNTIME_TOKEN (an unsigned JWT), GITHUB_SERVER_URL, GITHUB_RUN_ID and, with
   * `options.owner` and `repo`, GITHUB_REPOSITORY. Registers the run's backend id.
   */
  env(run: number | RunIds): Record<string, string>
  /** ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN only, for a job of workflow run `runId`. */
  envFor(runId: number): Record<string, string>
  /** The finalized artifacts (deleted ones left out), oldest first; copies of the records. */
  artifacts(): StoredArtifact[]
  /**
   * Changes one byte of a stored blob, its recorded digest unchanged. 'middle' inverts its
   * middle byte (in a large stored zip entry the archive still unpacks, to different bytes; in
   * compressed data it may not unpack at all). 'zip-header' changes its first entry's
   * modification time (bytes 10-11), which nothing in unpacking checks: whatever the archive
   * holds, it unpacks, and only the digest tells.
   */
  corrupt(ref: ArtifactRef, where?: 'middle' | 'zip-header'): void
  /** Ends an artifact's retention now: GitHub lists it as expired, and no longer serves it. */
  expire(ref: ArtifactRef): void
  /** Replaces the digest the services report (undefined: none). */
  setDigest(ref: ArtifactRef, digest: string | undefined): void
  /** Serves the REST routes; false when the request is not one of them. */
  restHandler(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean
  /**
   * Every request, in order, as `METHOD /path`, with the blob operation (`?comp=block`,
   * `?comp=blocklist`) and without signatures.
   */
  requests: string[]
  close(): Promise<void>
  /** The same as `close`. */
  stop(): Promise<void>
}

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'
const AZURE_VERSION = '2025-01-05'
const DAY_MS = 86_400_000
const DEFAULT_RETENTION_DAYS = 90
const REPOSITORY_ID = 123456789
const REST_DOCS = 'https://docs.github.com/rest/actions/artifacts'

/** The HTTP status of each Twirp error code. */
const TWIRP_STATUS: Record<string, number> = {
  malformed: 400,
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  internal: 500,
  unimplemented: 501
}

type FieldKind = 'string' | 'int32' | 'int64' | 'timestamp'

const IDS: Record<string, FieldKind> = {
  workflow_run_backend_id: 'string',
  workflow_job_run_backend_id: 'string'
}

/** The fields of each request message (proto names; wrappers are their plain JSON values). */
const MESSAGES: Record<string, Record<string, FieldKind>> = {
  CreateArtifact: {
    ...IDS,
    name: 'string',
    expires_at: 'timestamp',
    version: 'int32',
    mime_type: 'string'
  },
  FinalizeArtifact: { ...IDS, name: 'string', size: 'int64', hash: 'string' },
  ListArtifacts: { ...IDS, name_filter: 'string', id_filter: 'int64' },
  GetSignedArtifactURL: { ...IDS, name: 'string' },
  DeleteArtifact: { ...IDS, name: 'string' }
}

interface TwirpRequest {
  strings: Map<string, string>
  numbers: Map<string, number>
}

/** An error Twirp answers with; thrown by the methods. */
class TwirpError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** An error Azure Blob Storage answers with; thrown by the blob routes. */
class AzureError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: string
  ) {
    super(message)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `workflowRunBackendId` → `workflow_run_backend_id` (protojson accepts both). */
function protoName(key: string): string {
  return key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`)
}

/** A request body checked as protojson reads it into the method's message. */
function parseTwirpRequest(method: string, text: string): TwirpRequest {
  const fields = new Map(Object.entries(MESSAGES[method] ?? {}))
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new TwirpError('malformed', `failed to parse request json: ${String(error)}`)
  }
  if (!isObject(raw)) {
    throw new TwirpError('malformed', 'failed to parse request json: not a JSON object')
  }
  const parsed: TwirpRequest = { strings: new Map(), numbers: new Map() }
  for (const [key, value] of Object.entries(raw)) {
    const name = protoName(key)
    const kind = fields.get(name)
    const bad = (): TwirpError =>
      new TwirpError(
        'malformed',
        `failed to parse request json: invalid value for ${kind} field ${name}: ${JSON.stringify(value)}`
      )
    if (kind === undefined) {
      throw new TwirpError('malformed', `failed to parse request json: unknown field "${key}"`)
    }
    if (value === null) continue
    if (kind === 'string') {
      if (typeof value !== 'string') throw bad()
      parsed.strings.set(name, value)
    } else if (kind === 'timestamp') {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN
      if (!/^\d{4}-\d\d-\d\dT/.test(String(value)) || Number.isNaN(ms)) throw bad()
      parsed.numbers.set(name, ms)
    } else {
      const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value
      if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw bad()
      if (kind === 'int32' && Math.abs(number) > 2 ** 31) throw bad()
      parsed.numbers.set(name, number)
    }
  }
  return parsed
}

/** A backend id (a GUID) for workflow run `runId` (`kind` 1) or one of its jobs (2). */
function backendId(runId: number, kind: 1 | 2): string {
  const hex = runId.toString(16).padStart(12, '0')
  return `${kind === 1 ? 'a0a0a0a0' : 'b0b0b0b0'}-0000-4000-8000-${hex}`
}

function base64url(value: string): string {
  return Buffer.from(value).toString('base64url')
}

/** The `Actions.Results` backend ids of a bearer token, if it is a live runtime token. */
function tokenScope(
  authorization: string | undefined,
  now: number
): { run: string; job: string } | string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (bearer === undefined) return 'no bearer token'
  const payload = bearer.split('.')[1] ?? ''
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return 'the token is not a JWT'
  }
  if (!isObject(claims)) return 'the token is not a JWT'
  if (typeof claims['exp'] === 'number' && claims['exp'] * 1000 <= now) return 'the token expired'
  const scopes = typeof claims['scp'] === 'string' ? claims['scp'].split(' ') : []
  for (const scope of scopes) {
    const parts = scope.split(':')
    if (parts[0] === 'Actions.Results' && parts.length === 3) {
      return { run: parts[1] ?? '', job: parts[2] ?? '' }
    }
  }
  return 'the token has no Actions.Results scope'
}

/** GitHub's timestamps have whole seconds. */
function githubTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z')
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers
  })
  res.end(text)
}

function sendTwirpError(res: http.ServerResponse, error: TwirpError): void {
  sendJson(res, TWIRP_STATUS[error.code] ?? 500, { code: error.code, msg: error.message })
}

export async function startArtifactService(
  options: ArtifactServiceOptions = {}
): Promise<ArtifactService> {
  const clock = options.clock ?? Date.now
  const ttl = options.signedUrlTtlMs ?? 3_600_000
  const secret = randomBytes(32)
  const runs = new Map<string, number>(Object.entries(options.runs ?? {}))
  /** Every artifact, pending and finalized; deleted ones are removed. */
  const stored: Array<StoredArtifact & { fileName: string; etag: string; modified: string }> = []
  const uncommitted = new Map<number, Map<string, Buffer>>()
  const committed = new Map<number, Map<string, Buffer>>()
  const requests: string[] = []
  let nextId = options.firstArtifactId ?? 9000
  let url = ''

  const iso = (ms = clock()): string => new Date(ms).toISOString()
  const expired = (a: StoredArtifact): boolean => Date.parse(a.expiresAt) <= clock()
  const newEtag = (): string => `"0x8DD${randomBytes(6).toString('hex').toUpperCase()}"`
  const requestId = (): string =>
    `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-0000-0000-${randomBytes(6).toString('hex')}`

  // ---- signed blob URLs --------------------------------------------------------------------

  const signature = (path: string, sp: string, se: string, rscd: string): string =>
    createHmac('sha256', secret).update(`${sp}\n${se}\n${path}\n${rscd}`).digest('base64')
  const blobPath = (a: { id: number; fileName: string }): string =>
    `/blob/${a.id}/${encodeURIComponent(a.fileName)}`
  /** A URL like a SAS URL: read (`r`, with a content disposition) or create and write (`cw`). */
  const signedUrl = (a: { id: number; fileName: string }, sp: 'r' | 'cw'): string => {
    const path = blobPath(a)
    const se = new Date(clock() + ttl).toISOString().replace(/\.\d+Z$/, 'Z')
    const rscd =
      sp === 'r'
        ? `attachment; filename="${a.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`
        : ''
    const query = new URLSearchParams({ sv: AZURE_VERSION, se, sr: 'b', sp })
    if (rscd) query.set('rscd', rscd)
    query.set('sig', signature(path, sp, se, rscd))
    return `${url}${path}?${query.toString()}`
  }
  /** Checks a request's signature, expiry and permission as Azure checks a SAS. */
  const checkSas = (target: URL, permission: 'r' | 'w'): void => {
    const q = target.searchParams
    const sig = q.get('sig')
    const se = q.get('se') ?? ''
    const sp = q.get('sp') ?? ''
    const failed =
      'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'
    if (sig === null || !q.get('se') || !sp) {
      throw new AzureError(403, 'AuthenticationFailed', failed, 'Signature fields not well formed.')
    }
    const expected = Buffer.from(signature(target.pathname, sp, se, q.get('rscd') ?? ''))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AzureError(403, 'AuthenticationFailed', failed, 'Signature did not match.')
    }
    if (Date.parse(se) <= clock()) {
      throw new AzureError(
        403,
        'AuthenticationFailed',
        failed,
        `Signed expiry time [${new Date(se).toUTCString()}] has to be after current time [${new Date(clock()).toUTCString()}]`
      )
    }
    if (!sp.includes(permission)) {
      throw new AzureError(
        403,
        'AuthorizationPermissionMismatch',
        'This request is not authorized to perform this operation using this permission.'
      )
    }
  }

  // ---- the results service (Twirp) ------------------------------------------------------------

  const runOf = (runBackendId: string): number => {
    const runId = runs.get(runBackendId)
    if (runId === undefined) {
      throw new TwirpError(
        'not_found',
        `workflow run ${runBackendId} not found (map it to a run id with env() or options.runs)`
      )
    }
    return runId
  }
  const required = (request: TwirpRequest, field: string): string => {
    const value = request.strings.get(field)
    if (!value) throw new TwirpError('invalid_argument', `${field}: value is required`)
    return value
  }

  function twirpMethod(
    method: string,
    request: TwirpRequest,
    scope: { run: string; job: string }
  ): unknown {
    const runBackendId = required(request, 'workflow_run_backend_id')
    const jobBackendId = required(request, 'workflow_job_run_backend_id')
    // A job writes artifacts as itself, and reads and deletes those of its whole run.
    const writes = method === 'CreateArtifact' || method === 'FinalizeArtifact'
    if (runBackendId !== scope.run || (writes && jobBackendId !== scope.job)) {
      throw new TwirpError(
        'permission_denied',
        'the token does not grant access to this workflow run or job'
      )
    }
    const runId = runOf(runBackendId)
    const live = stored.filter(a => a.workflowRunId === runId && a.finalized && !expired(a))

    if (method === 'CreateArtifact') {
      const name = required(request, 'name')
      if (live.some(a => a.name === name)) {
        throw new TwirpError(
          'already_exists',
          'an artifact with this name already exists on the workflow run'
        )
      }
      const now = clock()
      const expiresAt = request.numbers.get('expires_at')
      if (expiresAt !== undefined && expiresAt <= now) {
        throw new TwirpError('invalid_argument', 'expires_at: must be in the future')
      }
      // A pending upload of the same name is replaced.
      const pending = stored.findIndex(
        a => a.workflowRunId === runId && a.name === name && !a.finalized
      )
      if (pending >= 0) stored.splice(pending, 1)
      const mimeType = request.strings.get('mime_type') ?? 'application/zip'
      const zip = mimeType === 'application/zip' && !name.toLowerCase().endsWith('.zip')
      const artifact = {
        id: nextId++,
        name,
        workflowRunId: runId,
        workflowRunBackendId: runBackendId,
        workflowJobRunBackendId: jobBackendId,
        bytes: Buffer.alloc(0),
        size: 0,
        contentType: 'application/octet-stream',
        finalized: false,
        createdAt: iso(now),
        expiresAt: iso(expiresAt ?? now + DEFAULT_RETENTION_DAYS * DAY_MS),
        retentionDays: expiresAt === undefined ? undefined : Math.round((expiresAt - now) / DAY_MS),
        fileName: zip ? `${name}.zip` : name,
        etag: '',
        modified: ''
      }
      stored.push(artifact)
      return { ok: true, signed_upload_url: signedUrl(artifact, 'cw') }
    }

    if (method === 'FinalizeArtifact') {
      const name = required(request, 'name')
      const artifact = stored.find(
        a =>
          a.workflowRunId === runId &&
          a.workflowJobRunBackendId === jobBackendId &&
          a.name === name &&
          !a.finalized
      )
      if (artifact === undefined) {
        if (live.some(a => a.name === name)) {
          throw new TwirpError('failed_precondition', 'the artifact is already finalized')
        }
        throw new TwirpError('not_found', 'artifact not found')
      }
      if (!committed.has(artifact.id)) {
        throw new TwirpError('failed_precondition', 'the artifact has no uploaded content')
      }
      // The size and hash the client reports must be those of the blob it committed.
      const size = request.numbers.get('size')
      if (size !== artifact.bytes.length) {
        throw new TwirpError(
          'invalid_argument',
          `size: ${size ?? 'none'} is not the size of the uploaded blob (${artifact.bytes.length} bytes)`
        )
      }
      const hash = request.strings.get('hash')
      const actual = `sha256:${createHash('sha256').update(artifact.bytes).digest('hex')}`
      if (hash !== undefined && hash !== actual) {
        throw new TwirpError(
          'invalid_argument',
          `hash: ${hash} is not the hash of the uploaded blob (${actual})`
        )
      }
      artifact.finalized = true
      artifact.size = size
      artifact.digest = hash
      return { ok: true, artifact_id: String(artifact.id) }
    }

    if (method === 'ListArtifacts') {
      const nameFilter = request.strings.get('name_filter')
      const idFilter = request.numbers.get('id_filter')
      const found = live.filter(
        a =>
          (nameFilter === undefined || a.name === nameFilter) &&
          (idFilter === undefined || a.id === idFilter)
      )
      return {
        artifacts: found.map(a => ({
          workflow_run_backend_id: a.workflowRunBackendId,
          workflow_job_run_backend_id: a.workflowJobRunBackendId,
          database_id: String(a.id),
          name: a.name,
          size: String(a.size),
          created_at: a.createdAt,
          ...(a.digest === undefined ? {} : { digest: a.digest })
        }))
      }
    }

    if (method === 'GetSignedArtifactURL') {
      const name = required(request, 'name')
      const artifact = live.find(a => a.name === name)
      if (artifact === undefined) throw new TwirpError('not_found', 'artifact not found')
      return { signed_url: signedUrl(artifact, 'r') }
    }

    // DeleteArtifact
    const name = required(request, 'name')
    const artifact = live.find(a => a.name === name)
    if (artifact === undefined) throw new TwirpError('not_found', 'artifact not found')
    stored.splice(stored.indexOf(artifact), 1)
    committed.delete(artifact.id)
    return { ok: true, artifact_id: String(artifact.id) }
  }

  function twirp(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: URL,
    body: Buffer
  ): void {
    const route = `${req.method ?? ''} ${target.pathname}`
    const method = target.pathname.slice(SERVICE.length)
    if (!target.pathname.startsWith(SERVICE) || !Object.hasOwn(MESSAGES, method)) {
      throw new TwirpError('bad_route', `no handler for path "${target.pathname}"`)
    }
    if (req.method !== 'POST') {
      throw new TwirpError(
        'bad_route',
        `unsupported method "${req.method ?? ''}" (only POST is allowed): ${route}`
      )
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (contentType !== 'application/json') {
      throw new TwirpError(
        'bad_route',
        contentType === 'application/protobuf'
          ? 'this fake speaks only Twirp JSON, not protobuf'
          : `unexpected Content-Type: "${req.headers['content-type'] ?? ''}"`
      )
    }
    const scope = tokenScope(req.headers.authorization, clock())
    if (typeof scope === 'string') throw new TwirpError('unauthenticated', scope)
    const request = parseTwirpRequest(method, body.toString('utf8'))
    sendJson(res, 200, twirpMethod(method, request, scope))
  }

  // ---- blob storage (Azure) -------------------------------------------------------------------

  const azureHeaders = (req: http.IncomingMessage): Record<string, string> => {
    const headers: Record<string, string> = {
      'x-ms-request-id': requestId(),
      'x-ms-version': AZURE_VERSION,
      date: new Date(clock()).toUTCString()
    }
    const clientId = req.headers['x-ms-client-request-id']
    if (typeof clientId === 'string') headers['x-ms-client-request-id'] = clientId
    return headers
  }

  const commit = (
    artifact: (typeof stored)[number],
    bytes: Buffer,
    contentType: string | undefined
  ): void => {
    artifact.bytes = bytes
    artifact.contentType = contentType || 'application/octet-stream'
    artifact.etag = newEtag()
    artifact.modified = new Date(clock()).toUTCString()
  }

  function blob(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: URL,
    body: Buffer
  ): void {
    const method = req.method ?? 'GET'
    checkSas(target, method === 'PUT' ? 'w' : 'r')
    const id = Number(/^\/blob\/(\d+)\/[^/]+$/.exec(target.pathname)?.[1])
    const artifact = stored.find(a => a.id === id && blobPath(a) === target.pathname)
    const notFound = new AzureError(404, 'BlobNotFound', 'The specified blob does not exist.')
    const comp = target.searchParams.get('comp')
    const headerOf = (name: string): string | undefined => {
      const value = req.headers[name]
      return typeof value === 'string' ? value : undefined
    }

    if (method === 'PUT') {
      if (artifact === undefined) throw notFound
      if (artifact.finalized) {
        throw new AzureError(
          409,
          'BlobImmutableDueToPolicy',
          'This operation is not permitted as the blob is immutable due to a policy.'
        )
      }
      const created = (extra: Record<string, string> = {}): void => {
        res.writeHead(201, {
          ...azureHeaders(req),
          'x-ms-request-server-encrypted': 'true',
          'content-length': '0',
          ...extra
        })
        res.end()
      }
      if (comp === 'block') {
        const blockId = target.searchParams.get('blockid') ?? ''
        const decoded = Buffer.from(blockId, 'base64')
        const blocks = uncommitted.get(id) ?? new Map<string, Buffer>()
        const sameLength = [...blocks.keys()].every(b => b.length === blockId.length)
        if (!blockId || decoded.toString('base64') !== blockId || decoded.length > 64) {
          throw new AzureError(
            400,
            'InvalidQueryParameterValue',
            'Value for one of the query parameters specified in the request URI is invalid.'
          )
        }
        if (!sameLength) {
          throw new AzureError(
            400,
            'InvalidBlobOrBlock',
            'The specified blob or block content is invalid.'
          )
        }
        blocks.set(blockId, body)
        uncommitted.set(id, blocks)
        created({ 'content-md5': createHash('md5').update(body).digest('base64') })
        return
      }
      if (comp === 'blocklist') {
        const staged = uncommitted.get(id) ?? new Map<string, Buffer>()
        const previous = committed.get(id) ?? new Map<string, Buffer>()
        const parts: Array<[string, Buffer]> = []
        for (const [, kind, blockId = ''] of body
          .toString('utf8')
          .matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)) {
          const part =
            kind === 'Committed'
              ? previous.get(blockId)
              : kind === 'Uncommitted'
                ? staged.get(blockId)
                : (staged.get(blockId) ?? previous.get(blockId))
          if (part === undefined) {
            throw new AzureError(400, 'InvalidBlockList', 'The specified block list is invalid.')
          }
          parts.push([blockId, part])
        }
        commit(
          artifact,
          Buffer.concat(parts.map(([, part]) => part)),
          headerOf('x-ms-blob-content-type')
        )
        committed.set(id, new Map(parts))
        uncommitted.delete(id)
        created({ etag: artifact.etag, 'last-modified': artifact.modified })
        return
      }
      if (comp !== null) {
        throw new AzureError(
          400,
          'InvalidQueryParameterValue',
          'Value for one of the query parameters specified in the request URI is invalid.'
        )
      }
      if (headerOf('x-ms-blob-type') !== 'BlockBlob') {
        throw new AzureError(
          400,
          'MissingRequiredHeader',
          'An HTTP header that is mandatory for this request is not specified.'
        )
      }
      commit(artifact, body, headerOf('x-ms-blob-content-type') ?? headerOf('content-type'))
      committed.set(id, new Map())
      uncommitted.delete(id)
      created({
        etag: artifact.etag,
        'last-modified': artifact.modified,
        'content-md5': createHash('md5').update(body).digest('base64')
      })
      return
    }

    if (method === 'GET' || method === 'HEAD') {
      if (artifact === undefined || !committed.has(id)) throw notFound
      const headers: Record<string, string> = {
        ...azureHeaders(req),
        'content-type': artifact.contentType,
        'content-length': String(artifact.bytes.length),
        'content-md5': createHash('md5').update(artifact.bytes).digest('base64'),
        etag: artifact.etag,
        'last-modified': artifact.modified,
        'accept-ranges': 'bytes',
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-creation-time': new Date(artifact.createdAt).toUTCString(),
        'x-ms-lease-state': 'available',
        'x-ms-lease-status': 'unlocked',
        'x-ms-server-encrypted': 'true'
      }
      const disposition = target.searchParams.get('rscd')
      if (disposition) headers['content-disposition'] = disposition
      res.writeHead(200, headers)
      res.end(method === 'HEAD' ? undefined : artifact.bytes)
      return
    }
    throw new AzureError(
      405,
      'UnsupportedHttpVerb',
      "The resource doesn't support the specified HTTP verb."
    )
  }

  function sendAzureError(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    error: AzureError
  ): void {
    const headers = azureHeaders(req)
    const message = `${error.message}\nRequestId:${headers['x-ms-request-id'] ?? ''}\nTime:${new Date(clock()).toISOString()}`
    const detail =
      error.detail === undefined
        ? ''
        : `<AuthenticationErrorDetail>${error.detail}</AuthenticationErrorDetail>`
    const xml = `\ufeff<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${message}</Message>${detail}</Error>`
    res.writeHead(error.status, error.message.split('.')[0] ?? error.code, {
      ...headers,
      'content-type': 'application/xml',
      'content-length': String(Buffer.byteLength(xml)),
      'x-ms-error-code': error.code
    })
    res.end(req.method === 'HEAD' ? undefined : xml)
  }

  // ---- the REST routes ------------------------------------------------------------------------

  const restJson = (a: StoredArtifact, api: string, owner: string, repo: string) => ({
    id: a.id,
    node_id: Buffer.from(`08:Artifact${a.id}`).toString('base64'),
    name: a.name,
    size_in_bytes: a.size,
    url: `${api}/repos/${owner}/${repo}/actions/artifacts/${a.id}`,
    archive_download_url: `${api}/repos/${owner}/${repo}/actions/artifacts/${a.id}/zip`,
    expired: expired(a),
    digest: a.digest ?? null,
    created_at: githubTime(a.createdAt),
    updated_at: githubTime(a.createdAt),
    expires_at: githubTime(a.expiresAt),
    workflow_run: {
      id: a.workflowRunId,
      repository_id: REPOSITORY_ID,
      head_repository_id: REPOSITORY_ID
    }
  })

  function restHandler(req: http.IncomingMessage, res: http.ServerResponse, target: URL): boolean {
    if (req.method !== 'GET') return false
    const m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(.+)$/.exec(target.pathname)
    if (!m) return false
    const [, owner = '', repo = '', rest = ''] = m
    const ours =
      (options.owner === undefined || options.owner.toLowerCase() === owner.toLowerCase()) &&
      (options.repo === undefined || options.repo.toLowerCase() === repo.toLowerCase())
    const list = /^runs\/(\d+)\/artifacts$/.exec(rest)
    const one = /^artifacts\/(\d+)(?:\/(zip))?$/.exec(rest)
    if (!ours || (!list && !one)) return false
    requests.push(`GET ${target.pathname}`)
    const api = target.origin
    const finalized = stored.filter(a => a.finalized)

    if (list) {
      const name = target.searchParams.get('name')
      const found = finalized.filter(
        a => a.workflowRunId === Number(list[1]) && (!name || a.name === name)
      )
      const { items, headers } = pageOf(found, target)
      sendJson(
        res,
        200,
        { total_count: found.length, artifacts: items.map(a => restJson(a, api, owner, repo)) },
        headers
      )
      return true
    }

    const artifact = finalized.find(a => a.id === Number(one?.[1]))
    if (artifact === undefined) {
      const doc = one?.[2] ? `${REST_DOCS}#download-an-artifact` : `${REST_DOCS}#get-an-artifact`
      sendJson(res, 404, { message: 'Not Found', documentation_url: doc, status: '404' })
      return true
    }
    if (!one?.[2]) {
      sendJson(res, 200, restJson(artifact, api, owner, repo))
      return true
    }
    if (expired(artifact)) {
      sendJson(res, 410, {
        message: 'Artifact has expired',
        documentation_url: `${REST_DOCS}#download-an-artifact`,
        status: '410'
      })
      return true
    }
    res.writeHead(302, { location: signedUrl(artifact, 'r'), 'content-length': '0' })
    res.end()
    return true
  }

  // ---- the server -----------------------------------------------------------------------------

  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', url)
    const comp = target.searchParams.get('comp')
    const isBlob = target.pathname.startsWith('/blob/')
    const handle = async (): Promise<void> => {
      const body = await readBody(req)
      requests.push(
        `${req.method ?? ''} ${target.pathname}${isBlob && comp ? `?comp=${comp}` : ''}`
      )
      // The REST routes are the GitHub API's (restHandler there), which checks the token first.
      if (isBlob) return blob(req, res, target, body)
      return twirp(req, res, target, body)
    }
    handle().catch((error: unknown) => {
      if (res.headersSent) res.destroy()
      else if (error instanceof AzureError) sendAzureError(req, res, error)
      else if (error instanceof TwirpError) sendTwirpError(res, error)
      else sendTwirpError(res, new TwirpError('internal', String(error)))
    })
  })
  const served = await serveOnLoopback(server)
  url = served.url

  const resolve = (ref: ArtifactRef): (typeof stored)[number] => {
    const finalized = stored.filter(a => a.finalized)
    const matches =
      typeof ref === 'number'
        ? finalized.filter(a => a.id === ref)
        : typeof ref === 'string'
          ? finalized.filter(a => a.name === ref)
          : finalized.filter(a => a.name === ref.name && a.workflowRunId === ref.workflowRunId)
    const [match, ...others] = matches
    if (match === undefined) throw new Error(`no artifact ${JSON.stringify(ref)}`)
    if (others.length > 0) {
      throw new Error(
        `${matches.length} artifacts named ${JSON.stringify(ref)} (runs ${matches.map(a => a.workflowRunId).join(', ')}): say which run`
      )
    }
    return match
  }

  const register = (run: RunIds): { run: string; job: string } => {
    const ids = {
      run: run.workflowRunBackendId ?? backendId(run.workflowRunId, 1),
      job: run.workflowJobRunBackendId ?? backendId(run.workflowRunId, 2)
    }
    const known = runs.get(ids.run)
    if (known !== undefined && known !== run.workflowRunId) {
      throw new Error(`backend id ${ids.run} is workflow run ${known}, not ${run.workflowRunId}`)
    }
    runs.set(ids.run, run.workflowRunId)
    return ids
  }
  const runtimeToken = (ids: { run: string; job: string }): string => {
    const now = Math.floor(clock() / 1000)
    const claims = {
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${ids.run}:${ids.job}`,
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vso:00000000-0000-0000-0000-000000000000',
      iat: now,
      nbf: now,
      exp: now + 6 * 3600
    }
    return `${base64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))}.${base64url(JSON.stringify(claims))}.`
  }
  const envFor = (runId: number): Record<string, string> => ({
    ACTIONS_RESULTS_URL: `${url}/`,
    ACTIONS_RUNTIME_TOKEN: runtimeToken(register({ workflowRunId: runId }))
  })
  const close = served.stop

  return {
    url,
    blobUrl: `${url}/blob`,
    env(run) {
      const ids = register(typeof run === 'number' ? { workflowRunId: run } : run)
      const runId = typeof run === 'number' ? run : run.workflowRunId
      return {
        ACTIONS_RESULTS_URL: `${url}/`,
        ACTIONS_RUNTIME_TOKEN: runtimeToken(ids),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: String(runId),
        ...(options.owner && options.repo
          ? { GITHUB_REPOSITORY: `${options.owner}/${options.repo}` }
          : {})
      }
    },
    envFor,
    artifacts: () =>
      stored
        .filter(a => a.finalized)
        .map(a => ({
          id: a.id,
          name: a.name,
          workflowRunId: a.workflowRunId,
          workflowRunBackendId: a.workflowRunBackendId,
          workflowJobRunBackendId: a.workflowJobRunBackendId,
          bytes: a.bytes,
          size: a.size,
          digest: a.digest,
          contentType: a.contentType,
          finalized: a.finalized,
          createdAt: a.createdAt,
          expiresAt: a.expiresAt,
          retentionDays: a.retentionDays
        })),
    corrupt(ref, where = 'middle') {
      const artifact = resolve(ref)
      const bytes = Buffer.from(artifact.bytes)
      if (where === 'zip-header' && bytes.readUInt32LE(0) !== 0x04034b50) {
        throw new Error('corrupt: the artifact is not a zip')
      }
      const at = where === 'zip-header' ? 10 : Math.floor(bytes.length / 2)
      bytes[at] = (bytes[at] ?? 0) ^ 0xff
      commit(artifact, bytes, artifact.contentType)
    },
    expire(ref) {
      resolve(ref).expiresAt = iso()
    },
    setDigest(ref, digest) {
      resolve(ref).digest = digest
    },
    restHandler,
    requests,
    close,
    stop: close
  }
}
