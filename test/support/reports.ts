/** Sample reports for the renderers' tests (Markdown, SVG, HTML). */
import { compareRuns } from '../../src/core/compare/compare.js'
import type { MetricVerdict } from '../../src/core/compare/types.js'
import { DEFAULT_LABEL, type CareLabelConfig } from '../../src/core/config/types.js'
import { rateCareLabel } from '../../src/core/label/rate.js'
import { diffParams } from '../../src/core/report/build.js'
import type { Report } from '../../src/core/report/types.js'

export const config: CareLabelConfig = {
  file: '.github/care-label.yml',
  baseline: {},
  label: DEFAULT_LABEL,
  metrics: [
    {
      metric: 'accuracy',
      greaterIsBetter: true,
      threshold: 0.9,
      maxRegression: { kind: 'relative', value: 0.01, text: '1%' },
      level: 'fail',
      line: 3,
      category: 'quality',
      rating: [0.97, 0.94, 0.9]
    },
    { metric: 'f1_macro', greaterIsBetter: true, minAbsoluteChange: 0.001, level: 'fail', line: 8 },
    {
      metric: 'train_seconds',
      greaterIsBetter: false,
      maxRegression: { kind: 'relative', value: 0.25, text: '25%' },
      level: 'warn',
      line: 11,
      category: 'runtime'
    }
  ]
}

/** How a metric of several runs was decided, with every optional field filled. */
export const SAMPLE_DECISION: NonNullable<MetricVerdict['decision']> = {
  method: 'Student t, 3 runs against 10',
  samples: { candidate: 3, baseline: 10 },
  noiseEstimate: true,
  alpha: 0.01,
  significance: 'worse',
  pValue: 0.004,
  limit: 0.93,
  interval: { low: -0.0612, high: -0.0205, level: 0.95 },
  mde: 0.031
}

export function sampleReport(
  candidate: Record<string, number>,
  baseline: Record<string, number> | undefined,
  params: [Record<string, string>, Record<string, string>] = [
    { max_depth: '3' },
    { max_depth: '4' }
  ]
): Report {
  const comparison = compareRuns(config, candidate, baseline)
  return {
    schemaVersion: 1,
    key: 'ci/care-label',
    experimentName: 'iris-classifier',
    verdict: comparison.verdict,
    gate: true,
    run: {
      runId: 'c'.repeat(32),
      runName: 'pr-7-abc1234',
      experimentId: '1',
      status: 'FINISHED',
      startTime: 2,
      url: 'http://127.0.0.1:5000/#/experiments/1/runs/ccc',
      params: params[0],
      metrics: candidate
    },
    baseline: baseline && {
      runId: 'b'.repeat(32),
      runName: 'main-def5678',
      experimentId: '1',
      status: 'FINISHED',
      startTime: 1,
      params: params[1],
      metrics: baseline
    },
    baselineHow: baseline
      ? "the latest finished run of entry point 'main' on branch 'main'"
      : "no baseline: no finished run of entry point 'main' on branch 'main' was found.",
    comparison,
    label: rateCareLabel(config, candidate, baseline),
    measurements: {
      candidate: [{ runId: 'c'.repeat(32), metrics: candidate, platform: {} }],
      baseline: baseline ? [{ runId: 'b'.repeat(32), metrics: baseline, platform: {} }] : []
    },
    paramChanges: baseline ? diffParams(params[0], params[1]) : [],
    config: { file: config.file },
    store: 'MLflow tracking server http://127.0.0.1:5000',
    context: {
      event: 'pull_request',
      pullRequest: 7,
      workflowRunUrl: 'https://github.com/o/r/actions/runs/1'
    },
    notes: []
  }
}
