/**
 * MLflow the way a team deploys it, on loopback for tests: `mlflow server` with its runs and its
 * users in PostgreSQL (Debian's binaries, a throwaway cluster in a temporary directory), artifacts
 * proxied to an S3-compatible store (moto's server) and MLflow's basic-auth app. Started once per
 * test file; `stop()` ends every process it started and removes the directory.
 *
 * PostgreSQL refuses to run as root. When the tests run as root, every PostgreSQL process runs
 * as `nobody` through `setpriv` (which changes the user and then executes the program, so the
 * process we spawn is PostgreSQL itself and its pid is the one to signal); the cluster's
 * directory is handed to `nobody` and the temporary directory above it made traversable.
 */
import { execFile, execFileSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { promisify } from 'node:util'
import { runPython, venvBin } from './python.js'
import {
  answersOk,
  freePort,
  killAll,
  signalGroup,
  spawnService,
  waitFor,
  type Service
} from './services.js'

export interface TeamServer {
  /** The tracking server, without credentials. */
  url: string
  username: string
  password: string
  /** moto's S3 endpoint itself (MLflow reaches it through a fault proxy). */
  s3Endpoint: string
  bucket: string
  /** Where the tracking server keeps artifacts: `s3://<bucket>/<prefix>`. */
  artifactsDestination: string
  /** MLflow's Python client settings for this server (URI and credentials). */
  clientEnv: Record<string, string>
  /** boto3 settings for the S3 store (dummy credentials, no host profile). */
  awsEnv: Record<string, string>
  stopTracking(): Promise<void>
  startTracking(): Promise<void>
  /** Stops the tracking server, calls `whileDown` (e.g. to send a request), starts it again. */
  restartTracking(whileDown?: () => unknown): Promise<void>
  /** A fast shutdown: the tracking server's pooled connections break, as in a failover. */
  stopPostgres(): Promise<void>
  startPostgres(): Promise<void>
  restartPostgres(whileDown?: () => unknown): Promise<void>
  /** The next `times` S3 requests from the tracking server are answered with `status`. */
  failS3(times: number, status?: number): Promise<void>
  /** How many S3 requests have been answered with an injected fault so far. */
  s3FaultsServed(): Promise<number>
  /** The tracking server's backend store (PostgreSQL, with its password): MLflow writes there. */
  backendStoreUri: string
  /**
   * Restarts the tracking server with MLflow's credential cache on (`auth_cache_ttl_seconds`);
   * 0: off, MLflow's default.
   */
  setAuthCache(seconds: number): Promise<void>
  /** The tail of each running service's output, for a failing test's message. */
  logs(): string
  /** Freezes the S3 server (requests hang) until `resumeS3()`. */
  pauseS3(): void
  resumeS3(): void
  stop(): Promise<void>
}

const execFileAsync = promisify(execFile)
const USERNAME = 'admin'
const PASSWORD = 'Team-S3rver-pa55word'
const BUCKET = 'care-label-artifacts'
const PG_USER = 'mlflow'
const PG_PASSWORD = 'pg-test-only-pa55'

/** Debian's PostgreSQL binaries: the directory of `initdb` on PATH, else the newest installed. */
function postgresBinDir(): string {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const initdb = path.join(dir, 'initdb')
    if (dir !== '' && existsSync(initdb)) return path.dirname(realpathSync(initdb))
  }
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter(v => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions[0] === undefined) {
    throw new Error('No PostgreSQL found: run scripts/ensure-postgres.sh (the test command does).')
  }
  return path.join(root, versions[0], 'bin')
}

/** Who runs PostgreSQL: ourselves, or `nobody` when we are root (PostgreSQL refuses root). */
interface PostgresUser {
  prefix: string[]
  uid?: number
  gid?: number
}

function postgresUser(): PostgresUser {
  if (process.getuid?.() !== 0) return { prefix: [] }
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim())
  const uid = id('-u')
  const gid = id('-g')
  return {
    prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'],
    uid,
    gid
  }
}

/** A temporary directory below one that nobody cannot enter (a TMPDIR in /root) fails here. */
async function checkReachable(user: PostgresUser, dir: string): Promise<void> {
  const [command, ...args] = [...user.prefix, 'test', '-w', dir]
  try {
    await execFileAsync(command ?? '', args)
  } catch {
    throw new Error(
      `PostgreSQL runs as nobody when the tests run as root, and nobody cannot write to ${dir}: ` +
        'set TMPDIR to a directory every user can enter, such as /tmp.'
    )
  }
}

