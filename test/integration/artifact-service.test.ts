/**
 * The loopback artifact service (test/support/artifact-service.ts) driven by the real
 * @actions/artifact client over HTTP: uploads in Azure blocks, listing, getting and downloading
 * through the results service, another run's artifacts through the GitHub REST API (the loopback
 * GitHub API serving the service's REST routes), and what the client does with damaged or
 * missing artifacts. The client's own messages are asserted as it writes them (workflow
 * commands on stdout).
 *
 * What @actions/artifact 6.2.1 does, as these tests pin it down:
 * - it checks a download's digest only against `expectedHash`, and a mismatch is no error: the
 *   files are written and the result says `digestMismatch: true` (the caller must refuse them);
 * - it does not check the zip's CRCs, so a changed byte in a stored entry unpacks to other bytes.
 *
 * The service is as strict as GitHub's: a job's runtime token reaches only its own run, a
 * finalized size or hash must be the uploaded blob's, expired artifacts are listed as expired and
 * no longer served, and the REST routes need a token with `actions: read`.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DefaultArtifactClient } from '@actions/artifact'
import { startArtifactService, type ArtifactService } from '../support/artifact-service.js'
import {
  NO_ACTIONS_TOKEN,
  READ_TOKEN,
  startGitHubApiServer,
  WRITE_TOKEN,
  type GitHubApiServer
} from '../support/github-api-server.js'

const OWNER = 'octo-org'
const REPO = 'ml-repo'
/** This job's workflow run. */
const RUN = 4001
/** Another run, read through the REST API. */
const OTHER_RUN = 4002
/** A run with more artifacts than one REST page holds. */
const PAGED_RUN = 4003
const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'
const NO_DIGEST = `sha256:${'0'.repeat(64)}`
const findBy = (workflowRunId: number, token = WRITE_TOKEN) => ({
  token,
  workflowRunId,
  repositoryOwner: OWNER,
  repositoryName: REPO
})

let service: ArtifactService
let github: GitHubApiServer
let client: DefaultArtifactClient
let temp: string
/** Added to the service's clock, to expire signed URLs and artifacts. */
let skew = 0
const savedEnv = new Map<string, string | undefined>()
/** What the client writes on stdout (workflow commands), kept out of Jest's output. */
const stdout: string[] = []
const realWrite = process.stdout.write

/** Sets variables for the client, remembering their values for afterAll. */
function setEnv(vars: Record<string, string>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name])
    process.env[name] = value
  }
}

beforeAll(async () => {
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    stdout.push(String(chunk))
    return true
  }
  service = await startArtifactService({
    owner: OWNER,
    repo: REPO,
    clock: () => Date.now() + skew
  })
  github = await startGitHubApiServer({ extraRoutes: service.restHandler })
  temp = mkdtempSync(path.join(os.tmpdir(), 'care-label-artifact-service-'))
  // @actions/github reads GITHUB_API_URL when it is first imported: import the client after.
  setEnv({ GITHUB_API_URL: github.url, GITHUB_WORKSPACE: temp, ...service.env(RUN) })
  const artifact = await import('@actions/artifact')
  client = new artifact.DefaultArtifactClient()
})

afterAll(async () => {
  process.stdout.write = realWrite
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await service?.close()
  await github?.stop()
  if (temp) rmSync(temp, { recursive: true, force: true })
})

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** Writes `files` (relative path → content) under a new directory; returns it and the paths. */
function folder(label: string, files: Record<string, string | Buffer>) {
  const dir = mkdtempSync(path.join(temp, `${label}-`))
  const paths = Object.entries(files).map(([file, content]) => {
    const full = path.join(dir, file)
    mkdirSync(path.dirname(full), { recursive: true })
    writeFileSync(full, content)
    return full
  })
  return { dir, paths }
}

/** Whether every file of `from` is in `to` with the same bytes. */
function sameFiles(from: string, to: string, files: string[]): Record<string, boolean> {
  return Object.fromEntries(
    files.map(file => {
      const relative = path.relative(from, file)
      return [relative, readFileSync(path.join(to, relative)).equals(readFileSync(file))]
    })
  )
}

