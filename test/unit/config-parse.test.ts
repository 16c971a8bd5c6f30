import { readFileSync } from 'node:fs'
import { parseConfig } from '../../src/core/config/parse.js'
import {
  isPlatformBound,
  resolveAlpha,
  resolveTest,
  type MetricRule
} from '../../src/core/config/types.js'
import { ConfigError } from '../../src/errors.js'

const FILE = '.github/care-label.yml'

function errorOf(content: string): ConfigError {
  try {
    parseConfig(FILE, content)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('reads every key with its line', () => {
    const config = parseConfig(
      FILE,
      [
        'baseline:',
        '  branch: develop',
        'metrics:',
        '  accuracy:',
        '    greater_is_better: true',
        '    threshold: 0.9',
        '    max_regression: 1%',
        '  train_seconds:',
        '    greater_is_better: false',
        '    max_regression: 2.5',
        '    level: warn',
        '  f1_macro:',
        '    greater_is_better: true',
        '    min_absolute_change: 0.001',
        '    min_relative_change: 0.05',
        'label:',
        '  scale: A-E',
        '  overall: mean',
        ''
      ].join('\n')
    )
    expect(config).toEqual({
      file: FILE,
      baseline: { branch: 'develop' },
      metrics: [
        {
          metric: 'accuracy',
          greaterIsBetter: true,
          threshold: 0.9,
          maxRegression: { kind: 'relative', value: 0.01, text: '1%' },
          level: 'fail',
          line: 4
        },
        {
          metric: 'train_seconds',
          greaterIsBetter: false,
          maxRegression: { kind: 'absolute', value: 2.5, text: '2.5' },
          level: 'warn',
          line: 8
        },
        {
          metric: 'f1_macro',
          greaterIsBetter: true,
          minAbsoluteChange: 0.001,
          minRelativeChange: 0.05,
          level: 'fail',
          line: 12
        }
      ],
      label: { scale: 'A-E', overall: 'mean' }
    })
  })

  it('reads categories and rating boundaries', () => {
    const config = parseConfig(
      FILE,
      'metrics:\n  accuracy:\n    greater_is_better: true\n    category: Quality\n    rating: [0.97, 0.94, 0.9]\n'
    )
    expect(config.metrics[0]).toMatchObject({ category: 'quality', rating: [0.97, 0.94, 0.9] })
  })

  it('reads the keys of the statistical verdicts and the baseline strategies', () => {
    const file = new URL('../fixtures/configs/every-key.yml', import.meta.url)
    expect(parseConfig(FILE, readFileSync(file, 'utf8'))).toEqual({
      file: FILE,
      baseline: {
        branch: 'develop',
        strategy: 'latest',
        window: 20,
        minRuns: 5,
        maxAgeDays: 90
      },
      decision: {
        alpha: 0.05,
        onInconclusive: 'fail',
        test: { runtime: 'lognormal', quality: 'static' },
        repeats: 5,
        seedParam: 'random_state'
      },
      metrics: [
        {
          metric: 'accuracy',
          greaterIsBetter: true,
          threshold: 0.9,
          maxRegression: { kind: 'relative', value: 0.01, text: '1%' },
          level: 'warn',
          category: 'quality',
          rating: [0.97, 0.94, 0.9, 0.85],
          test: 'welch',
          platformBound: true,
          alpha: 0.001,
          line: 17
        },
        {
          metric: 'train_seconds',
          greaterIsBetter: false,
          maxRegression: { kind: 'relative', value: 0.25, text: '25%' },
          level: 'fail',
          category: 'runtime',
          platformBound: false,
          line: 27
        },
        {
          metric: 'f1_macro',
          greaterIsBetter: true,
          minAbsoluteChange: 0.001,
          minRelativeChange: 0.05,
          level: 'fail',
          line: 32
        }
      ],
      label: { scale: 'A-E', overall: 'mean' }
    })
  })

  it('reads the paired strategy with its pairs', () => {
    const file = new URL('../fixtures/configs/paired.yml', import.meta.url)
    const config = parseConfig(FILE, readFileSync(file, 'utf8'))
    expect(config.baseline).toEqual({ strategy: 'paired' })
    expect(config.decision).toEqual({ pairedRuns: 9, test: { runtime: 'paired-t' } })
    expect(config.metrics.map(rule => rule.test)).toEqual([undefined, 'wilcoxon'])
  })

  it.each([
    [
      'run_id: 4859f94b72c84d20ac47befbd93671a3',
      { runId: '4859f94b72c84d20ac47befbd93671a3' },
      'run-id'
    ],
    ["filter: params.dataset = 'iris-v2'", { filter: "params.dataset = 'iris-v2'" }, 'filter'],
    [
      'model: models:/iris-classifier@champion',
      { model: 'models:/iris-classifier@champion' },
      'model'
    ]
  ])('takes the strategy from %s when none is written', (line, settings, strategy) => {
    expect(parseConfig(FILE, `baseline:\n  ${line}\n`).baseline).toEqual({ ...settings, strategy })
  })

  it('leaves the strategy and every new key unset when the file does not name them', () => {
    const config = parseConfig(FILE, 'baseline:\n  branch: main\n')
    expect(config.baseline).toEqual({ branch: 'main' })
    expect(config.decision).toBeUndefined()
    expect(parseConfig(FILE, 'decision: {}\n').decision).toEqual({})
  })

  it('keeps a category named __proto__ a plain key of decision.test', () => {
    const config = parseConfig(
      FILE,
      'decision:\n  test:\n    __proto__: welch\nmetrics:\n  m:\n    greater_is_better: true\n    category: __proto__\n'
    )
    expect(Object.getPrototypeOf(config.decision?.test)).toBe(Object.prototype)
    expect(Object.keys(config.decision?.test ?? {})).toEqual(['__proto__'])
    expect(resolveTest({ category: '__proto__' }, config.decision)).toBe('welch')
  })

  it('takes an empty file as no rules', () => {
    expect(parseConfig(FILE, '# nothing yet\n')).toEqual({
      file: FILE,
      baseline: {},
      metrics: [],
      label: { scale: 'A-D', overall: 'worst' }
    })
  })

  it.each([
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    treshold: 0.9\n',
      4,
      "unknown key 'treshold' in metrics.acc. Did you mean 'threshold'? Allowed keys: greater_is_better, threshold, min_absolute_change, min_relative_change, max_regression, level, category, rating, test, platform_bound, alpha."
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: yes please\n',
      3,
      'metrics.acc.greater_is_better must be true or false, not string "yes please".'
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    threshold: high\n',
      4,
      'metrics.acc.threshold must be a number, not string "high".'
    ],
    [
      'metrics:\n  acc:\n    threshold: 0.9\n',
      2,
      "metrics.acc needs greater_is_better: true or false (whether a higher acc is better), as MLflow's MetricThreshold does."
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    min_relative_change: 5\n',
      4,
      "metrics.acc.min_relative_change must be between 0 and 1 (a fraction of the baseline, as in MLflow's MetricThreshold)."
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    min_absolute_change: -1\n',
      4,
      "metrics.acc.min_absolute_change must be a positive number, as in MLflow's MetricThreshold."
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    max_regression: lots\n',
      4,
      'metrics.acc.max_regression must be a non-negative number (an absolute tolerance, e.g. 0.02) or a percentage (e.g. "5%"), not string "lots".'
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    level: error\n',
      4,
      "metrics.acc.level must be 'fail' or 'warn', not 'error'."
    ],
    [
      'thresholds:\n  acc: 1\n',
      1,
      "unknown key 'thresholds' in the config file. Allowed keys: baseline, metrics, label, decision, model, register, tests, select."
    ],
    ['metrics:\n  - acc\n', 2, 'metrics must be a mapping (key: value lines).'],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n  acc:\n    greater_is_better: false\n',
      4,
      'is not valid YAML: Map keys must be unique'
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    rating: [0.9, 0.8]\n',
      2,
      'metrics.acc.rating needs 3 boundaries for the A-D scale (one per letter but the last), not 2.'
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: false\n    rating: [3, 2, 1]\n',
      2,
      'metrics.acc.rating must go from the A boundary to the worst (ascending, as lower is better).'
    ],
    [
      'metrics:\n  acc:\n    greater_is_better: true\n    rating: high\n',
      4,
      'metrics.acc.rating must be a list of numbers, best first, e.g. [0.97, 0.94, 0.90].'
    ],
    ['label:\n  scale: A-F\n', 2, "label.scale must be A-D or A-E, not 'A-F'."]
  ])('rejects %j at line %i', (content, line, message) => {
    const error = errorOf(content)
    expect(error.location).toEqual({ file: FILE, line })
    expect(error.message).toBe(`${FILE}:${line}: ${message}`)
  })

  it('reports broken YAML with its line', () => {
    const error = errorOf('metrics:\n  acc:\n    greater_is_better: [true\n')
    expect(error.location.file).toBe(FILE)
    expect(error.location.line).toBeGreaterThanOrEqual(3)
    expect(error.message).toMatch(/^\.github\/care-label\.yml:\d+: is not valid YAML: /)
  })
})

