/**
 * A loopback server that plays GitHub Actions' artifact backend for the real @actions/artifact
 * client: the results service (Twirp JSON: CreateArtifact, FinalizeArtifact, ListArtifacts), the
 * blob storage behind its signed URLs (Azure's Put Block / Put Block List as the Azure SDK sends
 * them, and GET), and the REST routes that read another run's artifacts (`GET /repos/{owner}/
 * {repo}/actions/runs/{run_id}/artifacts` and `GET /repos/{owner}/{repo}/actions/artifacts/{id}/
 * zip`, a 302 to a signed blob URL), served through the loopback GitHub API's `extraRoutes`.
 *
 * A job's ACTIONS_RUNTIME_TOKEN names its workflow run, as the real token's `scp` claim does;
 * `envFor(runId)` gives the variables a runner sets for one.
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface StoredArtifact {
  id: number
  name: string
  workflowRunId: number
  bytes: Buffer
  size: number
  /** sha256:<hex>, as FinalizeArtifact reported it. */
  digest?: string
  finalized: boolean
  createdAt: string
  retentionDays?: number
}

export interface ArtifactService {
  /** The results service (ACTIONS_RESULTS_URL). */
  url: string
  /** ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN of a job in workflow run `runId`. */
  envFor(runId: number): Record<string, string>
  artifacts(): StoredArtifact[]
  /** Changes a stored artifact's bytes after upload (its digest stays: a mismatch). */
  corrupt(id: number): void
  /** Serves the REST routes; false when the request is not one of them. */
  restHandler(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean
  requests: string[]
  stop(): Promise<void>
}

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'
const SIG = randomBytes(8).toString('hex')

function base64url(value: string): string {
  return Buffer.from(value).toString('base64url')
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text)
  })
  res.end(text)
}

/** Azure's answer to a blob write: 201 with the headers its SDK reads. */
function azureCreated(res: http.ServerResponse, extra: Record<string, string> = {}): void {
  res.writeHead(201, {
    'x-ms-request-id': randomBytes(8).toString('hex'),
    'x-ms-version': '2025-01-05',
    'x-ms-request-server-encrypted': 'true',
    date: new Date().toUTCString(),
    'content-length': '0',
    ...extra
  })
  res.end()
}

function azureError(res: http.ServerResponse, status: number, code: string): void {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-ms-error-code': code,
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}

