/**
 * The JSON Schema that editors use (schema/care-label.schema.json) against the parser the action
 * uses: on every config of the corpus they agree on valid or invalid, and the parser says exactly
 * what is wrong and where. A few rules compare two values or fold case, which a schema cannot
 * say; they are listed apart, and the schema must accept those configs.
 */
import { existsSync, globSync, readdirSync, readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parseDocument } from 'yaml'
import { parseConfig } from '../../src/core/config/parse.js'
import {
  BASELINE_STRATEGIES,
  DEFAULT_BASELINE_WINDOW,
  DEFAULT_DECISION,
  DEFAULT_LABEL,
  DEFAULT_REGISTER_ALIAS,
  TEST_METHODS
} from '../../src/core/config/types.js'
import { ConfigError } from '../../src/errors.js'

const ROOT = new URL('../../', import.meta.url)
const FILE = '.github/care-label.yml'
const SCHEMA_FILE = new URL('schema/care-label.schema.json', ROOT)

// Strict, but `required` inside an `if` names keys that the section's `properties` define.
const ajv = new Ajv2020({
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  strictNumbers: true,
  allErrors: true
})
const schemaText = readFileSync(SCHEMA_FILE, 'utf8')
const validate = ajv.compile(JSON.parse(schemaText))

/** What the schema says of a config: undefined when valid. Broken YAML is invalid too. */
function schemaProblem(content: string): string | undefined {
  const doc = parseDocument(content, { uniqueKeys: true })
  if (doc.errors.length > 0) return `not YAML: ${doc.errors[0]?.message ?? ''}`
  return validate(doc.toJS()) ? undefined : ajv.errorsText(validate.errors)
}