describe('the defaults of a rule', () => {
  const rule = (fields: Partial<MetricRule>): Partial<MetricRule> => fields

  it.each([
    [rule({ category: 'runtime' }), true],
    [rule({ category: 'memory' }), true],
    [rule({ category: 'energy' }), true],
    [rule({ category: 'quality' }), false],
    [rule({}), false],
    [rule({ category: 'runtime', platformBound: false }), false],
    [rule({ category: 'quality', platformBound: true }), true]
  ])('isPlatformBound(%j) is %s', (fields, expected) => {
    expect(isPlatformBound(fields)).toBe(expected)
  })

  it.each([
    [rule({}), undefined, 'auto'],
    [rule({ category: 'runtime' }), { test: { runtime: 'lognormal' as const } }, 'lognormal'],
    [rule({ category: 'memory' }), { test: { runtime: 'lognormal' as const } }, 'auto'],
    [rule({ category: 'constructor' }), { test: {} }, 'auto'],
    [rule({ category: 'runtime', test: 'iqr' }), { test: { runtime: 'lognormal' as const } }, 'iqr']
  ])('resolveTest(%j, %j) is %s', (fields, decision, expected) => {
    expect(resolveTest(fields, decision)).toBe(expected)
  })

  it.each([
    [rule({}), undefined, 0.01],
    [rule({}), { alpha: 0.05 }, 0.05],
    [rule({ alpha: 0.001 }), { alpha: 0.05 }, 0.001]
  ])('resolveAlpha(%j, %j) is %s', (fields, decision, expected) => {
    expect(resolveAlpha(fields, decision)).toBe(expected)
  })
})
