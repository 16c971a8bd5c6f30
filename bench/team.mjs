// The benchmark on a team's MLflow: the team server of the tests (test/support/team-server.ts:
// `mlflow server` on PostgreSQL, S3 artifacts, basic auth, on loopback) filled with N runs, and
// the baseline lookup made three ways: by the action's REST client (ours), by the same HTTP
// requests made bare (bare: node:http and JSON.parse) and by MLflow's Python client (ref,
// bench/reference.py, as bench/run.mjs runs it). Run it with `bench/team.sh` (it sets up Node 24,
// the venv and PostgreSQL).
//
//   node bench/team.mjs [--runs 10000] [--repeat 5] [--max-load 1.5] [--auth-cache 0,300]
//
// Tasks: `lookup` (the experiment by name, then runs/search with the branch's tag filter ordered
// by start time, for a baseline of 1 run) and `window` (the same search for a window of 100
// runs, 101 asked for, the candidate left out). Both are the lookup alone; `decide` (ours only)
// is what the action adds for a window: it reads the candidate run, searches and decides every
// metric. For each it prints the median wall time of the process, the median time of the work
// inside the process (after start-up and imports) and the peak memory, and the targets: ours at
// most 1.2× bare in the process, MLflow's client at least 5× ours as processes. It measures once
// the machine is quiet (the 1-minute load average at most --max-load, or after 10 minutes).
// It measures the server as MLflow's basic-auth app comes (no credential cache: every check
// hashes the password) and with `auth_cache_ttl_seconds` (--auth-cache: one table for each).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    repeat: { type: 'string', default: '5' },
    'max-load': { type: 'string', default: '1.5' },
    'auth-cache': { type: 'string', default: '0,300' }
  }
})
const authCaches = values['auth-cache'].split(',').map(Number)
const runs = Number(values.runs)
const repeat = Number(values.repeat)
const python = path.join(process.env.CARE_LABEL_VENV ?? path.join(root, '.venv'), 'bin', 'python')
const work = path.join(root, 'out', 'bench')
mkdirSync(work, { recursive: true })
// Loopback only: MLflow's telemetry, on by default, would send events from the server, the fill
// and the reference to the internet.
const env = { ...process.env, MLFLOW_DISABLE_TELEMETRY: 'true', PYTHONWARNINGS: 'ignore' }

/**
 * Waits, for up to 10 minutes, until the 1-minute load average is at most `max`: the fill's own
 * load, or another job's, would otherwise be measured. The table says what the load was.
 */
async function settle(max) {
  const deadline = Date.now() + 600_000
  if (os.loadavg()[0] > max) console.error(`Waiting for the load average to fall to ${max}…`)
  while (os.loadavg()[0] > max && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 5000))
  }
}

