/**
 * The verdict benchmark: simulated pull requests through `decideBreach` (no MLflow), to measure
 * what the gate promises — false alarms ≤ α on a no-op change in every cell, the detection rate
 * of real regressions, and whether the MDE it prints is the effect it catches 95% of the time.
 * Seeded and deterministic: the same arguments print the same table.
 *
 *   bench/verdicts.sh [--prs 10000] [--jobs 2] [--seed 1] [--only 'text in a cell key']
 *
 * bench/verdicts.sh bundles this file with ncc, as bench/run.mjs does bench/ours.ts, and runs it
 * with Node 24 (by hand: `ncc build bench/verdicts.ts -o out/bench/verdicts` then
 * `node out/bench/verdicts/index.js`); `--jobs` splits the cells over that many processes. About
 * three minutes on 2 cores at 10,000 PRs a cell. The table is Markdown on stdout, progress on
 * stderr. (bench/run.sh is the other benchmark: the store readers against MLflow's client.)
 *
 * A lower-is-better runtime metric (true centre 1), `max_regression: 0%` (and a 10% row set),
 * α = 0.01, `method: auto` (a last section compares the named methods' false alarms). Noise models: normal and log-normal with CV 1, 5, 10, 20, 30%; a
 * runner model, each run × a between-VM factor (log-normal, CV 20%) × a within-VM factor
 * (log-normal, CV 2%), where the two runs of a pair share the VM and otherwise every run has its
 * own. Cells: noise × window K ∈ {1, 5, 20, 50} × repeats N ∈ {1, 3, 5}, and noise × pairs
 * ∈ {1, 3, 5, 8, 9}. A regression r multiplies the candidate's values by 1 + r (by
 * 1 + tolerance + r in the tolerance rows, whose no-op is the boundary of the null).
 *
 * Per simulated PR the noise is drawn once and the decision made at r = 0, 5, 10, 20%; then,
 * relying on the decision being monotone in r, the smallest r that breaches is found on a grid
 * and refined by bisection where the 95th percentile falls: that percentile is "the effect
 * detected 95% of the time", compared with the median of the MDE printed at r = 0.
 */
import { spawn } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { decideBreach } from '../src/core/stats/index.js'
import type { BreachDecision, MethodName, Worse } from '../src/core/stats/index.js'

const ALPHA = 0.01
/** An MDE of ∞ (no change detectable), as it travels through JSON. */
const UNBOUNDED = 1e308
/** z₀.₉₉, for the binomial 99% upper margin of an observed false-alarm rate. */
const Z99 = 2.3263478740408408

// ---------------------------------------------------------------------------------------------
// A seeded PRNG: xoshiro128** seeded by splitmix32, and Box–Muller normals.

class Random {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spare: number | undefined

