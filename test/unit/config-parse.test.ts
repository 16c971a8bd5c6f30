import { parseConfig } from '../../src/core/config/parse.js'
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
      "unknown key 'treshold' in metrics.acc. Did you mean 'threshold'? Allowed keys: greater_is_better, threshold, min_absolute_change, min_relative_change, max_regression, level, category, rating."
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
      "unknown key 'thresholds' in the config file. Allowed keys: baseline, metrics, label."
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