/** Runs `call`, and gives what @actions/core wrote meanwhile (info, debug, warning lines). */
async function logged<T>(call: () => Promise<T>): Promise<{ result: Promise<T>; log: string }> {
  const start = stdout.length
  // Octokit logs each failed request with console.error: into the log too, not Jest's output.
  const realError = console.error
  console.error = (...args: unknown[]) => stdout.push(`${args.map(String).join(' ')}\n`)
  try {
    const result = call()
    await result.catch(() => undefined)
    return { result, log: stdout.slice(start).join('') }
  } finally {
    console.error = realError
  }
}

/** Uploads as a job of workflow run `runId`, then is this job (run RUN) again. */
async function uploadAs(runId: number, name: string, files: Record<string, string | Buffer>) {
  const { dir, paths } = folder(name, files)
  setEnv(service.env(runId))
  try {
    return { dir, paths, result: await logged(() => client.uploadArtifact(name, paths, dir)) }
  } finally {
    setEnv(service.env(RUN))
  }
}

/** Uploads in this job (run RUN), its log discarded. */
async function upload(name: string, files: Record<string, string | Buffer>) {
  const { dir, paths } = folder(name, files)
  const { result } = await logged(() => client.uploadArtifact(name, paths, dir))
  return { dir, paths, uploaded: await result }
}

const blobRequests = (id: number) => service.requests.filter(r => r.includes(` /blob/${id}/`))

describe('this run’s artifacts, through the results service', () => {
  it('uploads a folder in 8 MB blocks, then lists, gets and downloads the same bytes', async () => {
    const binary = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256))
    const { dir, paths, uploaded } = await upload('model-store', {
      'metrics.json': '{"accuracy": 0.93}\n',
      'model/weights.bin': binary,
      // 9 MiB that do not compress: a zip of two blocks of the client's 8 MiB.
      'model/big.bin': randomBytes(9 << 20)
    })
    const stored = service.artifacts().find(a => a.name === 'model-store')
    const bytes = stored?.bytes ?? Buffer.alloc(0)
    expect(stored).toMatchObject({
      id: uploaded.id,
      workflowRunId: RUN,
      size: bytes.length,
      digest: `sha256:${sha256(bytes)}`,
      contentType: 'application/zip',
      retentionDays: undefined
    })
    // The upload result's digest is bare hex; the services report it with its `sha256:` prefix.
    expect(uploaded).toEqual({ id: stored?.id, size: bytes.length, digest: sha256(bytes) })
    const id = uploaded.id ?? 0
    expect(blobRequests(id)).toEqual([
      `PUT /blob/${id}/model-store.zip?comp=block`,
      `PUT /blob/${id}/model-store.zip?comp=block`,
      `PUT /blob/${id}/model-store.zip?comp=blocklist`
    ])

    const expected = {
      name: 'model-store',
      id,
      size: bytes.length,
      createdAt: expect.any(Date),
      digest: stored?.digest
    }
    expect(await client.listArtifacts()).toEqual({ artifacts: [expected] })
    const got = await client.getArtifact('model-store')
    expect(got).toEqual({ artifact: expected })

    const into = path.join(temp, 'download-model-store')
    const before = service.requests.length
    const { result, log } = await logged(() =>
      client.downloadArtifact(id, { path: into, expectedHash: got.artifact.digest })
    )
    expect(await result).toEqual({ downloadPath: into, digestMismatch: false })
    expect(log).toContain(`SHA256 digest of downloaded artifact is ${sha256(bytes)}`)
    expect(sameFiles(dir, into, paths)).toEqual({
      'metrics.json': true,
      'model/weights.bin': true,
      'model/big.bin': true
    })
    expect(service.requests.slice(before)).toEqual([
      `POST ${SERVICE}ListArtifacts`,
      `POST ${SERVICE}GetSignedArtifactURL`,
      `GET /blob/${id}/model-store.zip`
    ])
  })

  it('uploads one file as it is (skipArchive), downloads it under its name, deletes it', async () => {
    const html = '<!doctype html><title>report</title>\n'
    const { dir, paths } = folder('raw', { 'report.html': html })
    const { result } = await logged(() =>
      client.uploadArtifact('ignored', paths, dir, { skipArchive: true, retentionDays: 3 })
    )
    const { id = 0 } = await result
    expect(service.artifacts().find(a => a.id === id)).toMatchObject({
      name: 'report.html',
      contentType: 'text/html',
      retentionDays: 3,
      bytes: Buffer.from(html)
    })
    expect(blobRequests(id)).toEqual([
      `PUT /blob/${id}/report.html?comp=block`,
      `PUT /blob/${id}/report.html?comp=blocklist`
    ])
    // Not a zip: saved under the name the blob's Content-Disposition gives.
    const into = path.join(temp, 'download-raw')
    const download = await logged(() => client.downloadArtifact(id, { path: into }))
    expect(await download.result).toEqual({ downloadPath: into, digestMismatch: false })
    expect(download.log).toContain(`Downloading raw file (non-zip) to: ${into}/report.html`)
    expect(readFileSync(path.join(into, 'report.html'), 'utf8')).toBe(html)

    const deleted = await logged(() => client.deleteArtifact('report.html'))
    expect(await deleted.result).toEqual({ id })
    expect(service.artifacts().some(a => a.id === id)).toBe(false)
  })

  it('refuses a second artifact of the same name in the run (409 already_exists)', async () => {
    await upload('once', { 'a.txt': 'a' })
    const { result, log } = await logged(() => upload('once', { 'a.txt': 'b' }))
    await expect(result).rejects.toThrow(
      'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run'
    )
    expect(log).not.toContain('::warning::')
  })
})

