/**
 * Long-running programs that integration tests start on loopback (MLflow, PostgreSQL, moto):
 * each runs in its own process group with the tail of its output kept for error messages, is
 * waited for with a deadline that a hung probe cannot overrun, and is stopped without leaving a
 * child behind.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'

/** A long-running process in its own process group, with the tail of its output kept. */
export interface Service {
  readonly name: string
  readonly child: ChildProcess
  log(): string
  running(): boolean
  stop(): Promise<void>
}

export interface ServiceOptions {
  /** For logs and error messages. */
  name: string
  env: NodeJS.ProcessEnv
  cwd: string
  /** How the program shuts down cleanly (PostgreSQL: SIGINT, a fast shutdown). */
  stopSignal?: NodeJS.Signals
  /** Every service still running, so that a failed start or a dying Jest ends them all. */
  live?: Set<Service>
  /** A pipe to its stdin (else it reads nothing). */
  stdin?: boolean
  /** Whether stdout goes into the log (not when the caller reads it as answers). */
  logStdout?: boolean
}

/** How long one readiness probe may take before the next one is tried. */
const PROBE_MS = 5_000

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function spawnService(command: string, args: string[], options: ServiceOptions): Service {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe']
  })
  let output = ''
  const keep = (chunk: Buffer | string): void => {
    output = (output + chunk.toString()).slice(-8000)
  }
  if (options.logStdout ?? true) child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  // A program that cannot be started shows up through running() and the log.
  child.on('error', error => keep(`\n${String(error)}\n`))
  const service: Service = {
    name: options.name,
    child,
    log: () => output,
    running: () => child.exitCode === null && child.signalCode === null && child.pid !== undefined,
    stop: () => stopProcessTree(child, options.stopSignal ?? 'SIGTERM')
  }
  options.live?.add(service)
  child.once('exit', () => options.live?.delete(service))
  return service
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // already gone
  }
}

export function signalGroup(service: Service, name: NodeJS.Signals): void {
  if (service.child.pid !== undefined) signal(-service.child.pid, name)
}

/**
 * Pids of every process below `root`, from /proc (PostgreSQL's children leave its group). Where
 * there is no /proc, none: the process group is then all that is stopped.
 */
function descendants(root: number): number[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const children = new Map<number, number[]>()
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // The command name in parentheses may hold spaces: the parent pid follows the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
  }
  const found: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    for (const pid of children.get(queue.shift() ?? 0) ?? []) {
      found.push(pid)
      queue.push(pid)
    }
  }
  return found
}

/**
 * Sends `name` to the process group, waits for the leader (SIGKILL after 10 s), then kills
 * whatever it left behind: PostgreSQL's children run in their own sessions, and a stuck worker
 * must not outlive the test.
 */
async function stopProcessTree(child: ChildProcess, name: NodeJS.Signals): Promise<void> {
  const pid = child.pid
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const below = descendants(pid)
  const exited = new Promise(resolve => child.once('exit', resolve))
  signal(-pid, name)
  // A paused process takes no signal but SIGKILL until it runs again.
  signal(-pid, 'SIGCONT')
  const timer = setTimeout(() => signal(-pid, 'SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
  signal(-pid, 'SIGKILL')
  for (const other of below) signal(other, 'SIGKILL')
}

/** Kills every service at once, synchronously: for a Jest process that exits without stop(). */
export function killAll(live: Set<Service>): void {
  for (const service of live) {
    const pid = service.child.pid
    if (pid === undefined) continue
    for (const other of descendants(pid)) signal(other, 'SIGKILL')
    signal(-pid, 'SIGKILL')
  }
}

/**
 * Polls `ready` until it answers true, the service exits or `timeoutMs` has passed. Each probe
 * gets a signal that aborts it before the deadline, and is given up on then even if it ignores
 * the signal: a server that accepts a connection and never answers must not stall the wait.
 */
export async function waitFor(
  service: Service,
  ready: (signal: AbortSignal) => Promise<boolean>,
  timeoutMs = 120_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (let left = timeoutMs; left > 0; left = deadline - Date.now()) {
    if (!service.running()) {
      throw new Error(`${service.name} exited (${service.child.exitCode}):\n${service.log()}`)
    }
    const probe = AbortSignal.timeout(Math.min(PROBE_MS, left))
    const given = new Promise<boolean>(resolve =>
      probe.addEventListener('abort', () => resolve(false), { once: true })
    )
    if (await Promise.race([ready(probe).catch(() => false), given])) return
    await new Promise(resolve => setTimeout(resolve, Math.min(150, deadline - Date.now())))
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms:\n${service.log()}`)
}

/** Whether `url` answers 2xx, for `waitFor`. */
export async function answersOk(url: string, signal: AbortSignal): Promise<boolean> {
  const response = await fetch(url, { signal })
  // An unread body would hold its connection open until it is garbage-collected.
  await response.body?.cancel()
  return response.ok
}