const PAUSE_MS = 500

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** One process: its wall time and what it printed (work_ms, cpu_ms, rss_mb, result, decide_ms). */
function once(command, args, clientEnv) {
  const started = process.hrtime.bigint()
  const out = spawnSync(command, args, { encoding: 'utf8', env: clientEnv })
  const wall = Number(process.hrtime.bigint() - started) / 1e6
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stderr}`)
  return { wall, ...JSON.parse(out.stdout.trim().split('\n').pop()) }
}

/**
 * Each client's medians over `repeat` runs after one run to warm up. The clients take turns, each
 * round begun by the next one, so that a change in the machine's load, or what the server still
 * does after a client has gone, falls on all of them alike.
 */
function measure(task, clients, clientEnv) {
  const names = Object.keys(clients)
  const samples = Object.fromEntries(names.map(name => [name, []]))
  for (let i = 0; i <= repeat; i++) {
    for (const name of [...names.slice(i % names.length), ...names.slice(0, i % names.length)]) {
      const [command, ...args] = clients[name]
      const sample = once(command, args, clientEnv)
      if (i > 0) samples[name].push(sample)
      // A pause, so that what the server and the machine still do after one client has gone (a
      // closed connection, a process's memory given back) is not measured with the next.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS)
    }
  }
  const result = {}
  for (const [name, list] of Object.entries(samples)) {
    const results = new Set(list.map(s => s.result))
    if (results.size !== 1) throw new Error(`${name} ${task} answered differently between runs`)
    result[name] = {
      wall: median(list.map(s => s.wall)),
      inside: median(list.map(s => s.work_ms)),
      cpu: median(list.map(s => s.cpu_ms ?? Number.NaN)),
      decide: list[0].decide_ms === undefined ? undefined : median(list.map(s => s.decide_ms)),
      rss: Math.max(...list.map(s => s.rss_mb)),
      result: list[0].result
    }
  }
  const answers = new Set(Object.values(result).map(r => r.result))
  if (answers.size !== 1) {
    throw new Error(
      `${task} disagrees: ${Object.entries(result)
        .map(([name, r]) => `${name} ${r.result.slice(0, 80)}`)
        .join('; ')}`
    )
  }
  console.error(`measured ${task}`)
  return result
}

/** The three clients on the filled team server; prints the table and the targets. */
function measureAll(team, bundled, fill, authCache) {
  const reference = path.join(root, 'bench', 'reference.py')
  const ours = bundled['team-ours']
  const bare = bundled['team-bare']
  const clientEnv = { ...env, ...team.clientEnv }
  const load = os.loadavg()[0]
  const lookup = measure(
    'lookup',
    {
      ref: [python, reference, team.url, 'lookup'],
      ours: [process.execPath, ours, 'lookup'],
      bare: [process.execPath, bare, 'lookup']
    },
    clientEnv
  )
  // The candidate is the newest run of the branch; the window is the 100 before it.
  const candidate = lookup.ours.result
  const window = measure(
    'window',
    {
      ref: [python, reference, team.url, 'window'],
      ours: [process.execPath, ours, 'window', candidate],
      bare: [process.execPath, bare, 'window', candidate]
    },
    clientEnv
  )
  const decide = { ours: [process.execPath, ours, 'decide', candidate] }
  const decided = measure('decide', decide, clientEnv).ours
  const loadAfter = os.loadavg()[0]

  const fmt = n => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
  const times = n => `${n.toFixed(2)}×`
  const signed = n => `${n < 0 ? '−' : '+'}${fmt(Math.abs(n))}`
  console.log(
    `\n\`mlflow server\` on PostgreSQL with basic auth (${authCache > 0 ? `auth_cache_ttl_seconds = ${authCache}` : 'no credential cache, as MLflow comes'}), ${runs} runs (filled in ${fill.seconds.toFixed(0)} s by MLflow's client on the backend store URI); ` +
      `MLflow's Python client (ref), the action's REST client (ours), the same HTTP requests bare (bare); medians of ${repeat} runs; ` +
      `load average (1 min) ${load.toFixed(2)} before, ${loadAfter.toFixed(2)} after, ${os.cpus().length} CPUs\n`
  )
  console.log(
    '| task | process ref ms | process ours ms | process bare ms | in-process ref ms | in-process ours ms | in-process bare ms | ours / bare in-process | ref / ours process | CPU ms ours | CPU ms bare | peak MB ref | peak MB ours | peak MB bare |'
  )
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
  const rows = { lookup, window }
  for (const [task, { ref, ours: our, bare: b }] of Object.entries(rows)) {
    console.log(
      `| ${task} | ${fmt(ref.wall)} | ${fmt(our.wall)} | ${fmt(b.wall)} | ${fmt(ref.inside)} | ${fmt(our.inside)} | ${fmt(b.inside)} | ${times(our.inside / b.inside)} | ${times(ref.wall / our.wall)} | ${fmt(our.cpu)} | ${fmt(b.cpu)} | ${fmt(ref.rss)} | ${fmt(our.rss)} | ${fmt(b.rss)} |`
    )
  }
  console.log(
    "\nCPU ms: the client process's own CPU time during the work; the rest of the in-process time is spent waiting for the server."
  )
  console.log(
    `ours, window and decision (runs/get of the candidate, the window's lookup, every metric decided): ${fmt(decided.wall)} ms as a process, ${fmt(decided.inside)} ms in the process, of which the decision ${fmt(decided.decide)} ms; peak ${fmt(decided.rss)} MB\n`
  )
  for (const [task, { ref, ours: our, bare: b }] of Object.entries(rows)) {
    const overhead = our.inside / b.inside
    const faster = ref.wall / our.wall
    console.log(
      `${task}: ours / bare in the process ${times(overhead)}, ${signed(our.inside - b.inside)} ms (target ≤ 1.2×: ${overhead <= 1.2 ? 'met' : 'missed'}); ` +
        `MLflow's client / ours as processes ${times(faster)} (target ≥ 5×: ${faster >= 5 ? 'met' : 'missed'}); ` +
        `a client that started in no time and made the bare requests would be ${times(ref.wall / b.inside)}`
    )
  }
}

const bundled = {}
for (const entry of ['team-serve', 'team-ours', 'team-bare']) {
  console.error(`Bundling bench/${entry}.ts…`)
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'ncc'),
    ['build', path.join(root, 'bench', `${entry}.ts`), '-o', path.join(work, entry), '--quiet'],
    { stdio: 'inherit' }
  )
  bundled[entry] = path.join(work, entry, 'index.js')
}

// The team server runs in a child that stops it when its stdin closes: when this process ends,
// however it ends.
console.error('Starting the team server (PostgreSQL, moto, mlflow server with basic auth)…')
const serve = spawn(process.execPath, [bundled['team-serve']], {
  env,
  stdio: ['pipe', 'pipe', 'inherit']
})
const served = readline.createInterface({ input: serve.stdout })
/** The next line the team server prints. */
const nextLine = () =>
  new Promise((resolve, reject) => {
    served.once('line', resolve)
    serve.once('exit', code => reject(new Error(`The team server ended (exit ${code}).`)))
  })
const team = JSON.parse(await nextLine())
try {
  console.error(`Filling it with ${runs} runs through MLflow's client on PostgreSQL…`)
  const fill = JSON.parse(
    execFileSync(
      python,
      [path.join(root, 'bench', 'team_fill.py'), team.backendStoreUri, String(runs)],
      { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
    )
      .trim()
      .split('\n')
      .pop()
  )
  for (const authCache of authCaches) {
    console.error(`Restarting the tracking server with auth_cache_ttl_seconds = ${authCache}…`)
    serve.stdin.write(`auth-cache ${authCache}\n`)
    await nextLine()
    await settle(Number(values['max-load']))
    measureAll(team, bundled, fill, authCache)
  }
} finally {
  const exited = new Promise(resolve => serve.once('exit', resolve))
  serve.stdin.end()
  if (serve.exitCode === null && serve.signalCode === null) await exited
}