describe('another run’s artifacts, through the GitHub REST API (findBy)', () => {
  it('lists, gets and downloads an artifact of another run with the job’s token', async () => {
    const { dir, paths, result } = await uploadAs(OTHER_RUN, 'baseline', {
      'mlflow.db': Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(4096)]),
      'notes/README.md': '# baseline\n'
    })
    const { id = 0 } = await result.result
    const stored = service.artifacts().find(a => a.id === id)
    const expected = {
      name: 'baseline',
      id,
      size: stored?.size,
      createdAt: expect.any(Date),
      digest: stored?.digest
    }
    expect(await client.listArtifacts({ findBy: findBy(OTHER_RUN) })).toEqual({
      artifacts: [expected]
    })
    expect(await client.getArtifact('baseline', { findBy: findBy(OTHER_RUN, READ_TOKEN) })).toEqual(
      { artifact: expected }
    )

    const into = path.join(temp, 'download-baseline')
    const before = github.requests.length
    const { result: download } = await logged(() =>
      client.downloadArtifact(id, {
        path: into,
        expectedHash: stored?.digest,
        findBy: findBy(OTHER_RUN)
      })
    )
    expect(await download).toEqual({ downloadPath: into, digestMismatch: false })
    expect(sameFiles(dir, into, paths)).toEqual({ 'mlflow.db': true, 'notes/README.md': true })
    const base = `/repos/${OWNER}/${REPO}/actions`
    expect(github.requests.slice(before).map(r => `${r.method} ${r.path}`)).toEqual([
      `GET ${base}/artifacts/${id}/zip`
    ])
    expect(github.requests.map(r => ({ path: r.path, query: r.query }))).toEqual(
      expect.arrayContaining([
        { path: `${base}/runs/${OTHER_RUN}/artifacts`, query: { per_page: '100', page: '1' } },
        { path: `${base}/runs/${OTHER_RUN}/artifacts`, query: { name: 'baseline' } }
      ])
    )

    // Without findBy the client looks in this job's run only.
    const own = await logged(() => client.downloadArtifact(id, { path: into }))
    await expect(own.result).rejects.toThrow(
      `No artifacts found for ID: ${id}\nAre you trying to download from a different run? Try specifying a github-token with \`actions:read\` scope.`
    )
  })

  it('follows GitHub’s pages of 100 through 101 artifacts of a run', async () => {
    setEnv(service.env(PAGED_RUN))
    try {
      for (let i = 0; i < 101; i++) {
        const { dir, paths } = folder(`paged-${i}`, { 'i.txt': String(i) })
        await (
          await logged(() => client.uploadArtifact(`part-${i}`, paths, dir))
        ).result
      }
    } finally {
      setEnv(service.env(RUN))
    }
    const before = github.requests.length
    const { artifacts } = await client.listArtifacts({ findBy: findBy(PAGED_RUN) })
    expect(artifacts.map(a => a.name)).toEqual(Array.from({ length: 101 }, (_, i) => `part-${i}`))
    expect(github.requests.slice(before).map(r => r.query)).toEqual([
      { per_page: '100', page: '1' },
      { per_page: '100', page: '2' }
    ])
    const page2 = github.requests.at(-1)
    expect(page2?.path).toBe(`/repos/${OWNER}/${REPO}/actions/runs/${PAGED_RUN}/artifacts`)
  })

  it('a token GitHub does not know gets 401 Bad credentials', async () => {
    const { result, log } = await logged(() =>
      client.listArtifacts({ findBy: findBy(OTHER_RUN, 'ghs_unknown') })
    )
    await expect(result).rejects.toMatchObject({ status: 401, message: /^Bad credentials/ })
    expect(log).not.toContain('::warning::')
  })
})

