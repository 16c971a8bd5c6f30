// The benchmark: this project's SQLite reader against MLflow's own Python client, on the same
// stores, doing the same work. Run it with `bench/run.sh` (it sets up Node 24 and the venv).
//
//   node bench/run.mjs [--runs 1000,10000] [--repeat 5] [--stores sqlite,file]
//
// Tasks: `lookup` (the baseline lookup: experiment by name, tag filter ordered by start time),
// `single` and `window` (the lookup and the decision over 1 or 100 baseline runs) and
// `history` (one run's full history of all its metrics). For each it prints the median wall time
// of the whole process, the median time of the work inside the process (after imports), the peak
// memory, and the ratios reference / ours.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000,10000' },
    repeat: { type: 'string', default: '5' },
    stores: { type: 'string', default: 'sqlite,file' }
  }
})
const sizes = values.runs.split(',').map(Number)
const repeat = Number(values.repeat)
const python = path.join(process.env.CARE_LABEL_VENV ?? path.join(root, '.venv'), 'bin', 'python')
const work = path.join(root, 'out', 'bench')
mkdirSync(work, { recursive: true })

console.error('Bundling bench/ours.ts…')
execFileSync(
  path.join(root, 'node_modules', '.bin', 'ncc'),
  ['build', path.join(root, 'bench', 'ours.ts'), '-o', path.join(work, 'ours'), '--quiet'],
  { stdio: 'inherit' }
)
const ours = path.join(work, 'ours', 'index.js')

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function measure(command, args) {
  const wall = []
  const inside = []
  const rss = []
  let result
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint()
    const out = spawnSync(command, args, {
      encoding: 'utf8',
      env: { ...process.env, PYTHONWARNINGS: 'ignore' }
    })
    wall.push(Number(process.hrtime.bigint() - started) / 1e6)
    if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stderr}`)
    const line = JSON.parse(out.stdout.trim().split('\n').pop())
    inside.push(line.work_ms)
    rss.push(line.rss_mb)
    result = line.result
  }
  return { wall: median(wall), inside: median(inside), rss: Math.max(...rss), result }
}

const fmt = n => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
const storeKinds = values.stores.split(',')
const rows = []
for (const kind of storeKinds) {
  for (const size of sizes) {
    const dir = path.join(work, `${kind}-${size}`)
    const marker = kind === 'file' ? path.join(dir, 'mlruns') : path.join(dir, 'mlflow.db')
    if (!existsSync(marker)) {
      console.error(`Building a ${kind} store of ${size} runs with MLflow…`)
      execFileSync(python, [path.join(root, 'bench', 'make_store.py'), dir, String(size), kind], {
        stdio: 'inherit'
      })
    }
    const uri = kind === 'file' ? `file://${marker}` : `sqlite:///${marker}`
    const reference = path.join(root, 'bench', 'reference.py')
    const lookupRef = measure(python, [reference, uri, 'lookup'])
    const lookupOurs = measure(process.execPath, [ours, uri, 'lookup'])
    if (lookupRef.result !== lookupOurs.result) {
      throw new Error(
        `${kind} lookup disagrees at ${size} runs: MLflow ${lookupRef.result}, ours ${lookupOurs.result}`
      )
    }
    const decided = {}
    for (const task of ['single', 'window']) {
      const ref = measure(python, [reference, uri, task])
      const our = measure(process.execPath, [ours, uri, task])
      if (ref.result !== our.result) throw new Error(`${kind} ${task} disagrees at ${size} runs`)
      decided[task] = { ref, our }
    }
    const runId = lookupRef.result
    const historyRef = measure(python, [reference, uri, 'history', runId])
    const historyOurs = measure(process.execPath, [ours, uri, 'history', runId])
    if (historyRef.result !== historyOurs.result) {
      throw new Error(
        `${kind} history disagrees at ${size} runs: MLflow ${historyRef.result}, ours ${historyOurs.result}`
      )
    }
    rows.push({ kind, size, task: 'lookup', ref: lookupRef, our: lookupOurs })
    rows.push({ kind, size, task: 'single', ...decided.single })
    rows.push({ kind, size, task: 'window', ...decided.window })
    rows.push({ kind, size, task: 'history', ref: historyRef, our: historyOurs })
    console.error(`measured ${kind} ${size}`)
  }
}

console.log(
  `\nMLflow's Python client (ref) vs this project (ours), same store, same work; medians of ${repeat} runs\n`
)
console.log(
  '| store | runs | task | process ref ms | process ours ms | ratio | in-process ref ms | in-process ours ms | ratio | peak MB ref | peak MB ours |'
)
console.log('|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|')
for (const { kind, size, task, ref, our } of rows) {
  console.log(
    `| ${kind} | ${size} | ${task} | ${fmt(ref.wall)} | ${fmt(our.wall)} | ${(ref.wall / our.wall).toFixed(1)}× | ${fmt(ref.inside)} | ${fmt(our.inside)} | ${(ref.inside / our.inside).toFixed(1)}× | ${fmt(ref.rss)} | ${fmt(our.rss)} |`
  )
}
console.log(
  '\nsingle, window: MLflow (ref) searches only, it has no verdict; ours also parses the rules and decides every metric over the baseline.\n'
)
for (const kind of storeKinds) {
  for (const size of sizes) {
    const cost = task => rows.find(r => r.kind === kind && r.size === size && r.task === task).our
    const [lookup, single, window] = [cost('lookup'), cost('single'), cost('window')]
    const times = (a, b) =>
      `${(a.inside / b.inside).toFixed(2)}× in-process, ${(a.wall / b.wall).toFixed(2)}× as a process`
    console.log(
      `ours, ${kind} ${size} runs: deciding over a 100-run window costs ${times(window, single)} the decision over a single baseline run (target ≤ 2×); ${times(window, lookup)} the bare single lookup`
    )
  }
}
if (sizes.length > 1) {
  const first = sizes[0]
  const last = sizes[sizes.length - 1]
  console.log('')
  for (const kind of storeKinds) {
    for (const task of ['lookup', 'history']) {
      const a = rows.find(r => r.kind === kind && r.size === first && r.task === task).our.inside
      const b = rows.find(r => r.kind === kind && r.size === last && r.task === task).our.inside
      console.log(
        `ours, ${kind} ${task}: ${(b / a).toFixed(1)}× the in-process time for ${last / first}× the runs`
      )
    }
  }
}