interface Postgres {
  bin: string
  user: PostgresUser
  data: string
  socketDir: string
  port: number
  env: NodeJS.ProcessEnv
}

/** A fresh cluster in `root/pg`, owned by the user that runs it, with a password for `mlflow`. */
async function initPostgres(root: string): Promise<Postgres> {
  const bin = postgresBinDir()
  const user = postgresUser()
  const dir = path.join(root, 'pg')
  const socketDir = path.join(dir, 'run')
  mkdirSync(socketDir, { recursive: true })
  const pwfile = path.join(dir, 'password')
  writeFileSync(pwfile, `${PG_PASSWORD}\n`)
  if (user.uid !== undefined && user.gid !== undefined) {
    // nobody must reach its directory through ours, but need not read anything else in it.
    chmodSync(root, 0o711)
    for (const p of [dir, socketDir, pwfile]) chownSync(p, user.uid, user.gid)
    await checkReachable(user, dir)
  }
  // The C locale: the same messages and collation on every machine, no locale packages needed.
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', HOME: dir }
  const data = path.join(dir, 'data')
  const args = ['-D', data, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256']
  const [command, ...rest] = [...user.prefix, path.join(bin, 'initdb'), ...args]
  try {
    await execFileAsync(command ?? '', [...rest, '-E', 'UTF8', '--locale=C', '--no-sync'], { env })
  } catch (error) {
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`)
  }
  return { bin, user, data, socketDir, port: await freePort(), env }
}

/** Starts the cluster on loopback only; durability is traded for speed (the data is thrown away). */
async function runPostgres(pg: Postgres, live: Set<Service>): Promise<Service> {
  const [command, ...prefix] = [...pg.user.prefix, path.join(pg.bin, 'postgres')]
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(pg.port),
    unix_socket_directories: pg.socketDir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '50'
  }
  const args = ['-D', pg.data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])]
  const service = spawnService(command ?? '', [...prefix, ...args], {
    name: 'PostgreSQL',
    env: pg.env,
    cwd: pg.data,
    stopSignal: 'SIGINT',
    live
  })
  const isReady = path.join(pg.bin, 'pg_isready')
  await waitFor(service, async signal => {
    await execFileAsync(isReady, ['-q', '-h', '127.0.0.1', '-p', String(pg.port)], { signal })
    return true
  })
  return service
}

function createDatabase(pg: Postgres, name: string): Promise<unknown> {
  return execFileAsync(
    path.join(pg.bin, 'createdb'),
    ['-h', '127.0.0.1', '-p', String(pg.port), '-U', PG_USER, name],
    { env: { ...pg.env, PGPASSWORD: PG_PASSWORD } }
  )
}

/**
 * The driver is named: SQLAlchemy 2.1 (what MLflow 3.17.2 installs) reads a bare `postgresql://`
 * as psycopg 3, and the test tools pin psycopg2.
 */
function postgresUri(pg: Postgres, database: string): string {
  return `postgresql+psycopg2://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${pg.port}/${database}`
}

/** Dummy credentials, and nothing from this machine's AWS profiles or instance metadata. */
function awsEnvIn(root: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(root, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost'
  }
}

/** moto's S3 server (its data lives in memory: pause it, never restart it) and the bucket. */
async function runMoto(
  root: string,
  awsEnv: Record<string, string>,
  live: Set<Service>
): Promise<{ service: Service; url: string }> {
  const port = await freePort()
  const service = spawnService(
    path.join(venvBin(), 'moto_server'),
    ['-H', '127.0.0.1', '-p', String(port)],
    { name: 'moto', env: { ...process.env, ...awsEnv }, cwd: root, live }
  )
  const url = `http://127.0.0.1:${port}`
  await waitFor(service, signal => answersOk(`${url}/moto-api/`, signal))
  runPython(
    `import boto3\nboto3.client("s3", endpoint_url=${JSON.stringify(url)}).create_bucket(Bucket=${JSON.stringify(BUCKET)})`,
    awsEnv
  )
  return { service, url }
}

/** The basic-auth app's settings: its users in PostgreSQL too, beside the runs. */
/**
 * MLflow's basic-auth config. `authCacheSeconds`: how long a checked password is remembered
 * (MLflow's default, 0, hashes it again on every check).
 */
function writeAuthConfig(root: string, pg: Postgres, authCacheSeconds = 0): string {
  const file = path.join(root, 'basic_auth.ini')
  writeFileSync(
    file,
    [
      '[mlflow]',
      'default_permission = READ',
      `database_uri = ${postgresUri(pg, 'mlflow_auth')}`,
      `admin_username = ${USERNAME}`,
      'authorization_function = mlflow.server.auth:authenticate_request_basic_auth',
      `auth_cache_ttl_seconds = ${authCacheSeconds}`,
      ''
    ].join('\n')
  )
  return file
}

interface Tracking {
  port: number
  args: string[]
  env: NodeJS.ProcessEnv
  cwd: string
}

function trackingSpec(root: string, pg: Postgres, s3Proxy: string, port: number): Tracking {
  const args = [
    'server',
    ...['--host', '127.0.0.1', '--port', String(port), '--workers', '1'],
    ...['--backend-store-uri', postgresUri(pg, 'mlflow')],
    ...['--artifacts-destination', `s3://${BUCKET}/mlartifacts`],
    ...['--app-name', 'basic-auth']
  ]
  const env = {
    ...process.env,
    ...awsEnvIn(root),
    PYTHONWARNINGS: 'ignore',
    MLFLOW_S3_ENDPOINT_URL: s3Proxy,
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
    MLFLOW_AUTH_CONFIG_PATH: writeAuthConfig(root, pg),
    MLFLOW_AUTH_ADMIN_PASSWORD: PASSWORD,
    MLFLOW_FLASK_SERVER_SECRET_KEY: 'care-label-test-only-key'
  }
  return { port, args, env, cwd: root }
}

async function runTracking(spec: Tracking, live: Set<Service>): Promise<Service> {
  const service = spawnService(path.join(venvBin(), 'mlflow'), spec.args, {
    ...spec,
    name: 'mlflow server',
    live
  })
  const health = `http://127.0.0.1:${spec.port}/health`
  await waitFor(service, signal => answersOk(health, signal))
  return service
}

/**
 * The fault proxy between the tracking server and moto, in a Node process of its own: tests call
 * Python synchronously (spawnSync), which would freeze a proxy in Jest's event loop and every
 * upload with it. Faults are sent as JSON lines on its stdin and acknowledged on its stdout; it
 * exits when its stdin closes, so it cannot outlive Jest.
 */
interface S3Proxy {
  url: string
  /** Queues a fault (none for `times` 0); answers how many requests faults have answered. */
  send(times: number, status: number): Promise<number>
}

async function runS3Proxy(target: string, root: string, live: Set<Service>): Promise<S3Proxy> {
  const module = new URL('./fault-proxy.ts', import.meta.url).href
  const script = [
    "import readline from 'node:readline'",
    `const { startFaultProxy } = await import(${JSON.stringify(module)})`,
    `const proxy = await startFaultProxy(${JSON.stringify(target)})`,
    'console.log(proxy.url)',
    'for await (const line of readline.createInterface({ input: process.stdin })) {',
    '  const { times, status } = JSON.parse(line)',
    "  if (times > 0) proxy.inject({ kind: 'status', status }, times)",
    '  console.log(proxy.log.filter(entry => entry.fault !== undefined).length)',
    '}',
    'process.exit(0)'
  ].join('\n')
  const service = spawnService(process.execPath, ['--input-type=module', '-e', script], {
    name: 'S3 fault proxy',
    env: process.env,
    cwd: root,
    live,
    stdin: true,
    // Its stdout carries the answers; the log is its stderr, where Node reports a crash.
    logStdout: false
  })
  const { stdin, stdout } = service.child
  if (stdin === null || stdout === null) throw new Error('The S3 fault proxy has no pipes.')
  // Writing to a proxy that has died fails with EPIPE; the pending answer says why it died.
  stdin.on('error', () => undefined)
  const waiting: Array<{ resolve(line: string): void; reject(error: Error): void }> = []
  let died: Error | undefined
  const fail = (error: Error): void => {
    died ??= error
    for (const waiter of waiting.splice(0)) waiter.reject(died)
  }
  // 'close' rather than 'exit': by then its stderr has been read to the end.
  service.child.once('close', (code, signal) =>
    fail(new Error(`The S3 fault proxy exited (${code ?? signal}):\n${service.log()}`))
  )
  service.child.once('error', error =>
    fail(new Error(`The S3 fault proxy failed (${error.message}):\n${service.log()}`))
  )
  readline.createInterface({ input: stdout }).on('line', line => waiting.shift()?.resolve(line))
  const nextLine = (): Promise<string> =>
    died !== undefined
      ? Promise.reject(died)
      : new Promise((resolve, reject) => waiting.push({ resolve, reject }))
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The S3 fault proxy did not start within 30 s:\n${service.log()}`)),
      30_000
    )
  })
  const url = await Promise.race([nextLine(), timeout]).finally(() => clearTimeout(timer))
  return {
    url,
    send: async (times, status) => {
      const answer = nextLine()
      stdin.write(`${JSON.stringify({ times, status })}\n`)
      return Number(await answer)
    }
  }
}

/** What a started team server is made of, for the hooks that restart its parts. */
interface Parts {
  root: string
  live: Set<Service>
  pg: Postgres
  postgres: Service
  moto: { service: Service; url: string }
  s3Proxy: S3Proxy
  spec: Tracking
  tracking: Service
}

/**
 * Like `Promise.all`, but fails only once every start has finished: the caller's stop() ends what
 * is running, and a start still under way when it runs would spawn its process afterwards.
 */
async function allStarted<T extends readonly unknown[] | []>(
  starts: T
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled<readonly unknown[]>(starts)
  const failed = settled.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected'
  )
  if (failed !== undefined) throw failed.reason
  // Every one has succeeded: this only collects their values.
  return Promise.all(starts)
}

async function startParts(root: string, live: Set<Service>): Promise<Parts> {
  const [pg, moto] = await allStarted([initPostgres(root), runMoto(root, awsEnvIn(root), live)])
  const postgres = await runPostgres(pg, live)
  await allStarted([createDatabase(pg, 'mlflow'), createDatabase(pg, 'mlflow_auth')])
  const s3Proxy = await runS3Proxy(moto.url, root, live)
  const spec = trackingSpec(root, pg, s3Proxy.url, await freePort())
  const tracking = await runTracking(spec, live)
  return { root, live, pg, postgres, moto, s3Proxy, spec, tracking }
}

function teamServer(parts: Parts, stop: () => Promise<void>): TeamServer {
  const url = `http://127.0.0.1:${parts.spec.port}`
  const hooks = {
    stopTracking: () => parts.tracking.stop(),
    startTracking: async () => {
      parts.tracking = await runTracking(parts.spec, parts.live)
    },
    stopPostgres: () => parts.postgres.stop(),
    startPostgres: async () => {
      parts.postgres = await runPostgres(parts.pg, parts.live)
    }
  }
  return {
    url,
    username: USERNAME,
    password: PASSWORD,
    s3Endpoint: parts.moto.url,
    bucket: BUCKET,
    artifactsDestination: `s3://${BUCKET}/mlartifacts`,
    clientEnv: {
      MLFLOW_TRACKING_URI: url,
      MLFLOW_TRACKING_USERNAME: USERNAME,
      MLFLOW_TRACKING_PASSWORD: PASSWORD
    },
    awsEnv: awsEnvIn(parts.root),
    backendStoreUri: postgresUri(parts.pg, 'mlflow'),
    setAuthCache: async seconds => {
      writeAuthConfig(parts.root, parts.pg, seconds)
      await hooks.stopTracking()
      await hooks.startTracking()
    },
    ...hooks,
    restartTracking: async whileDown => {
      await hooks.stopTracking()
      await whileDown?.()
      await hooks.startTracking()
    },
    restartPostgres: async whileDown => {
      await hooks.stopPostgres()
      await whileDown?.()
      await hooks.startPostgres()
    },
    failS3: async (times, status = 503) => {
      await parts.s3Proxy.send(times, status)
    },
    s3FaultsServed: () => parts.s3Proxy.send(0, 0),
    pauseS3: () => signalGroup(parts.moto.service, 'SIGSTOP'),
    resumeS3: () => signalGroup(parts.moto.service, 'SIGCONT'),
    logs: () => [...parts.live].map(s => `--- ${s.name}\n${s.log()}`).join('\n'),
    stop
  }
}

/** Starts PostgreSQL, moto (behind a fault proxy) and the tracking server; stop() ends them. */
export async function startTeamServer(): Promise<TeamServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'care-label-team-'))
  const live = new Set<Service>()
  const onExit = (): void => killAll(live)
  process.on('exit', onExit)
  const stop = async (): Promise<void> => {
    // The tracking server first, so that it does not log PostgreSQL and S3 going away.
    const first = [...live].filter(s => s.name === 'mlflow server')
    await Promise.all(first.map(s => s.stop()))
    await Promise.all([...live].map(s => s.stop()))
    process.off('exit', onExit)
    rmSync(root, { recursive: true, force: true })
  }
  try {
    return teamServer(await startParts(root, live), stop)
  } catch (error) {
    await stop()
    throw error
  }
}