describe('damaged artifacts', () => {
  it('a wrong digest: downloadArtifact resolves with digestMismatch, with no error or warning', async () => {
    const { dir, paths } = await upload('wrong-digest', { 'a.txt': 'intact\n' })
    service.setDigest({ name: 'wrong-digest', workflowRunId: RUN }, NO_DIGEST)
    const { artifact } = await client.getArtifact('wrong-digest')
    expect(artifact.digest).toBe(NO_DIGEST)

    const into = path.join(temp, 'download-wrong-digest')
    const { result, log } = await logged(() =>
      client.downloadArtifact(artifact.id, { path: into, expectedHash: artifact.digest })
    )
    // The files are written all the same; the caller has to look at digestMismatch.
    expect(await result).toEqual({ downloadPath: into, digestMismatch: true })
    expect(sameFiles(dir, into, paths)).toEqual({ 'a.txt': true })
    expect(log).not.toContain('::warning::')
    expect(log).toContain(`::debug::Expected digest: ${NO_DIGEST}`)
    // Without expectedHash the client checks nothing.
    const unchecked = await logged(() => client.downloadArtifact(artifact.id, { path: into }))
    expect(await unchecked.result).toEqual({ downloadPath: into, digestMismatch: false })
  })

  it('a changed byte: the zip still unpacks (no CRC check), to other bytes; only the digest tells', async () => {
    const { dir, paths, uploaded } = await upload('flipped', { 'big.bin': randomBytes(1 << 20) })
    service.corrupt(uploaded.id ?? 0)
    const into = path.join(temp, 'download-flipped')
    const { result, log } = await logged(() =>
      client.downloadArtifact(uploaded.id ?? 0, {
        path: into,
        expectedHash: `sha256:${uploaded.digest}`
      })
    )
    expect(await result).toEqual({ downloadPath: into, digestMismatch: true })
    expect(log).not.toContain('::warning::')
    expect(sameFiles(dir, into, paths)).toEqual({ 'big.bin': false })
    const original = readFileSync(paths[0] ?? '')
    const damaged = readFileSync(path.join(into, 'big.bin'))
    expect(damaged.length).toBe(original.length)
    expect(damaged.filter((byte, i) => byte !== original[i]).length).toBe(1)
  })
})