export async function startArtifactService(options: {
  owner: string
  repo: string
}): Promise<ArtifactService> {
  const stored: StoredArtifact[] = []
  const blocks = new Map<number, Map<string, Buffer>>()
  const requests: string[] = []
  let nextId = 9000
  let url = ''

  const runOf = (backendId: unknown): number | undefined => {
    const match = typeof backendId === 'string' ? /^run-(\d+)$/.exec(backendId) : null
    return match ? Number(match[1]) : undefined
  }
  const signed = (a: StoredArtifact, expiresInMs = 60_000): string =>
    `${url}/blob/${a.id}/${encodeURIComponent(a.name)}.zip?sig=${SIG}&se=${Date.now() + expiresInMs}`
  const restJson = (a: StoredArtifact) => ({
    id: a.id,
    node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
    name: a.name,
    size_in_bytes: a.size,
    url: `${url}/repos/${options.owner}/${options.repo}/actions/artifacts/${a.id}`,
    archive_download_url: `${url}/repos/${options.owner}/${options.repo}/actions/artifacts/${a.id}/zip`,
    expired: false,
    digest: a.digest ?? null,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    expires_at: new Date(
      Date.parse(a.createdAt) + (a.retentionDays ?? 90) * 86_400_000
    ).toISOString(),
    workflow_run: { id: a.workflowRunId }
  })

  async function twirp(
    method: string,
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    if (!/^Bearer .+/.test(req.headers.authorization ?? '')) {
      return json(res, 401, { code: 'unauthenticated', msg: 'missing bearer token' })
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>
    } catch {
      return json(res, 400, { code: 'malformed', msg: 'the request body is not JSON' })
    }
    const runId = runOf(body['workflow_run_backend_id'])
    if (runId === undefined) {
      return json(res, 400, { code: 'invalid_argument', msg: 'unknown workflow_run_backend_id' })
    }
    const name = typeof body['name'] === 'string' ? body['name'] : ''
    if (method === 'CreateArtifact') {
      if (stored.some(a => a.workflowRunId === runId && a.name === name && a.finalized)) {
        return json(res, 409, {
          code: 'already_exists',
          msg: `an artifact named ${name} already exists`
        })
      }
      const expiresAt =
        typeof body['expires_at'] === 'string' ? Date.parse(body['expires_at']) : NaN
      const artifact: StoredArtifact = {
        id: nextId++,
        name,
        workflowRunId: runId,
        bytes: Buffer.alloc(0),
        size: 0,
        finalized: false,
        createdAt: new Date().toISOString(),
        retentionDays: Number.isNaN(expiresAt)
          ? undefined
          : Math.round((expiresAt - Date.now()) / 86_400_000)
      }
      stored.push(artifact)
      return json(res, 200, { ok: true, signed_upload_url: signed(artifact) })
    }
    if (method === 'FinalizeArtifact') {
      const artifact = stored.find(
        a => a.workflowRunId === runId && a.name === name && !a.finalized
      )
      if (artifact === undefined)
        return json(res, 404, { code: 'not_found', msg: 'no artifact to finalize' })
      artifact.finalized = true
      artifact.size = Number(body['size'] ?? 0)
      artifact.digest = typeof body['hash'] === 'string' ? body['hash'] : undefined
      return json(res, 200, { ok: true, artifact_id: String(artifact.id) })
    }
    if (method === 'ListArtifacts') {
      const list = stored.filter(a => a.workflowRunId === runId && a.finalized)
      return json(res, 200, {
        artifacts: list.map(a => ({
          workflow_run_backend_id: `run-${runId}`,
          workflow_job_run_backend_id: 'job',
          database_id: String(a.id),
          name: a.name,
          size: String(a.size),
          created_at: a.createdAt,
          digest: a.digest
        }))
      })
    }
    return json(res, 404, { code: 'bad_route', msg: `no handler for ${method}` })
  }

  async function blob(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: URL
  ): Promise<void> {
    const id = Number(/^\/blob\/(\d+)\//.exec(target.pathname)?.[1])
    const artifact = stored.find(a => a.id === id)
    if (target.searchParams.get('sig') !== SIG) return azureError(res, 403, 'AuthenticationFailed')
    if (Number(target.searchParams.get('se')) < Date.now())
      return azureError(res, 403, 'AuthenticationFailed')
    if (artifact === undefined) return azureError(res, 404, 'BlobNotFound')
    const comp = target.searchParams.get('comp')
    if (req.method === 'PUT') {
      const body = await readBody(req)
      if (comp === 'block') {
        const blockId = target.searchParams.get('blockid') ?? ''
        const list = blocks.get(id) ?? new Map<string, Buffer>()
        list.set(blockId, body)
        blocks.set(id, list)
        return azureCreated(res, { 'content-md5': createHash('md5').update(body).digest('base64') })
      }
      if (comp === 'blocklist') {
        const ids = [
          ...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)
        ].map(m => m[1] ?? '')
        const parts = blocks.get(id) ?? new Map<string, Buffer>()
        if (ids.some(b => !parts.has(b))) return azureError(res, 400, 'InvalidBlockList')
        artifact.bytes = Buffer.concat(ids.map(b => parts.get(b) as Buffer))
        blocks.delete(id)
        return azureCreated(res, {
          etag: `"0x${randomBytes(6).toString('hex')}"`,
          'last-modified': new Date().toUTCString()
        })
      }
      artifact.bytes = body
      return azureCreated(res, {
        etag: `"0x${randomBytes(6).toString('hex')}"`,
        'last-modified': new Date().toUTCString()
      })
    }
    if (req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': artifact.bytes.length,
        'x-ms-request-id': randomBytes(8).toString('hex')
      })
      res.end(artifact.bytes)
      return
    }
    azureError(res, 405, 'UnsupportedHttpVerb')
  }

  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', url)
    requests.push(`${req.method} ${target.pathname}`)
    const handle = async (): Promise<void> => {
      if (req.method === 'POST' && target.pathname.startsWith(SERVICE)) {
        return twirp(target.pathname.slice(SERVICE.length), req, res)
      }
      if (target.pathname.startsWith('/blob/')) return blob(req, res, target)
      json(res, 404, { code: 'bad_route', msg: 'not found' })
    }
    handle().catch((error: unknown) => json(res, 500, { code: 'internal', msg: String(error) }))
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const restBase = `/repos/${options.owner}/${options.repo}/actions/`
  return {
    url,
    envFor: runId => ({
      ACTIONS_RESULTS_URL: `${url}/`,
      ACTIONS_RUNTIME_TOKEN: [
        base64url(JSON.stringify({ alg: 'none', typ: 'JWT' })),
        base64url(
          JSON.stringify({ scp: `Actions.GenericRead Actions.Results:run-${runId}:job-${runId}` })
        ),
        'unsigned'
      ].join('.')
    }),
    artifacts: () => stored.filter(a => a.finalized),
    corrupt(id) {
      const artifact = stored.find(a => a.id === id)
      if (artifact === undefined) throw new Error(`no artifact ${id}`)
      const bytes = Buffer.from(artifact.bytes)
      const middle = Math.floor(bytes.length / 2)
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff
      artifact.bytes = bytes
    },
    restHandler(req, res, target) {
      if (req.method !== 'GET' || !target.pathname.startsWith(restBase)) return false
      const rest = target.pathname.slice(restBase.length)
      const list = /^runs\/(\d+)\/artifacts$/.exec(rest)
      if (list) {
        const name = target.searchParams.get('name')
        const found = stored.filter(
          a => a.finalized && a.workflowRunId === Number(list[1]) && (!name || a.name === name)
        )
        json(res, 200, { total_count: found.length, artifacts: found.map(restJson) })
        return true
      }
      const zip = /^artifacts\/(\d+)\/zip$/.exec(rest)
      if (zip) {
        const artifact = stored.find(a => a.finalized && a.id === Number(zip[1]))
        if (artifact === undefined) {
          json(res, 404, {
            message: 'Not Found',
            documentation_url:
              'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
            status: '404'
          })
          return true
        }
        res.writeHead(302, { location: signed(artifact), 'content-length': '0' })
        res.end()
        return true
      }
      return false
    },
    requests,
    stop: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
