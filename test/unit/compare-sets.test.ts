/**
 * Sets of runs compared with statistics: one run a side is decided as written; a window and
 * repeats decide a breach only when it is significant; machine-bound metrics are compared only
 * on the same platform; a letter moves only with a significant change.
 */
import { compareRuns } from '../../src/core/compare/compare.js'
import { compareSets } from '../../src/core/compare/compare-sets.js'
import type { RunSet } from '../../src/core/compare/samples.js'
import { parseConfig } from '../../src/core/config/parse.js'
import type { Run } from '../../src/core/runs.js'
import { decide } from '../../src/pipeline/decide.js'
import { makeRun } from '../support/fakes.js'

const RULES = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.8
    max_regression: 2%
    category: quality
    rating: [0.95, 0.9, 0.85]
  train_seconds:
    greater_is_better: false
    max_regression: 10%
    category: runtime
`
const config = parseConfig('rules.yml', RULES)

const PLATFORM = {
  'care-label.runner.os': 'Linux',
  'care-label.runner.arch': 'X64',
  'care-label.env.cpu': 'AMD EPYC 7763 × 4',
  'care-label.env.gpu': 'none found'
}

function run(
  id: string,
  metrics: Record<string, number>,
  tags: Record<string, string> = PLATFORM
): Run {
  return makeRun(id, { metrics, tags })
}

function set(runs: Run[]): RunSet {
  return { runs, how: 'test' }
}

/** Ten base-branch runs: runtime with ±20% noise around 10 s, accuracy exactly 0.9. */
const WINDOW = [10, 8.5, 11.5, 9.5, 10.5, 12, 8, 11, 9, 10].map((s, i) =>
  run(`b${i}`, { accuracy: 0.9, train_seconds: s })
)

describe('compareSets', () => {
  it('one run a side: the rules as written, exactly as compareRuns, and it says so', () => {
    const now = run('c', { accuracy: 0.91, train_seconds: 10.5 })
    const base = run('b', { accuracy: 0.92, train_seconds: 10 })
    const sets = compareSets(config, set([now]), set([base]))
    const plain = compareRuns(config, now.data.metrics, base.data.metrics)
    expect(sets.verdict).toBe(plain.verdict)
    expect(sets.metrics.map(m => [m.metric, m.status, m.checks])).toEqual(
      plain.metrics.map(m => [m.metric, m.status, m.checks])
    )
    expect(sets.metrics.map(m => m.notes)).toEqual([
      ['no noise estimate (one run a side): decided on the values as they are'],
      ['no noise estimate (one run a side): decided on the values as they are']
    ])
    expect(sets.metrics.every(m => m.decision === undefined)).toBe(true)
  })

  it('a runtime within the window’s noise, but past the tolerance, is inconclusive, not a failure', () => {
    const result = compareSets(
      config,
      set([run('c', { accuracy: 0.9, train_seconds: 11.5 })]),
      set(WINDOW)
    )
    const runtime = result.metrics.find(m => m.metric === 'train_seconds')
    expect(runtime?.status).toBe('inconclusive')
    expect(runtime?.checks).toMatchObject([
      { rule: 'max_regression', passed: true, outcome: 'inconclusive' }
    ])
    expect(runtime?.decision).toMatchObject({
      samples: { candidate: 1, baseline: 10 },
      noiseEstimate: true,
      alpha: 0.01,
      significance: 'none'
    })
    expect(result.verdict).toBe('pass')
    expect(result.counts.inconclusive).toBe(1)
  })

  it('a runtime far beyond the noise fails, with the method and p-value', () => {
    const result = compareSets(
      config,
      set([run('c', { accuracy: 0.9, train_seconds: 20 })]),
      set(WINDOW)
    )
    const runtime = result.metrics.find(m => m.metric === 'train_seconds')
    expect(runtime?.status).toBe('fail')
    expect(runtime?.checks[0]?.outcome).toBe('breach')
    expect(runtime?.checks[0]?.pValue).toBeLessThan(0.01)
    expect(runtime?.decision?.significance).toBe('worse')
    expect(result.verdict).toBe('fail')
  })

  it('on_inconclusive: fail makes an inconclusive breach fail', () => {
    const strict = parseConfig('rules.yml', `${RULES}decision:\n  on_inconclusive: fail\n`)
    const result = compareSets(
      strict,
      set([run('c', { accuracy: 0.9, train_seconds: 11.5 })]),
      set(WINDOW)
    )
    expect(result.metrics.find(m => m.metric === 'train_seconds')?.status).toBe('fail')
  })

  it('an exact metric (no spread on either side) is decided on its values, without a noise estimate', () => {
    const repeats = [1, 2, 3].map(i => run(`c${i}`, { accuracy: 0.9, train_seconds: 10 }))
    const accuracy = compareSets(config, set(repeats), set(WINDOW)).metrics[0]
    expect(accuracy?.status).toBe('pass')
    expect(accuracy?.decision).toMatchObject({
      noiseEstimate: false,
      samples: { candidate: 3, baseline: 10 }
    })
  })

  it('compares a runtime only with runs of the same platform', () => {
    const elsewhere = WINDOW.map(r =>
      run(r.info.runId, r.data.metrics, { ...PLATFORM, 'care-label.env.cpu': 'Intel Xeon × 2' })
    )
    const result = compareSets(
      config,
      set([run('c', { accuracy: 0.9, train_seconds: 30 })]),
      set(elsewhere)
    )
    const runtime = result.metrics.find(m => m.metric === 'train_seconds')
    expect(runtime?.status).toBe('not-comparable')
    expect(runtime?.baseline).toBeUndefined()
    expect(runtime?.notes).toEqual([
      'not compared with the baseline: it was measured on another platform (CPU: Intel Xeon × 2, not AMD EPYC 7763 × 4)'
    ])
    // Quality is not machine-bound: still compared.
    expect(result.metrics[0]?.baseline).toBe(0.9)
    expect(result.verdict).toBe('pass')
  })
})

describe('letters that do not flip on noise', () => {
  it('identical re-runs give identical letters', () => {
    // Five "identical" pull-request runs: the runtime only varies by the runner's noise.
    const letters = [10.4, 11.6, 9.1, 10.9, 11.3].map(seconds => {
      const { label } = decide(
        config,
        set([run('c', { accuracy: 0.9, train_seconds: seconds })]),
        set(WINDOW)
      )
      return label.categories.map(c => `${c.category}:${c.letter ?? '?'}`).join(' ')
    })
    expect(new Set(letters).size).toBe(1)
    expect(letters[0]).toBe('quality:B robustness:? runtime:A memory:? energy:? complexity:?')
  })

  it('a significant regression moves the letter', () => {
    const { label } = decide(
      config,
      set([run('c', { accuracy: 0.9, train_seconds: 20 })]),
      set(WINDOW)
    )
    expect(label.categories.find(c => c.category === 'runtime')?.letter).toBe('D')
  })
})

describe('compareSets with paired runs', () => {
  /** Runner VMs 30% apart: the pair's own VM sets the level, the change sets the ratio. */
  const speeds = [1, 1.3, 0.8, 1.15, 0.9]
  const pairs = (ratio: number) => ({
    candidate: set(
      speeds.map((v, i) =>
        run(`c${i}`, { accuracy: 0.9, train_seconds: 10 * v * ratio * (1 + 0.002 * i) })
      )
    ),
    baseline: {
      ...set(speeds.map((v, i) => run(`b${i}`, { accuracy: 0.9, train_seconds: 10 * v }))),
      paired: true
    }
  })

  it('sees a 20% slowdown through 30% runner noise, pair by pair', () => {
    const { candidate, baseline } = pairs(1.2)
    const runtime = compareSets(config, candidate, baseline).metrics.find(
      m => m.metric === 'train_seconds'
    )
    expect(runtime?.status).toBe('fail')
    expect(runtime?.decision?.method).toBe('paired t on log ratios, 5 pairs')
    expect(runtime?.decision?.samples).toEqual({ candidate: 5, baseline: 5 })
    // The same runs unpaired: the runner noise hides it.
    const unpaired = compareSets(config, candidate, { ...baseline, paired: false })
    expect(unpaired.metrics.find(m => m.metric === 'train_seconds')?.status).not.toBe('fail')
  })

  it('passes a change within the tolerance', () => {
    const { candidate, baseline } = pairs(1.03)
    const runtime = compareSets(config, candidate, baseline).metrics.find(
      m => m.metric === 'train_seconds'
    )
    expect(runtime?.status).toBe('pass')
  })

  it('compares across platform tags (a pair ran on one runner) and drops a pair with a value missing', () => {
    const { candidate, baseline } = pairs(1.2)
    const elsewhere = { ...PLATFORM, 'care-label.env.cpu': 'Intel Xeon × 2' }
    const runs = baseline.runs.map((r, i) =>
      i === 1
        ? run(r.info.runId, { accuracy: 0.9 }, elsewhere)
        : run(r.info.runId, r.data.metrics, elsewhere)
    )
    const runtime = compareSets(config, candidate, { ...baseline, runs }).metrics.find(
      m => m.metric === 'train_seconds'
    )
    expect(runtime?.status).toBe('fail')
    expect(runtime?.decision?.samples).toEqual({ candidate: 4, baseline: 4 })
  })

  it('is unpaired when the sides have different numbers of runs', () => {
    const { candidate, baseline } = pairs(1.2)
    const runtime = compareSets(config, candidate, {
      ...baseline,
      runs: baseline.runs.slice(1)
    }).metrics.find(m => m.metric === 'train_seconds')
    expect(runtime?.decision?.method).not.toMatch(/^paired/)
  })
})

describe('runs of one job count as one, for machine-bound metrics', () => {
  const job = (prefix: string, parent: string, seconds: number[]) =>
    seconds.map((s, i) =>
      run(
        `${prefix}${i}`,
        { accuracy: 0.9 + i * 0.001, train_seconds: s },
        {
          ...PLATFORM,
          'mlflow.parentRunId': parent
        }
      )
    )
  // Three repeats of one push, and three of the pull request: 24% slower, on a busier machine.
  const base = job('b', 'push-1', [0.606, 0.582, 0.589])
  const now = job('c', 'pr-1', [0.689, 0.739, 0.732])

  it('a baseline of one job has no noise estimate of the machine: nothing significant, the letter held', () => {
    const { comparison, label } = decide(config, set(now), set(base))
    const runtime = comparison.metrics.find(m => m.metric === 'train_seconds')
    expect(runtime?.decision?.samples).toEqual({ candidate: 3, baseline: 1 })
    // No estimate of the noise between machines: the rule is decided on the values as written.
    expect(runtime?.decision?.noiseEstimate).toBe(false)
    expect(runtime?.decision?.significance).toBe('none')
    const rated = label.metrics.find(m => m.metric === 'train_seconds')
    const before = decide(config, set(base), set(base)).label.metrics.find(
      m => m.metric === 'train_seconds'
    )
    expect(rated?.letter).toBe(before?.letter)
    // Quality is not machine-bound: the repeats' seeds are its noise, each run counts.
    const accuracy = comparison.metrics.find(m => m.metric === 'accuracy')
    expect(accuracy?.decision?.samples).toEqual({ candidate: 3, baseline: 3 })
  })

  it('a window of several jobs is one value per job', () => {
    const window = [...job('x', 'push-2', [0.6, 0.61]), ...job('y', 'push-3', [0.58]), ...base]
    const runtime = compareSets(config, set(now), set(window)).metrics.find(
      m => m.metric === 'train_seconds'
    )
    expect(runtime?.decision?.samples).toEqual({ candidate: 3, baseline: 3 })
  })

  it('tells jobs apart by their workflow run first', () => {
    const tagged = base.map((r, i) =>
      run(r.info.runId, r.data.metrics, {
        ...r.data.tags,
        'care-label.workflow-run-url': `https://github.com/o/r/actions/runs/${i}`
      })
    )
    const runtime = compareSets(config, set(now), set(tagged)).metrics.find(
      m => m.metric === 'train_seconds'
    )
    expect(runtime?.decision?.samples).toEqual({ candidate: 3, baseline: 3 })
  })
})
