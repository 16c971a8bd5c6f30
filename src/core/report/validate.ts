/**
 * Strict reading of a report.json that came from somewhere else: the publish stage reads the
 * bundle a pull request's workflow uploaded, so the file was written by code under review. Every
 * field is checked for its type, and strings and lists for their size; unknown fields are
 * dropped, so nothing unchecked reaches the renderers. A link that is not a plain http(s)
 * address is left out, with a note (see urls.ts; the publish stage then checks where each link
 * points with sanitizeBundleLinks). Pure.
 */
import { DataFormatError, ReportFormatError, errorMessage } from '../../errors.js'

export { ReportFormatError }
import { bool, int, list, map, num, oneOf, shape, str } from '../../util/guards.js'
import { labelArtifactsOf } from './build.js'
import type { Report } from './types.js'
import { dropUnsafeLinks } from './urls.js'

/** Generous bounds: far above what a real report has, far below what hurts. */
const LIMITS = { text: 2000, id: 64, list: 20000, points: 1000, map: 5000, runs: 1000 }

const letter = oneOf('A', 'B', 'C', 'D', 'E')
const status = oneOf('pass', 'fail', 'warn', 'missing', 'info', 'inconclusive', 'not-comparable')

const runSummary = shape<Report['run']>(
  {
    runId: str(LIMITS.id),
    runName: str(),
    experimentId: str(LIMITS.id),
    status: str(LIMITS.id),
    startTime: num,
    url: str(),
    params: map(str()),
    metrics: map(num),
    runs: int,
    model: shape({ modelId: str(LIMITS.id), name: str(500) }),
    sweep: shape({ parentRunId: str(LIMITS.id), parentRunName: str(), children: int, by: str(600) })
  },
  ['url', 'runs', 'model', 'sweep']
)

type MetricVerdict = Report['comparison']['metrics'][number]

const verdict = shape<MetricVerdict>(
  {
    metric: str(),
    candidate: num,
    baseline: num,
    change: num,
    relativeChange: num,
    greaterIsBetter: bool,
    direction: oneOf('better', 'worse', 'same', 'within', 'unknown'),
    checks: list(
      shape(
        {
          rule: oneOf('threshold', 'min_absolute_change', 'min_relative_change', 'max_regression'),
          passed: bool,
          description: str(),
          outcome: oneOf('breach', 'no-breach', 'inconclusive'),
          pValue: num
        },
        ['outcome', 'pValue']
      ),
      10
    ),
    status,
    level: oneOf('fail', 'warn'),
    notes: list(str(), 20),
    line: int,
    decision: shape<NonNullable<MetricVerdict['decision']>>(
      {
        method: str(300),
        samples: shape({ candidate: int, baseline: int }),
        noiseEstimate: bool,
        alpha: num,
        significance: oneOf('worse', 'better', 'none'),
        pValue: num,
        limit: num,
        interval: shape({ low: num, high: num, level: num }),
        mde: num
      },
      ['pValue', 'limit', 'interval', 'mde']
    )
  },
  ['candidate', 'baseline', 'change', 'relativeChange', 'greaterIsBetter', 'line', 'decision']
)

const measurement = shape<NonNullable<Report['measurements']>['candidate'][number]>({
  runId: str(LIMITS.id),
  metrics: map(num),
  platform: map(str(500), 10)
})
const measurements = list(measurement, LIMITS.runs)

const points = list(shape({ step: num, value: num }), LIMITS.points)