describe('missing artifacts', () => {
  it('are the client’s ArtifactNotFoundError, or Octokit’s 404 for a download by id', async () => {
    const { ArtifactNotFoundError } = await import('@actions/artifact')
    const byName = await logged(() => client.getArtifact('nowhere'))
    await expect(byName.result).rejects.toBeInstanceOf(ArtifactNotFoundError)
    await expect(byName.result).rejects.toThrow(/^Artifact not found for name: nowhere\n/)
    const byId = await logged(() => client.downloadArtifact(987654))
    await expect(byId.result).rejects.toThrow(/^No artifacts found for ID: 987654\n/)
    const otherRun = await logged(() =>
      client.getArtifact('nowhere', { findBy: findBy(OTHER_RUN) })
    )
    await expect(otherRun.result).rejects.toBeInstanceOf(ArtifactNotFoundError)
    const rest = await logged(() =>
      client.downloadArtifact(987654, { path: temp, findBy: findBy(OTHER_RUN) })
    )
    await expect(rest.result).rejects.toMatchObject({
      status: 404,
      message: 'Not Found - https://docs.github.com/rest/actions/artifacts#download-an-artifact'
    })
    const deleted = await logged(() => client.deleteArtifact('nowhere'))
    await expect(deleted.result).rejects.toThrow('Artifact not found for name: nowhere')
  })
})

/** A Twirp call of the results service, as the client makes it. */
const twirp = (method: string, body: unknown, token: string | null) =>
  fetch(`${service.url}${SERVICE}${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` })
    },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
const answer = async (response: Response) => {
  const body: unknown = await response.json()
  return { status: response.status, body }
}

