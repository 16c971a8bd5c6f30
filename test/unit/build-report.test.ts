/** The report of sets of runs: one run as itself, repeats as their parent with their centre. */
import { compareRuns } from '../../src/core/compare/compare.js'
import { EMPTY_CONFIG } from '../../src/core/config/types.js'
import { rateCareLabel } from '../../src/core/label/rate.js'
import { buildReport, type ReportInput } from '../../src/core/report/build.js'
import { readRunContext } from '../../src/adapters/github/context.js'
import { makeRun } from '../support/fakes.js'

function input(
  candidate: ReportInput['candidate'],
  baseline: ReportInput['baseline']
): ReportInput {
  return {
    key: 'k',
    experimentName: 'iris',
    gate: true,
    candidate,
    baseline,
    links: { parent: 'https://ui/#/experiments/1/runs/parent', b2: 'https://ui/b2' },
    comparison: compareRuns(EMPTY_CONFIG, {}, undefined),
    label: rateCareLabel(EMPTY_CONFIG, {}, undefined),
    config: {},
    store: 'MLflow tracking server',
    context: readRunContext({}, {}),
    notes: [],
    histories: []
  }
}

describe('buildReport over sets of runs', () => {
  it('shows one run as itself', () => {
    const run = makeRun('c1', { metrics: { acc: 0.9 }, params: { seed: '0' } })
    const report = buildReport(input({ runs: [run], how: 'this run' }, { runs: [], how: 'none' }))
    expect(report.run).toEqual({
      runId: 'c1',
      runName: 'run-c1',
      experimentId: '1',
      status: 'FINISHED',
      startTime: 0,
      url: undefined,
      params: { seed: '0' },
      metrics: { acc: 0.9 }
    })
    expect(report.baseline).toBeUndefined()
  })

  it('shows repeats as their parent run, with the median of their values', () => {
    const runs = [0.9, 0.94, 0.91].map((acc, i) =>
      makeRun(`c${i}`, { metrics: { acc }, params: { seed: String(i) } })
    )
    const parent = makeRun('parent')
    const window = [
      makeRun('b2', { metrics: { acc: 0.8 } }),
      makeRun('b1', { metrics: { acc: 0.7 } })
    ]
    const report = buildReport(
      input({ runs, how: 'this run, 3 repeats', parent }, { runs: window, how: 'a window' })
    )
    expect(report.run).toMatchObject({
      runId: 'parent',
      url: 'https://ui/#/experiments/1/runs/parent',
      params: { seed: '0' },
      metrics: { acc: 0.91 },
      runs: 3
    })
    expect(report.baseline).toMatchObject({
      runId: 'b2',
      url: 'https://ui/b2',
      metrics: { acc: 0.75 },
      runs: 2
    })
  })
})