function parserError(content: string): ConfigError | undefined {
  try {
    parseConfig(FILE, content)
    return undefined
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
}

/** A metric `acc` (higher is better) with more lines under it. */
function metric(lines: string): string {
  return `metrics:\n  acc:\n    greater_is_better: true\n${lines}`
}

const HEX_ID = '4859f94b72c84d20ac47befbd93671a3'

const VALID: Array<[string, string]> = [
  ['an empty file', '# nothing yet\n'],
  [
    "the README's sample",
    [
      'baseline:',
      '  branch: main',
      'metrics:',
      '  accuracy:',
      '    greater_is_better: true',
      '    threshold: 0.90',
      '    max_regression: 1%',
      '  train_seconds:',
      '    greater_is_better: false',
      '    max_regression: 25%',
      '    level: warn',
      '    category: runtime',
      'label:',
      '  scale: A-D',
      '  overall: worst',
      ''
    ].join('\n')
  ],
  ['a pinned run', `baseline:\n  strategy: run-id\n  run_id: ${HEX_ID}\n`],
  ['a run id alone (strategy run-id implied)', `baseline:\n  run_id: ${HEX_ID}\n`],
  ['a quoted run id of digits', "baseline:\n  run_id: '1234'\n"],
  ['a filter alone', "baseline:\n  filter: params.dataset = 'iris-v2'\n"],
  [
    'strategy filter with a window',
    "baseline:\n  strategy: filter\n  filter: tags.team = 'ml'\n  window: 5\n  min_runs: 3\n"
  ],
  ['a model alias alone', 'baseline:\n  model: models:/iris-classifier@champion\n'],
  [
    'strategy model, a name with a space',
    'baseline:\n  strategy: model\n  model: models:/my model@prod-2\n'
  ],
  [
    'paired runs and paired tests',
    'baseline:\n  strategy: paired\ndecision:\n  paired_runs: 9\n  test:\n    runtime: wilcoxon\n' +
      metric('    test: paired-t\n')
  ],
  [
    'the largest window and min_runs',
    'baseline:\n  strategy: merge-base\n  window: 1000\n  min_runs: 1000\n  max_age_days: 3650\n'
  ],
  [
    'decision at its bounds',
    'decision:\n  alpha: 0.49\n  repeats: 50\n  seed_param: random_state\n  on_inconclusive: pass\n'
  ],
  ['metrics left empty', 'metrics:\n'],
  ['an empty decision', 'decision: {}\n'],
  [
    'the A-E scale with four boundaries',
    'label:\n  scale: A-E\n' + metric('    rating: [4, 3, 2, 1]\n')
  ],
  [
    'a runtime metric compared across platforms',
    'metrics:\n  train_seconds:\n    greater_is_better: false\n    category: runtime\n    platform_bound: false\n    alpha: 0.05\n'
  ],
  [
    "a category of one's own in decision.test",
    'decision:\n  test:\n    Fairness: mann-whitney\n' + metric('    category: fairness\n')
  ],
  [
    'a zero tolerance and a percentage',
    metric(
      '    max_regression: 0\n  f1:\n    greater_is_better: true\n    max_regression: " 2.5 %"\n'
    )
  ],
  ['a branch YAML reads as a number', 'baseline:\n  branch: 2024\n'],
  [
    'every test by name',
    metric(`    test: static\n`) +
      TEST_METHODS.filter(t => !t.startsWith('paired') && t !== 'wilcoxon')
        .map((t, i) => `  m${i}:\n    greater_is_better: false\n    test: ${t}\n`)
        .join('')
  ],
  ['a model by name', 'model:\n  name: model\n'],
  ['a test by its name alone', 'tests:\n  quality:\n'],
  ['a sweep', 'select:\n  metric: val_loss\n  mode: min\n'],
  [
    'tests with every key',
    'tests:\n  robustness:\n    entry_point: robust\n    project: tests/suite\n    parameters:\n      severity: 0.3\n      split: test\n    category: robustness\n    runs_on: [self-hosted, gpu]\n    level: warn\n    model_param: model\n  latency:\n    runs_on: cpu\n'
  ],
  ['registration with the default alias', 'register:\n  name: iris-classifier\n'],
  [
    'registration with an alias and a lowest letter',
    'register:\n  name: team.ml.iris\n  alias: champion-2\n  min_grade: B\nmodel:\n  name: forest\n'
  ]
]

const INVALID: Array<[string, number, string]> = [
  [
    'decisions:\n  alpha: 0.01\n',
    1,
    "unknown key 'decisions' in the config file. Did you mean 'decision'? Allowed keys: baseline, metrics, label, decision, model, register, tests, select."
  ],
  [
    'baseline:\n  strategie: latest\n',
    2,
    "unknown key 'strategie' in baseline. Did you mean 'strategy'? Allowed keys: branch, strategy, window, run_id, filter, model, max_age_days, min_runs."
  ],
  [
    'decision:\n  paired-runs: 3\n',
    2,
    "unknown key 'paired-runs' in decision. Did you mean 'paired_runs'? Allowed keys: alpha, on_inconclusive, test, repeats, seed_param, paired_runs."
  ],
  [
    'baseline:\n  strategy: lastest\n',
    2,
    "baseline.strategy must be one of merge-base, latest, run-id, filter, model, paired, not 'lastest'. Did you mean 'latest'?"
  ],
  [
    'baseline:\n  window: 0\n',
    2,
    'baseline.window must be a whole number from 1 to 1000, not number 0.'
  ],
  [
    'baseline:\n  window: 1001\n',
    2,
    'baseline.window must be a whole number from 1 to 1000, not number 1001.'
  ],
  [
    'baseline:\n  window: 2.5\n',
    2,
    'baseline.window must be a whole number from 1 to 1000, not number 2.5.'
  ],
  [
    'baseline:\n  window: ten\n',
    2,
    'baseline.window must be a whole number from 1 to 1000, not string "ten".'
  ],
  [
    'baseline:\n  run_id: abc def\n',
    2,
    "baseline.run_id must be an MLflow run id (1 to 64 letters, digits, _ or -, starting with a letter or digit; MLflow makes 32 hex digits), not 'abc def'."
  ],
  [
    'baseline:\n  run_id: -abc\n',
    2,
    "baseline.run_id must be an MLflow run id (1 to 64 letters, digits, _ or -, starting with a letter or digit; MLflow makes 32 hex digits), not '-abc'."
  ],
  [
    `baseline:\n  run_id: ${'a'.repeat(65)}\n`,
    2,
    `baseline.run_id must be an MLflow run id (1 to 64 letters, digits, _ or -, starting with a letter or digit; MLflow makes 32 hex digits), not '${'a'.repeat(65)}'.`
  ],
  [
    'baseline:\n  run_id: 12e4\n',
    2,
    'baseline.run_id must be a string, not number 120000. YAML reads 12e4 as a number: put it in quotes.'
  ],
  [
    `baseline:\n  strategy: latest\n  run_id: ${HEX_ID}\n`,
    3,
    'baseline.run_id is only read with strategy run-id, but baseline.strategy is latest: remove one of them.'
  ],
  [
    `baseline:\n  run_id: ${HEX_ID}\n  filter: params.x = '1'\n`,
    3,
    'baseline.filter and baseline.run_id each choose the baseline (strategies filter and run-id): keep one of them.'
  ],
  [
    `baseline:\n  strategy: run-id\n  run_id: ${HEX_ID}\n  model: models:/iris@champion\n`,
    4,
    'baseline.model is only read with strategy model, but baseline.strategy is run-id: remove one of them.'
  ],
  [
    'baseline:\n  strategy: run-id\n',
    2,
    'baseline.strategy run-id needs baseline.run_id: the id of the run to compare with.'
  ],
  [
    'baseline:\n  strategy: filter\n  window: 5\n',
    2,
    "baseline.strategy filter needs baseline.filter: an MLflow search filter, e.g. params.dataset = 'iris-v2'."
  ],
  [
    'baseline:\n  strategy: model\n',
    2,
    'baseline.strategy model needs baseline.model: models:/<name>@<alias>.'
  ],
  [
    `baseline:\n  run_id: ${HEX_ID}\n  window: 3\n`,
    3,
    'baseline.window has no meaning with strategy run-id (implied by baseline.run_id): the baseline is that one run, not a search among past runs. Remove it.'
  ],
  [
    `baseline:\n  strategy: run-id\n  max_age_days: 30\n  run_id: ${HEX_ID}\n`,
    3,
    'baseline.max_age_days has no meaning with strategy run-id: the baseline is that one run, not a search among past runs. Remove it.'
  ],
  [
    'baseline:\n  strategy: model\n  model: models:/iris@champion\n  window: 3\n',
    4,
    "baseline.window has no meaning with strategy model: the baseline is the model version's source run, not a search among past runs. Remove it."
  ],
  [
    'baseline:\n  strategy: paired\n  min_runs: 2\n',
    3,
    'baseline.min_runs has no meaning with strategy paired: the baseline runs are made in this job, as many as decision.paired_runs, not a search among past runs. Remove it.'
  ],
  [
    'baseline:\n  max_age_days: 0\n',
    2,
    'baseline.max_age_days must be a whole number of at least 1, not number 0.'
  ],
  [
    'baseline:\n  min_runs: 0\n',
    2,
    'baseline.min_runs must be a whole number from 1 to 1000, not number 0.'
  ],
  [
    'baseline:\n  filter: ""\n',
    2,
    "baseline.filter must not be empty: give an MLflow search filter, e.g. params.dataset = 'iris-v2'."
  ],
  [
    'baseline:\n  filter: "   "\n',
    2,
    "baseline.filter must not be empty: give an MLflow search filter, e.g. params.dataset = 'iris-v2'."
  ],
  ['baseline:\n  filter: true\n', 2, 'baseline.filter must be a string, not boolean true.'],
  [
    'baseline:\n  model: models:/iris/3\n',
    2,
    "baseline.model must be models:/<name>@<alias> (e.g. models:/iris-classifier@champion), not 'models:/iris/3'. Versions and stages (models:/<name>/<version>) are not supported: set an alias on the version and name it here."
  ],
  [
    'baseline:\n  model: iris@champion\n',
    2,
    "baseline.model must be models:/<name>@<alias> (e.g. models:/iris-classifier@champion), not 'iris@champion'."
  ],
  [
    'baseline:\n  model: models:/@champion\n',
    2,
    "baseline.model must be models:/<name>@<alias> (e.g. models:/iris-classifier@champion), not 'models:/@champion'."
  ],
  [
    'baseline:\n  model: models:/iris@champ.ion\n',
    2,
    "baseline.model must be models:/<name>@<alias> (e.g. models:/iris-classifier@champion), not 'models:/iris@champ.ion'."
  ],
  [
    'baseline:\n  model: models:/iris@latest\n',
    2,
    "baseline.model names the alias 'latest', which MLflow reserves for versions: set an alias of your own on the version, e.g. models:/iris@champion."
  ],
  [
    'baseline:\n  model: models:/iris@V3\n',
    2,
    "baseline.model names the alias 'V3', which MLflow reserves for versions: set an alias of your own on the version, e.g. models:/iris@champion."
  ],
  [
    'decision:\n  alpha: 0\n',
    2,
    'decision.alpha must be between 0 and 0.5, both excluded (e.g. 0.01 or 0.05), not 0.'
  ],
  [
    'decision:\n  alpha: 0.5\n',
    2,
    'decision.alpha must be between 0 and 0.5, both excluded (e.g. 0.01 or 0.05), not 0.5.'
  ],
  ['decision:\n  alpha: 1%\n', 2, 'decision.alpha must be a number, not string "1%".'],
  [
    'decision:\n  on_inconclusive: error\n',
    2,
    "decision.on_inconclusive must be one of pass, warn, fail, not 'error'."
  ],
  [
    'decision:\n  on_inconclusive: Warn\n',
    2,
    "decision.on_inconclusive must be one of pass, warn, fail, not 'Warn'. Did you mean 'warn'?"
  ],
  [
    'decision:\n  repeats: 0\n',
    2,
    'decision.repeats must be a whole number from 1 to 50, not number 0.'
  ],
  [
    'decision:\n  repeats: 51\n',
    2,
    'decision.repeats must be a whole number from 1 to 50, not number 51.'
  ],
  [
    'decision:\n  seed_param: a=b\n',
    2,
    "decision.seed_param must be the name of a parameter of the entry point (letters, digits, spaces and _ . - / :), not 'a=b'."
  ],
  [
    'decision:\n  seed_param: 42\n',
    2,
    'decision.seed_param must be a string, not number 42. YAML reads 42 as a number: put it in quotes.'
  ],
  [
    'decision:\n  paired_runs: 5\n',
    2,
    'decision.paired_runs needs baseline.strategy: paired (baseline.strategy is unset): set it, or remove decision.paired_runs.'
  ],
  [
    'baseline:\n  strategy: latest\ndecision:\n  paired_runs: 8\n',
    4,
    'decision.paired_runs needs baseline.strategy: paired (baseline.strategy is latest): set it, or remove decision.paired_runs.'
  ],
  [
    'baseline:\n  strategy: paired\ndecision:\n  paired_runs: 1\n',
    4,
    'decision.paired_runs must be a whole number from 2 to 50, not number 1.'
  ],
  [
    'decision:\n  test: welch\n',
    2,
    "decision.test must be a mapping of category to test, e.g. runtime: lognormal (one metric's test is metrics.<name>.test)."
  ],
  [
    'decision:\n  test:\n    runtime: bootstrap\n',
    3,
    "decision.test.runtime must be one of auto, t, z, lognormal, iqr, percentage, static, welch, mann-whitney, paired-t, wilcoxon, not 'bootstrap'."
  ],
  [
    'decision:\n  test:\n    runtime: wilcoxon\n',
    3,
    'decision.test.runtime wilcoxon compares pairs of runs: it needs baseline.strategy: paired (baseline.strategy is unset).'
  ],
  ['decision:\n', 1, 'decision must be a mapping (key: value lines).'],
  [
    metric('    test: welsh\n'),
    4,
    "metrics.acc.test must be one of auto, t, z, lognormal, iqr, percentage, static, welch, mann-whitney, paired-t, wilcoxon, not 'welsh'. Did you mean 'welch'?"
  ],
  [
    metric('    test: t-test\n'),
    4,
    "metrics.acc.test must be one of auto, t, z, lognormal, iqr, percentage, static, welch, mann-whitney, paired-t, wilcoxon, not 't-test'. Did you mean 't'?"
  ],
  [
    metric('    test: Mann_Whitney\n'),
    4,
    "metrics.acc.test must be one of auto, t, z, lognormal, iqr, percentage, static, welch, mann-whitney, paired-t, wilcoxon, not 'Mann_Whitney'. Did you mean 'mann-whitney'?"
  ],
  [
    metric('    test: x\n'),
    4,
    "metrics.acc.test must be one of auto, t, z, lognormal, iqr, percentage, static, welch, mann-whitney, paired-t, wilcoxon, not 'x'."
  ],
  [
    'baseline:\n  strategy: latest\n' + metric('    test: paired-t\n'),
    6,
    'metrics.acc.test paired-t compares pairs of runs: it needs baseline.strategy: paired (baseline.strategy is latest).'
  ],
  [
    metric('    alpha: -0.1\n'),
    4,
    'metrics.acc.alpha must be between 0 and 0.5, both excluded (e.g. 0.01 or 0.05), not -0.1.'
  ],
  [
    metric('    platform_bound: yes\n'),
    4,
    'metrics.acc.platform_bound must be true or false, not string "yes".'
  ],
  [
    metric('    treshold: 0.9\n'),
    4,
    "unknown key 'treshold' in metrics.acc. Did you mean 'threshold'? Allowed keys: greater_is_better, threshold, min_absolute_change, min_relative_change, max_regression, level, category, rating, test, platform_bound, alpha."
  ],
  [
    metric('    min_absolute_change: 0\n'),
    4,
    "metrics.acc.min_absolute_change must be a positive number, as in MLflow's MetricThreshold."
  ],
  [
    metric('    max_regression: -5%\n'),
    4,
    'metrics.acc.max_regression must be a non-negative number (an absolute tolerance, e.g. 0.02) or a percentage (e.g. "5%"), not string "-5%".'
  ],
  [
    'label:\n  scale: A-E\n' + metric('    rating: [0.9, 0.8, 0.7]\n'),
    4,
    'metrics.acc.rating needs 4 boundaries for the A-E scale (one per letter but the last), not 3.'
  ],
  ['metrics:\n  acc:\n', 2, 'metrics.acc is empty: give at least greater_is_better.'],
  ['- baseline\n', 1, 'the config file must be a mapping (key: value lines).'],
  ['label:\n  overall: median\n', 2, "label.overall must be worst or mean, not 'median'."],
  [
    'metrics:\n  acc:\n    greater_is_better: true\n  acc:\n    greater_is_better: false\n',
    4,
    'is not valid YAML: Map keys must be unique'
  ],
  [
    'model:\n  name: ""\n',
    2,
    "model.name must not be empty: give the logged model's name (log_model(name=...)), or remove it to use the run's only model."
  ],
  ['model:\n  path: model\n', 2, "unknown key 'path' in model. Allowed keys: name."],
  [
    'register:\n  alias: candidate\n',
    1,
    'register needs name: the registered model that passing runs on the default branch become versions of, e.g. name: iris-classifier.'
  ],
  [
    'register:\n  name: models/iris\n',
    2,
    "register.name must be a registered model's name (up to 256 characters, none of / : @ ? # % and no line breaks), e.g. iris-classifier, not 'models/iris'."
  ],
  [
    'register:\n  name: iris\n  alias: Latest\n',
    3,
    "register.alias must be an alias of your own (letters, digits, _ and -; not latest or v<number>, which MLflow reserves), e.g. candidate, not 'Latest'."
  ],
  [
    'register:\n  name: iris\n  alias: v3\n',
    3,
    "register.alias must be an alias of your own (letters, digits, _ and -; not latest or v<number>, which MLflow reserves), e.g. candidate, not 'v3'."
  ],
  [
    'register:\n  name: iris\n  min_grade: b\n',
    3,
    "register.min_grade must be one of A, B, C, D, E, not 'b'."
  ],
  ['register: iris\n', 1, 'register must be a mapping (key: value lines).'],
  [
    'tests:\n  quality:\n    entrypoint: q\n',
    3,
    "unknown key 'entrypoint' in tests.quality. Did you mean 'entry_point'? Allowed keys: entry_point, project, parameters, category, runs_on, level, model_param, required."
  ],
  [
    'tests:\n  quality:\n    level: error\n',
    3,
    "tests.quality.level must be one of fail, warn, not 'error'."
  ],
  [
    'tests:\n  quality:\n    runs_on: [gpu, 3]\n',
    3,
    'tests.quality.runs_on must be a runner label or a list of them, e.g. [self-hosted, gpu].'
  ],
  [
    'tests:\n  quality:\n    parameters: [a]\n',
    3,
    'tests.quality.parameters must be a mapping (key: value lines).'
  ],
  ['tests: [quality]\n', 1, 'tests must be a mapping (key: value lines).'],
  [
    'select:\n  metric: val_loss\n',
    1,
    'select needs metric and mode: the metric that picks the best child run of a sweep, and whether its min or its max wins, e.g. select: {metric: val_loss, mode: min}.'
  ],
  [
    'select:\n  metric: val_loss\n  mode: lowest\n',
    3,
    "select.mode must be one of min, max, not 'lowest'."
  ]
]

/** Rules that compare two values or fold case: the parser's alone. */
const PARSER_ONLY: Array<[string, number, string]> = [
  [
    'baseline:\n  min_runs: 20\n',
    2,
    'baseline.min_runs (20) is more than the default window of 10 runs: set baseline.window to at least 20.'
  ],
  [
    'baseline:\n  window: 3\n  min_runs: 5\n',
    3,
    'baseline.min_runs (5) is more than baseline.window (3): the window can never hold that many runs.'
  ],
  [
    'decision:\n  test:\n    runtim: welch\n',
    3,
    "decision.test names the category 'runtim', which is neither a standard category nor any metric's. Did you mean 'runtime'? Categories: quality, robustness, runtime, memory, energy, complexity."
  ],
  [
    'decision:\n  test:\n    Runtime: welch\n    runtime: t\n',
    4,
    "decision.test names the category 'runtime' twice (category names ignore case)."
  ],
  [
    metric('    rating: [0.8, 0.9, 0.95]\n'),
    2,
    'metrics.acc.rating must go from the A boundary to the worst (descending, as higher is better).'
  ],
  [
    'tests:\n  quality:\ndecision:\n  repeats: 3\n',
    2,
    'tests run against the model of one candidate run: they cannot be combined with decision.repeats (3) yet. Remove one of them.'
  ],
  [
    'register:\n  name: iris\n  min_grade: E\n',
    1,
    'register.min_grade is E, which the A-D scale does not have: use A to D, or set label.scale: A-E.'
  ]
]

describe('the config schema and the parser', () => {
  it('hold a corpus of at least 40 configs', () => {
    expect(VALID.length + INVALID.length + PARSER_ONLY.length).toBeGreaterThanOrEqual(40)
  })

  it.each(VALID)('both accept %s', (_name, content) => {
    expect(schemaProblem(content)).toBeUndefined()
    expect(parserError(content)?.message).toBeUndefined()
  })

  it.each(INVALID)('both refuse %j; the parser at line %i', (content, line, message) => {
    expect(schemaProblem(content)).toEqual(expect.any(String))
    const error = parserError(content)
    expect(error?.location).toEqual({ file: FILE, line })
    expect(error?.message).toBe(`${FILE}:${line}: ${message}`)
  })

  it.each(PARSER_ONLY)('only the parser refuses %j, at line %i', (content, line, message) => {
    expect(schemaProblem(content)).toBeUndefined()
    const error = parserError(content)
    expect(error?.location).toEqual({ file: FILE, line })
    expect(error?.message).toBe(`${FILE}:${line}: ${message}`)
  })

  const fixtures = readdirSync(new URL('test/fixtures/configs/', ROOT)).filter(f =>
    f.endsWith('.yml')
  )
  it.each(fixtures)('both accept test/fixtures/configs/%s', name => {
    const content = readFileSync(new URL(`test/fixtures/configs/${name}`, ROOT), 'utf8')
    expect(schemaProblem(content)).toBeUndefined()
    expect(parserError(content)?.message).toBeUndefined()
  })

  const examples = [
    ...globSync('examples/**/care-label.yml', { cwd: ROOT.pathname }),
    ...['.github/care-label.yml'].filter(file => existsSync(new URL(file, ROOT)))
  ].sort()
  it('finds the example configs', () => {
    expect(examples).toContain('examples/iris/care-label.yml')
  })
  it.each(examples)('both accept %s', file => {
    const content = readFileSync(new URL(file, ROOT), 'utf8')
    expect(schemaProblem(content)).toBeUndefined()
    expect(parserError(content)?.message).toBeUndefined()
  })

  it("points the example's editor at the schema", () => {
    const first = readFileSync(new URL('examples/iris/care-label.yml', ROOT), 'utf8').split('\n')[0]
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first ?? '')
    expect(match?.[1]).toBe('../../schema/care-label.schema.json')
    expect(new URL(match?.[1] ?? '', new URL('examples/iris/', ROOT)).href).toBe(SCHEMA_FILE.href)
  })
})