const readReport = shape<Report>(
  {
    schemaVersion: (v, where) => {
      if (v !== 1) {
        throw new ReportFormatError(
          `${where} is not 1 (a report of another version of this action)`
        )
      }
      return 1
    },
    key: str(200),
    experimentName: str(),
    verdict: oneOf('pass', 'fail', 'no-baseline'),
    gate: bool,
    run: runSummary,
    baseline: runSummary,
    baselineHow: str(),
    comparison: shape({
      verdict: oneOf('pass', 'fail', 'no-baseline'),
      hasBaseline: bool,
      metrics: list(verdict),
      counts: shape(
        {
          pass: int,
          fail: int,
          warn: int,
          missing: int,
          info: int,
          inconclusive: int,
          'not-comparable': int
        },
        // Reports of earlier versions have no such metrics.
        ['inconclusive', 'not-comparable']
      )
    }),
    label: shape<Report['label']>(
      {
        scale: oneOf('A-D', 'A-E'),
        overall: letter,
        baselineOverall: letter,
        categories: list(
          shape({ category: str(200), letter, baselineLetter: letter, metrics: list(str()) }, [
            'letter',
            'baselineLetter'
          ]),
          100
        ),
        metrics: list(
          shape(
            {
              metric: str(),
              category: str(200),
              letter,
              basis: oneOf('absolute', 'index'),
              index: num
            },
            ['index']
          )
        ),
        how: str(),
        notes: list(str(), 1000)
      },
      ['overall', 'baselineOverall']
    ),
    measurements: shape({ candidate: measurements, baseline: measurements, paired: bool }, [
      'paired'
    ]),
    paramChanges: list(
      shape({ key: str(), candidate: str(), baseline: str() }, ['candidate', 'baseline'])
    ),
    config: shape({ file: str(), note: str() }, ['file', 'note']),
    rules: shape({ from: oneOf('base', 'head'), changes: list(str(), 200) }),
    store: str(),
    context: shape(
      {
        event: str(100),
        pullRequest: int,
        headSha: str(LIMITS.id),
        branch: str(300),
        baseRef: str(300),
        workflowRunUrl: str()
      },
      ['pullRequest', 'headSha', 'branch', 'baseRef', 'workflowRunUrl']
    ),
    notes: list(str(), 50),
    histories: list(
      shape(
        {
          metric: str(),
          candidate: points,
          baseline: points,
          baselineBand: shape({
            runs: num,
            points: list(shape({ step: num, low: num, high: num }), LIMITS.points)
          })
        },
        ['baseline', 'baselineBand']
      ),
      20
    ),
    environment: shape(
      { runner: str(200), cpu: str(200), gpu: str(500), python: str(100), mlflow: str(100) },
      ['runner', 'cpu', 'gpu', 'python', 'mlflow']
    ),
    artifactUrl: str(),
    labelArtifacts: shape({ uri: str(LIMITS.text), tagged: bool }, ['tagged']),
    // No version: a bundle comes from a pull request, which never registers (a version in it
    // would be a claim, not a fact).
    registration: shape(
      {
        name: str(500),
        alias: str(300),
        source: str(LIMITS.text),
        reason: str(LIMITS.text),
        failed: bool
      },
      ['source', 'reason', 'failed']
    ),
    tests: list(
      shape(
        {
          name: str(200),
          entryPoint: str(200),
          category: str(200),
          runId: str(LIMITS.id),
          // No url: a bundle's links are only those the publish stage checks (urls.ts).
          status: oneOf('passed', 'failed', 'not-measured'),
          level: oneOf('fail', 'warn'),
          required: bool,
          metrics: list(str(), 1000),
          baselineRunId: str(LIMITS.id),
          ranOn: str(500)
        },
        ['category', 'runId', 'baselineRunId', 'required', 'ranOn']
      ),
      200
    )
  },
  [
    'baseline',
    'histories',
    'environment',
    'artifactUrl',
    'rules',
    'measurements',
    'labelArtifacts',
    'registration',
    'tests'
  ]
)

/** The label can only be among the artifacts of the run the report shows. */
function checkLabelArtifacts(report: Report): Report {
  const uri = report.labelArtifacts?.uri
  if (uri !== undefined && uri !== labelArtifactsOf(report.run.runId).uri) {
    throw new ReportFormatError(
      `report.labelArtifacts.uri is not ${labelArtifactsOf(report.run.runId).uri} (the label of the report's run)`
    )
  }
  return report
}

/**
 * Parses and checks a report.json; throws ReportFormatError saying which field is wrong. Links
 * that are not plain http(s) addresses are left out, each with a note in `notes`.
 */
export function parseReport(text: string): Report {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ReportFormatError(`report.json is not JSON: ${errorMessage(error)}`)
  }
  try {
    return dropUnsafeLinks(checkLabelArtifacts(readReport(json, 'report'))).report
  } catch (error) {
    if (error instanceof DataFormatError) throw new ReportFormatError(error.message)
    throw error
  }
}