describe('the service’s own answers', () => {
  it('answers unknown routes and bad Twirp input as Twirp does', async () => {
    // A job whose backend ids the test chooses.
    const job = {
      workflowRunId: 4009,
      workflowRunBackendId: 'c3c3c3c3-0000-4000-8000-000000000001',
      workflowJobRunBackendId: 'd4d4d4d4-0000-4000-8000-000000000001'
    }
    const token = service.env(job)['ACTIONS_RUNTIME_TOKEN'] ?? null
    const request = {
      workflow_run_backend_id: job.workflowRunBackendId,
      workflow_job_run_backend_id: job.workflowJobRunBackendId
    }
    expect(await answer(await fetch(`${service.url}/nowhere`))).toEqual({
      status: 404,
      body: { code: 'bad_route', msg: 'no handler for path "/nowhere"' }
    })
    expect(await answer(await fetch(`${service.url}${SERVICE}ListArtifacts`))).toMatchObject({
      status: 404,
      body: { code: 'bad_route', msg: expect.stringContaining('only POST is allowed') }
    })
    expect(await answer(await twirp('ListArtifacts', '{"workflow_run', token))).toMatchObject({
      status: 400,
      body: { code: 'malformed', msg: expect.stringContaining('failed to parse request json') }
    })
    expect(await answer(await twirp('ListArtifacts', { ...request, page: 2 }, token))).toEqual({
      status: 400,
      body: { code: 'malformed', msg: 'failed to parse request json: unknown field "page"' }
    })
    expect(
      await answer(await twirp('FinalizeArtifact', { ...request, size: 'big' }, token))
    ).toMatchObject({ status: 400, body: { code: 'malformed' } })
    expect(await answer(await twirp('CreateArtifact', request, token))).toEqual({
      status: 400,
      body: { code: 'invalid_argument', msg: 'name: value is required' }
    })
    expect(await answer(await twirp('ListArtifacts', request, null))).toEqual({
      status: 401,
      body: { code: 'unauthenticated', msg: 'no bearer token' }
    })
    const other = service.env(OTHER_RUN)['ACTIONS_RUNTIME_TOKEN'] ?? null
    expect(await answer(await twirp('ListArtifacts', request, other))).toMatchObject({
      status: 403,
      body: { code: 'permission_denied' }
    })
    expect(await answer(await twirp('ListArtifacts', request, token))).toEqual({
      status: 200,
      body: { artifacts: [] }
    })
    // The REST routes are the GitHub API's only.
    const rest = `${service.url}/repos/${OWNER}/${REPO}/actions/runs/${job.workflowRunId}/artifacts`
    expect(
      await answer(await fetch(rest, { headers: { authorization: `Bearer ${WRITE_TOKEN}` } }))
    ).toEqual({
      status: 404,
      body: { code: 'bad_route', msg: `no handler for path "${new URL(rest).pathname}"` }
    })
  })

  it('signs blob URLs that expire, and expires artifacts, as GitHub and Azure do', async () => {
    const { uploaded } = await upload('short-lived', { 'a.txt': 'a' })
    const zip = `${github.url}/repos/${OWNER}/${REPO}/actions/artifacts/${uploaded.id}/zip`
    const auth = { authorization: `Bearer ${WRITE_TOKEN}` }
    const redirect = await fetch(zip, { headers: auth, redirect: 'manual' })
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location') ?? ''
    expect(location.startsWith(`${service.blobUrl}/${uploaded.id}/short-lived.zip?`)).toBe(true)
    expect((await fetch(location)).status).toBe(200)

    const xmlError = async (response: Response) => {
      const xml = await response.text()
      return {
        status: response.status,
        code: response.headers.get('x-ms-error-code'),
        body: [
          /<Code>(\w+)<\/Code>/.exec(xml)?.[1],
          /<AuthenticationErrorDetail>([^<]*)</.exec(xml)?.[1]
        ]
      }
    }
    const tampered = location.replace(/sig=[^&]+/, 'sig=AAAA')
    expect(await xmlError(await fetch(tampered))).toEqual({
      status: 403,
      code: 'AuthenticationFailed',
      body: ['AuthenticationFailed', 'Signature did not match.']
    })
    expect(await xmlError(await fetch(location, { method: 'PUT', body: 'x' }))).toMatchObject({
      status: 403,
      code: 'AuthorizationPermissionMismatch'
    })
    skew = 3_600_000 + 1000
    try {
      expect(await xmlError(await fetch(location))).toMatchObject({
        status: 403,
        code: 'AuthenticationFailed',
        body: ['AuthenticationFailed', expect.stringMatching(/^Signed expiry time \[/)]
      })
      // 91 days on, past the default retention: listed as expired by REST, gone from Twirp.
      skew = 91 * 86_400_000
      setEnv(service.env(RUN))
      const rest = await fetch(
        `${github.url}/repos/${OWNER}/${REPO}/actions/artifacts/${uploaded.id}`,
        { headers: auth }
      )
      expect(await rest.json()).toMatchObject({ id: uploaded.id, expired: true })
      expect((await fetch(zip, { headers: auth, redirect: 'manual' })).status).toBe(410)
      const { artifacts } = await client.listArtifacts()
      expect(artifacts.find(a => a.id === uploaded.id)).toBeUndefined()
    } finally {
      skew = 0
      setEnv(service.env(RUN))
    }
  })
})

describe('as strict as the real service', () => {
  /** A job of its own run, whose backend ids the test chooses, and its Twirp request ids. */
  function job(runId: number) {
    const ids = {
      workflowRunId: runId,
      workflowRunBackendId: `e5e5e5e5-0000-4000-8000-${String(runId).padStart(12, '0')}`,
      workflowJobRunBackendId: `f6f6f6f6-0000-4000-8000-${String(runId).padStart(12, '0')}`
    }
    return {
      token: service.env(ids)['ACTIONS_RUNTIME_TOKEN'] ?? null,
      request: {
        workflow_run_backend_id: ids.workflowRunBackendId,
        workflow_job_run_backend_id: ids.workflowJobRunBackendId
      }
    }
  }

  /** Creates an artifact and commits `bytes` as its blob, as the client does before finalizing. */
  async function created(runId: number, name: string, bytes: Buffer) {
    const { token, request } = job(runId)
    const create = await answer(
      await twirp('CreateArtifact', { ...request, name, version: 4 }, token)
    )
    expect(create.status).toBe(200)
    const { signed_upload_url: uploadUrl } = create.body as { signed_upload_url: string }
    const put = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/zip' },
      body: bytes
    })
    expect(put.status).toBe(201)
    return { token, request }
  }

  it('FinalizeArtifact refuses a size or a hash that is not the uploaded blob’s', async () => {
    const bytes = Buffer.from('PK\u0005\u0006 not much of a zip')
    const hex = sha256(bytes)
    const { token, request } = await created(4101, 'checked', bytes)
    const finalize = (size: number, hash?: string) =>
      twirp(
        'FinalizeArtifact',
        { ...request, name: 'checked', size: String(size), ...(hash ? { hash } : {}) },
        token
      ).then(answer)
    expect(await finalize(bytes.length + 1, `sha256:${hex}`)).toEqual({
      status: 400,
      body: {
        code: 'invalid_argument',
        msg: `size: ${bytes.length + 1} is not the size of the uploaded blob (${bytes.length} bytes)`
      }
    })
    expect(await finalize(bytes.length, NO_DIGEST)).toEqual({
      status: 400,
      body: {
        code: 'invalid_argument',
        msg: `hash: ${NO_DIGEST} is not the hash of the uploaded blob (sha256:${hex})`
      }
    })
    expect(service.artifacts().some(a => a.name === 'checked')).toBe(false)
    const ok = await finalize(bytes.length, `sha256:${hex}`)
    expect(ok).toEqual({ status: 200, body: { ok: true, artifact_id: expect.any(String) } })
    expect(service.artifacts().find(a => a.name === 'checked')).toMatchObject({
      workflowRunId: 4101,
      size: bytes.length,
      digest: `sha256:${hex}`
    })
  })

  it('a runtime token reaches only its own run, and writes only as its own job', async () => {
    const mine = job(4102)
    const theirs = job(4103)
    expect(await answer(await twirp('ListArtifacts', theirs.request, mine.token))).toEqual({
      status: 403,
      body: {
        code: 'permission_denied',
        msg: 'the token does not grant access to this workflow run or job'
      }
    })
    // Another job of the same run may read the run's artifacts, but not write as this job.
    const sibling = { ...mine.request, workflow_job_run_backend_id: 'another-job' }
    expect(await answer(await twirp('ListArtifacts', sibling, mine.token))).toEqual({
      status: 200,
      body: { artifacts: [] }
    })
    expect(
      await answer(await twirp('CreateArtifact', { ...sibling, name: 'x', version: 4 }, mine.token))
    ).toMatchObject({ status: 403, body: { code: 'permission_denied' } })
    // The client, as a job of one run, lists only that run's artifacts.
    await upload('only-mine', { 'a.txt': 'a' })
    const listed = (await client.listArtifacts()).artifacts.map(a => a.name)
    expect(listed).toContain('only-mine')
    expect(listed).not.toContain('baseline')
  })

  it('lists an expired artifact as expired, and serves it no more', async () => {
    const { uploaded } = await upload('expiring', { 'a.txt': 'a' })
    const id = uploaded.id ?? 0
    service.expire(id)
    const auth = { authorization: `Bearer ${WRITE_TOKEN}` }
    const list = await fetch(
      `${github.url}/repos/${OWNER}/${REPO}/actions/runs/${RUN}/artifacts?name=expiring`,
      { headers: auth }
    )
    expect(await list.json()).toMatchObject({
      total_count: 1,
      artifacts: [{ id, name: 'expiring', expired: true }]
    })
    const zip = await fetch(`${github.url}/repos/${OWNER}/${REPO}/actions/artifacts/${id}/zip`, {
      headers: auth,
      redirect: 'manual'
    })
    expect(await answer(zip)).toEqual({
      status: 410,
      body: {
        message: 'Artifact has expired',
        documentation_url: 'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
        status: '410'
      }
    })
    expect((await client.listArtifacts()).artifacts.some(a => a.id === id)).toBe(false)
    await expect(client.getArtifact('expiring')).rejects.toThrow(
      /^Artifact not found for name: expiring\n/
    )
  })

  it('another run’s artifacts need a token with actions: read', async () => {
    const { result, log } = await logged(() =>
      client.listArtifacts({ findBy: findBy(OTHER_RUN, NO_ACTIONS_TOKEN) })
    )
    await expect(result).rejects.toMatchObject({
      status: 403,
      message: 'Resource not accessible by integration - https://docs.github.com/rest'
    })
    // The refusal itself is the behaviour; octokit's own request log line (GET … - 403) came
    // and went under load in the full suite, so it is not asserted.
    expect(log).not.toContain('::warning::')
  })
})