describe('the config schema', () => {
  const schema: unknown = JSON.parse(schemaText)

  function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
  }

  /** The value at a path of keys in the schema. */
  function at(...path: string[]): unknown {
    let node = schema
    for (const key of path) node = isRecord(node) ? node[key] : undefined
    return node
  }

  /** The keys the parser allows where `content` has an unknown one, from its message. */
  function allowedKeys(content: string): string[] {
    const message = parserError(content)?.message ?? ''
    return /Allowed keys: (.*)\.$/.exec(message)?.[1]?.split(', ') ?? []
  }

  it('is draft 2020-12 without an $id', () => {
    expect(at('$schema')).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(at('$id')).toBeUndefined()
  })

  it.each([
    ['the top level', 'zzz: 1\n', []],
    ['baseline', 'baseline:\n  zzz: 1\n', ['properties', 'baseline']],
    ['decision', 'decision:\n  zzz: 1\n', ['properties', 'decision']],
    ['label', 'label:\n  zzz: 1\n', ['properties', 'label']],
    ['model', 'model:\n  zzz: 1\n', ['properties', 'model']],
    ['register', 'register:\n  name: m\n  zzz: 1\n', ['properties', 'register']],
    ['a test', 'tests:\n  t:\n    zzz: 1\n', ['properties', 'tests', 'additionalProperties']],
    ['select', 'select:\n  zzz: 1\n', ['properties', 'select']],
    ['a metric', metric('    zzz: 1\n'), ['$defs', 'metric']]
  ])('has the keys the parser allows in %s, and no others', (_where, content, path) => {
    const properties = at(...path, 'properties')
    expect(isRecord(properties) ? Object.keys(properties) : []).toEqual(allowedKeys(content))
    expect(at(...path, 'additionalProperties')).toBe(false)
  })

  it('names the tests and strategies the parser knows', () => {
    expect(at('$defs', 'test', 'enum')).toEqual(TEST_METHODS)
    expect(at('properties', 'baseline', 'properties', 'strategy', 'enum')).toEqual(
      BASELINE_STRATEGIES
    )
  })

  it('gives the defaults the code uses', () => {
    const decision = ['properties', 'decision', 'properties']
    expect(at(...decision, 'alpha', 'default')).toBe(DEFAULT_DECISION.alpha)
    expect(at(...decision, 'on_inconclusive', 'default')).toBe(DEFAULT_DECISION.onInconclusive)
    expect(at(...decision, 'repeats', 'default')).toBe(DEFAULT_DECISION.repeats)
    expect(at(...decision, 'seed_param', 'default')).toBe(DEFAULT_DECISION.seedParam)
    expect(at('properties', 'baseline', 'properties', 'window', 'default')).toBe(
      DEFAULT_BASELINE_WINDOW
    )
    expect(at('properties', 'register', 'properties', 'alias', 'default')).toBe(
      DEFAULT_REGISTER_ALIAS
    )
    expect(at('properties', 'label', 'properties', 'scale', 'default')).toBe(DEFAULT_LABEL.scale)
    expect(at('properties', 'label', 'properties', 'overall', 'default')).toBe(
      DEFAULT_LABEL.overall
    )
  })
})