  constructor(seed: number) {
    let state = seed >>> 0
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0
    const t = (this.s1 << 9) >>> 0
    this.s2 = (this.s2 ^ this.s0) >>> 0
    this.s3 = (this.s3 ^ this.s1) >>> 0
    this.s1 = (this.s1 ^ this.s2) >>> 0
    this.s0 = (this.s0 ^ this.s3) >>> 0
    this.s2 = (this.s2 ^ t) >>> 0
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform on (0, 1]. */
  uniform(): number {
    return (this.nextUint32() + 1) / 4294967296
  }

  /** Standard normal, by Box–Muller (both values used). */
  normal(): number {
    if (this.spare !== undefined) {
      const value = this.spare
      this.spare = undefined
      return value
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniform()))
    const angle = 2 * Math.PI * this.uniform()
    this.spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

/** FNV-1a of a string, to seed each cell from its name (cells do not depend on each other). */
function hashOf(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

// ---------------------------------------------------------------------------------------------
// Noise models

interface Noise {
  name: string
  kind: 'normal' | 'log-normal' | 'runner'
  cv: number
}

const NOISES: Noise[] = [
  ...[0.01, 0.05, 0.1, 0.2, 0.3].map(cv => ({
    name: `normal ${cv * 100}%`,
    kind: 'normal' as const,
    cv
  })),
  ...[0.01, 0.05, 0.1, 0.2, 0.3].map(cv => ({
    name: `log-normal ${cv * 100}%`,
    kind: 'log-normal' as const,
    cv
  })),
  { name: 'runner 20%/2%', kind: 'runner', cv: 0.2 }
]
const BETWEEN_VM_CV = 0.2
const WITHIN_VM_CV = 0.02

/** A log-normal factor with mean 1 and the given CV. */
function factor(random: Random, cv: number): number {
  const sigma = Math.sqrt(Math.log(1 + cv * cv))
  return Math.exp(sigma * random.normal() - (sigma * sigma) / 2)
}

function value(random: Random, noise: Noise): number {
  if (noise.kind === 'normal') return 1 + noise.cv * random.normal()
  if (noise.kind === 'log-normal') return factor(random, noise.cv)
  return factor(random, BETWEEN_VM_CV) * factor(random, WITHIN_VM_CV)
}

/** One PR's draws before any regression: the candidate's N values and the baseline's K. */
function drawPr(random: Random, cell: Cell): { x: number[]; y: number[] } {
  const x: number[] = []
  const y: number[] = []
  if (cell.paired) {
    for (let i = 0; i < cell.n; i++) {
      if (cell.noise.kind === 'runner') {
        const vm = factor(random, BETWEEN_VM_CV)
        x.push(vm * factor(random, WITHIN_VM_CV))
        y.push(vm * factor(random, WITHIN_VM_CV))
      } else {
        x.push(value(random, cell.noise))
        y.push(value(random, cell.noise))
      }
    }
    return { x, y }
  }
  for (let i = 0; i < cell.k; i++) y.push(value(random, cell.noise))
  const vm = factor(random, BETWEEN_VM_CV)
  for (let i = 0; i < cell.n; i++) {
    x.push(
      cell.candidateOnOneVm === true ? vm * factor(random, WITHIN_VM_CV) : value(random, cell.noise)
    )
  }
  return { x, y }
}

// ---------------------------------------------------------------------------------------------
// Cells

interface Cell {
  key: string
  section: string
  noise: Noise
  k: number
  n: number
  paired: boolean
  tolerance: number
  worse: Worse
  method: MethodName
  /** The simulated candidate's repeats share one VM (runner model). */
  candidateOnOneVm?: boolean
  /** Tell decideBreach so. */
  repeatsOnOneRunner?: boolean
  /** Only the false-alarm rate (the methods-compared section). */
  falseAlarmOnly?: boolean
}

const WINDOWS = [1, 5, 20, 50]
const REPEATS = [1, 3, 5]
const PAIRS = [1, 3, 5, 8, 9]

function buildCells(): Cell[] {
  const cells: Cell[] = []
  const add = (cell: Omit<Cell, 'key'>): void => {
    const key = [
      cell.section,
      cell.noise.name,
      cell.paired ? 'pairs' : `K${cell.k}`,
      `N${cell.n}`,
      `tol${cell.tolerance}`,
      cell.worse,
      cell.method,
      cell.candidateOnOneVm === true ? 'onevm' : '',
      cell.repeatsOnOneRunner === true ? 'flag' : ''
    ].join('|')
    cells.push({ ...cell, key })
  }
  const base = { tolerance: 0, worse: 'greater' as const, method: 'auto' as const }
  for (const noise of NOISES) {
    for (const k of WINDOWS) {
      for (const n of REPEATS) add({ ...base, section: 'unpaired', noise, k, n, paired: false })
    }
  }
  for (const noise of NOISES) {
    for (const n of PAIRS) add({ ...base, section: 'paired', noise, k: n, n, paired: true })
  }
  for (const noise of NOISES) {
    for (const [k, n] of [
      [5, 3],
      [20, 1],
      [20, 5]
    ] as const) {
      add({ ...base, tolerance: 0.1, section: 'tolerance', noise, k, n, paired: false })
    }
    add({ ...base, tolerance: 0.1, section: 'tolerance', noise, k: 9, n: 9, paired: true })
  }
  const runner = NOISES.find(noise => noise.kind === 'runner') as Noise
  for (const k of [5, 20, 50]) {
    for (const n of [3, 5]) {
      for (const flag of [false, true]) {
        add({
          ...base,
          section: 'one-runner',
          noise: runner,
          k,
          n,
          paired: false,
          candidateOnOneVm: true,
          repeatsOnOneRunner: flag
        })
      }
    }
  }
  const compared: Array<[string, number, number, Worse]> = [
    ['normal 5%', 20, 3, 'greater'],
    ['normal 5%', 50, 3, 'greater'],
    ['normal 30%', 50, 3, 'greater'],
    ['log-normal 30%', 50, 3, 'greater'],
    ['log-normal 30%', 20, 1, 'greater'],
    ['normal 30%', 20, 1, 'greater'],
    ['normal 30%', 20, 1, 'less'],
    ['log-normal 30%', 20, 1, 'less'],
    ['normal 30%', 50, 5, 'less'],
    ['log-normal 30%', 50, 5, 'less']
  ]
  for (const [name, k, n, worse] of compared) {
    const noise = NOISES.find(candidate => candidate.name === name) as Noise
    for (const method of ['auto', 't', 'log-normal', 'welch', 'mann-whitney', 'z'] as const) {
      if (method === 'welch' && n === 1) continue
      add({
        section: 'methods',
        noise,
        k,
        n,
        paired: false,
        tolerance: 0,
        worse,
        method,
        falseAlarmOnly: true
      })
    }
  }
  return cells
}

// ---------------------------------------------------------------------------------------------
// One cell

/** The grid of regressions on which each PR's first breach is looked for (after 0, 5, 10, 20%). */
const GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.7, 1, 1.5, 2.25, 3.4, 5, 7.5, 11, 17, 25, 40, 60, 100]

interface CellResult {
  key: string
  prs: number
  falseAlarms: number
  detected: [number, number, number]
  mdeMedian?: number
  effect95?: number
  /** The most frequent method at r = 0, and the share of PRs that had a noise estimate. */
  label: string
  noiseEstimateShare: number
}

function runCell(cell: Cell, prs: number, seed: number): CellResult {
  const random = new Random(hashOf(cell.key) ^ seed)
  const decide = (x: number[], y: number[], r: number): BreachDecision => {
    const grow = cell.worse === 'greater' ? 1 + cell.tolerance + r : 1 - cell.tolerance - r
    return decideBreach({
      candidate: x.map(v => v * grow),
      baseline: y,
      paired: cell.paired,
      bound: {
        scale: cell.worse === 'greater' ? 1 + cell.tolerance : 1 - cell.tolerance,
        shift: 0
      },
      worse: cell.worse,
      alpha: ALPHA,
      method: cell.method,
      ...(cell.repeatsOnOneRunner === true ? { repeatsOnOneRunner: true } : {})
    })
  }
  const breaches = (x: number[], y: number[], r: number): boolean =>
    decide(x, y, r).outcome === 'breach'
  let falseAlarms = 0
  const detected: [number, number, number] = [0, 0, 0]
  const mdes: number[] = []
  const labels = new Map<string, number>()
  let withNoise = 0
  const firstBreach: number[] = []
  const draws: Array<{ x: number[]; y: number[] }> = []
  for (let pr = 0; pr < prs; pr++) {
    const { x, y } = drawPr(random, cell)
    const atZero = decide(x, y, 0)
    const label = labelOf(atZero)
    labels.set(label, (labels.get(label) ?? 0) + 1)
    if (atZero.noiseEstimate) withNoise++
    if (atZero.mde !== undefined) mdes.push(atZero.mde)
    if (atZero.outcome === 'breach') falseAlarms++
    if (cell.falseAlarmOnly === true) continue
    draws.push({ x, y })
    const hits = [0.05, 0.1, 0.2].map(r => breaches(x, y, r))
    hits.forEach((hit, i) => {
      if (hit) detected[i as 0 | 1 | 2]++
    })
    // The first grid point that breaches (GRID.length: none does).
    let first = GRID.length
    if (atZero.outcome === 'breach') first = 0
    else if (hits[0] === true) first = 1
    else if (hits[1] === true) first = 2
    else if (hits[2] === true) first = 3
    else {
      for (let j = 4; j < GRID.length; j++) {
        if (breaches(x, y, GRID[j] ?? 0)) {
          first = j
          break
        }
      }
    }
    firstBreach.push(first)
  }
  const result: CellResult = {
    key: cell.key,
    prs,
    falseAlarms,
    detected,
    label: [...labels.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
    noiseEstimateShare: withNoise / prs
  }
  if (mdes.length > prs / 2) result.mdeMedian = Math.min(medianOf(mdes), UNBOUNDED)
  if (cell.falseAlarmOnly !== true) {
    const effect = effectDetected95(firstBreach, draws, breaches)
    if (effect !== undefined) result.effect95 = effect
  }
  return result
}

/**
 * The 95th percentile of the PRs' smallest breaching regression: the grid interval it falls in,
 * then the PRs whose first breach is in that interval refined by bisection (to 0.5%).
 */
function effectDetected95(
  firstBreach: number[],
  draws: Array<{ x: number[]; y: number[] }>,
  breaches: (x: number[], y: number[], r: number) => boolean
): number | undefined {
  const m = firstBreach.length
  const rank = Math.ceil(0.95 * m) // the rank-th smallest
  const sorted = [...firstBreach].sort((a, b) => a - b)
  const j = sorted[rank - 1] ?? GRID.length
  if (j >= GRID.length) return undefined
  if (j === 0) return 0
  const below = sorted.filter(f => f < j).length
  const lo = GRID[j - 1] ?? 0
  const hi = GRID[j] ?? 0
  const refined: number[] = []
  firstBreach.forEach((f, i) => {
    if (f !== j) return
    const draw = draws[i] as { x: number[]; y: number[] }
    let a = lo
    let b = hi
    while (b - a > 0.005 * Math.max(b, 0.01)) {
      const mid = (a + b) / 2
      if (breaches(draw.x, draw.y, mid)) b = mid
      else a = mid
    }
    refined.push(b)
  })
  refined.sort((a, b) => a - b)
  return refined[rank - below - 1]
}

function labelOf(decision: BreachDecision): string {
  if (decision.test === 'deterministic') return 'deterministic'
  const both = decision.method.includes('values and logs') ? ' (values+logs)' : ''
  const pi = decision.method.includes('prediction interval') ? ' PI' : ''
  return `${decision.test}${pi}${both}`
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2
}

// ---------------------------------------------------------------------------------------------
// The table

function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`
}

/** The false-alarm rate, ✓ when within α + the binomial 99% upper margin. */
function falseAlarmOk(result: CellResult): boolean {
  const margin = Z99 * Math.sqrt((ALPHA * (1 - ALPHA)) / result.prs)
  return result.falseAlarms / result.prs <= ALPHA + margin
}

function falseAlarmCell(result: CellResult): string {
  const rate = percent(result.falseAlarms / result.prs, 2)
  if (falseAlarmOk(result)) return `${rate} ✓`
  return result.noiseEstimateShare === 0 ? `${rate} ✗ (no noise estimate, by design)` : `${rate} ✗`
}

/** Printed MDE, simulated effect, their ratio with ✓/✗, and the verdict (undefined: none). */
function mdeCells(result: CellResult): [string, string, string, boolean | undefined] {
  const { mdeMedian, effect95 } = result
  const printed = mdeMedian === undefined ? '—' : mdeMedian >= UNBOUNDED ? '∞' : percent(mdeMedian)
  const simulated = effect95 === undefined ? '> 10000%' : percent(effect95)
  if (mdeMedian === undefined || effect95 === 0) return [printed, simulated, '—', undefined]
  if (effect95 === undefined || mdeMedian >= UNBOUNDED) {
    const ok = effect95 === undefined && mdeMedian >= UNBOUNDED
    return [printed, simulated, ok ? 'both unbounded ✓' : '✗', ok]
  }
  const ratio = mdeMedian / effect95
  const ok = ratio >= 0.8 && ratio <= 1.2
  return [printed, simulated, `${ratio.toFixed(2)} ${ok ? '✓' : '✗'}`, ok]
}

const SECTIONS: Array<[string, string]> = [
  ['unpaired', 'Unpaired, max_regression 0% (a lower-is-better time)'],
  ['paired', 'Paired runs (each pair on one VM in the runner model), max_regression 0%'],
  [
    'tolerance',
    'max_regression 10%: the no-op is a 10% regression (the null boundary); effects beyond it'
  ],
  [
    'one-runner',
    "Runner model, the candidate's repeats on one VM (the window's runs each on their own)"
  ]
]
const EMPTY_TALLY = {
  cells: 0,
  calibrated: 0,
  calibratedAgain: 0,
  judged: 0,
  mdeOk: 0,
  designed: 0
}
const COMPARED: MethodName[] = ['auto', 't', 'log-normal', 'welch', 'mann-whitney', 'z']

/**
 * Cells just beyond the margin (rate < 2α) run again, false alarms only, with ten times the PRs
 * and another seed: with some 220 cells each checked at 99%, two or three exceed the margin by
 * chance alone, and a second, larger sample tells chance from a real excess.
 */
function recheck(
  cells: Cell[],
  results: Map<string, CellResult>,
  prs: number,
  seed: number
): Array<[Cell, CellResult]> {
  const near = cells.filter(cell => {
    const result = results.get(cell.key)
    if (cell.section === 'methods' || result === undefined) return false
    if (result.noiseEstimateShare === 0 || falseAlarmOk(result)) return false
    return result.falseAlarms / result.prs < 2 * ALPHA
  })
  return near.map(cell => {
    process.stderr.write(`re-checking ${cell.key} with ${prs * 10} PRs\n`)
    return [cell, runCell({ ...cell, falseAlarmOnly: true }, prs * 10, seed + 1)]
  })
}

function printTables(
  cells: Cell[],
  results: Map<string, CellResult>,
  prs: number,
  rechecked: Array<[Cell, CellResult]>
): void {
  const lines: string[] = []
  const margin = Z99 * Math.sqrt((ALPHA * (1 - ALPHA)) / prs)
  lines.push(
    `# Verdicts on simulated pull requests (${prs} per cell, α = ${ALPHA}, seeded)`,
    '',
    `False alarm: share of no-op PRs that breach; ✓ when ≤ α + ${percent(margin, 2)} (the binomial 99% upper margin at ${prs} PRs). ` +
      'Detection at 5/10/20%: share of PRs with that regression that breach. MDE printed: the median of the MDE `decideBreach` reports on no-op PRs; ' +
      'simulated: the regression 95% of PRs detect; ✓ when printed / simulated is within 0.8–1.2.',
    ''
  )
  const summary: string[] = []
  const tallies = new Map<string, typeof EMPTY_TALLY>()
  const again = new Map(rechecked.map(([cell, result]) => [cell.key, result]))
  for (const [section, title] of SECTIONS) {
    const inSection = cells.filter(c => c.section === section)
    if (inSection.length === 0) continue
    lines.push(`## ${title}`, '')
    const paired = section === 'paired'
    lines.push(
      `| noise | ${paired ? 'pairs' : 'K | N'} | method | false alarm | 5% | 10% | 20% | MDE printed | 95% effect simulated | ratio |`,
      `|---|${paired ? '---' : '---|---'}|---|---|---|---|---|---|---|---|`
    )
    for (const cell of inSection) {
      const result = results.get(cell.key)
      if (result === undefined) continue
      const [printed, simulated, ratio, mdeOk] = mdeCells(result)
      const sizes = paired ? `${cell.n}` : `${cell.k} | ${cell.n}`
      const label =
        section === 'one-runner'
          ? `${result.label}${cell.repeatsOnOneRunner === true ? ', repeatsOnOneRunner' : ', repeats taken as independent'}`
          : result.label
      const detected = result.detected.map(d => percent(d / result.prs)).join(' | ')
      lines.push(
        `| ${cell.noise.name} | ${sizes} | ${label} | ${falseAlarmCell(result)} | ${detected} | ${printed} | ${simulated} | ${ratio} |`
      )
      const group =
        section === 'one-runner'
          ? `${section}, ${cell.repeatsOnOneRunner === true ? 'repeatsOnOneRunner' : 'repeats taken as independent'}`
          : section
      const tally = tallies.get(group) ?? { ...EMPTY_TALLY }
      tallies.set(group, tally)
      if (result.noiseEstimateShare === 0) {
        tally.designed++
        continue
      }
      tally.cells++
      if (falseAlarmOk(result)) tally.calibrated++
      const second = again.get(cell.key)
      if (second !== undefined && falseAlarmOk(second)) tally.calibratedAgain++
      if (mdeOk !== undefined) tally.judged++
      if (mdeOk === true) tally.mdeOk++
    }
    lines.push('')
  }
  const rows = new Map<string, Cell[]>()
  for (const cell of cells.filter(c => c.section === 'methods')) {
    const row = `${cell.noise.name}|${cell.k}|${cell.n}|${cell.worse}`
    rows.set(row, [...(rows.get(row) ?? []), cell])
  }
  if (rows.size > 0) {
    lines.push(
      '## Methods compared (false alarms only): why `auto` is Student t on values and logs',
      '',
      `| noise | K | N | worse | ${COMPARED.join(' | ')} |`,
      `|---|---|---|---|${COMPARED.map(() => '---').join('|')}|`
    )
  }
  for (const [row, group] of rows) {
    const rate = (method: MethodName): string => {
      const cell = group.find(c => c.method === method)
      const result = cell === undefined ? undefined : results.get(cell.key)
      if (result === undefined) return '—'
      return `${percent(result.falseAlarms / result.prs, 2)} ${falseAlarmOk(result) ? '✓' : '✗'}`
    }
    lines.push(`| ${row.split('|').join(' | ')} | ${COMPARED.map(rate).join(' | ')} |`)
  }
  if (rechecked.length > 0) {
    lines.push(
      '',
      `## Re-checked: the cells just beyond the margin, again with ${prs * 10} PRs and seed ${seed + 1}`,
      '',
      '| cell | false alarm | again |',
      '|---|---|---|'
    )
    for (const [cell, again] of rechecked) {
      const first = results.get(cell.key)
      if (first === undefined) continue
      lines.push(
        `| ${cell.key.split('|').filter(Boolean).join(', ')} | ${falseAlarmCell(first)} | ${falseAlarmCell(again)} |`
      )
    }
  }
  for (const [group, tally] of tallies) {
    const recovered =
      tally.calibratedAgain > 0 ? ` (+ ${tally.calibratedAgain} on the re-check)` : ''
    const designed =
      tally.designed > 0 ? `; ${tally.designed} deterministic without one, by design` : ''
    summary.push(
      `- ${group}: false alarm ✓ in ${tally.calibrated}${recovered} of ${tally.cells} cells with a noise estimate${designed}; ` +
        `MDE ✓ in ${tally.mdeOk} of ${tally.judged}.`
    )
  }
  lines.push('', '## Summary', '', ...summary)
  console.log(lines.join('\n'))
}

// ---------------------------------------------------------------------------------------------
// Main: the parent splits the cells over child processes and prints the table.

const { values: args } = parseArgs({
  options: {
    prs: { type: 'string', default: '10000' },
    jobs: { type: 'string', default: String(Math.min(2, os.availableParallelism())) },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    shard: { type: 'string' }
  }
})
const prs = Number(args.prs)
const seed = Number(args.seed)
/** `--only text`: just the cells whose key contains the text (e.g. `--only 'normal 1%|K1|'`). */
const cells = buildCells().filter(cell => args.only === undefined || cell.key.includes(args.only))

if (args.shard !== undefined) {
  const [index, count] = args.shard.split('/').map(Number) as [number, number]
  cells.forEach((cell, i) => {
    if (i % count !== index) return
    const started = performance.now()
    const result = runCell(cell, prs, seed)
    process.stdout.write(`${JSON.stringify(result)}\n`)
    process.stderr.write(
      `[${i + 1}/${cells.length}] ${cell.key} ${((performance.now() - started) / 1000).toFixed(1)}s\n`
    )
  })
} else {
  const jobs = Math.max(1, Number(args.jobs))
  const started = performance.now()
  const outputs = await Promise.all(
    Array.from({ length: jobs }, (_, index) => {
      const child = spawn(
        process.execPath,
        [
          process.argv[1] ?? '',
          '--prs',
          String(prs),
          '--seed',
          String(seed),
          ...(args.only === undefined ? [] : ['--only', args.only]),
          '--shard',
          `${index}/${jobs}`
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      )
      let out = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', chunk => (out += chunk))
      return new Promise<string>((resolve, reject) =>
        child.on('close', code =>
          code === 0 ? resolve(out) : reject(new Error(`shard ${index} exited ${code}`))
        )
      )
    })
  )
  const results = new Map<string, CellResult>()
  for (const line of outputs.join('').split('\n')) {
    if (line.trim() === '') continue
    const result = JSON.parse(line) as CellResult
    results.set(result.key, result)
  }
  printTables(cells, results, prs, recheck(cells, results, prs, seed))
  process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(0)}s\n`)
}
