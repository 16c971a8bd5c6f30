/**
 * Parses and validates the care-label config file. Pure: takes the file's name and content.
 * Every problem is a ConfigError naming the file and the line.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Pair } from 'yaml'
import { ConfigError } from '../../errors.js'
import { DEFAULT_CATEGORIES } from '../label/rate.js'
import { editDistance } from '../text.js'
import {
  BASELINE_STRATEGIES,
  DEFAULT_BASELINE_WINDOW,
  DEFAULT_LABEL,
  DEFAULT_MODEL_PARAM,
  DEFAULT_REGISTER_ALIAS,
  PAIRED_TESTS,
  TEST_METHODS,
  type BaselineSettings,
  type BaselineStrategy,
  type CareLabelConfig,
  type DecisionSettings,
  type LabelSettings,
  type Level,
  type MetricRule,
  type ModelSettings,
  type RegisterSettings,
  type SelectSettings,
  type TestMethod,
  type TestSpec,
  type Tolerance
} from './types.js'
import type { Letter } from '../label/types.js'

const TOP_KEYS = [
  'baseline',
  'metrics',
  'label',
  'decision',
  'model',
  'register',
  'tests',
  'select'
]
const TEST_KEYS = [
  'entry_point',
  'project',
  'parameters',
  'category',
  'runs_on',
  'level',
  'model_param',
  'required'
]
const MODEL_KEYS = ['name']
const REGISTER_KEYS = ['name', 'alias', 'min_grade']
const LABEL_KEYS = ['scale', 'overall']
const BASELINE_KEYS = [
  'branch',
  'strategy',
  'window',
  'run_id',
  'filter',
  'model',
  'max_age_days',
  'min_runs'
]
const DECISION_KEYS = ['alpha', 'on_inconclusive', 'test', 'repeats', 'seed_param', 'paired_runs']
const METRIC_KEYS = [
  'greater_is_better',
  'threshold',
  'min_absolute_change',
  'min_relative_change',
  'max_regression',
  'level',
  'category',
  'rating',
  'test',
  'platform_bound',
  'alpha'
]

/** The largest `baseline.window` (and so `baseline.min_runs`). */
const MAX_WINDOW = 1000
const MAX_REPEATS = 50

/** The keys that name one baseline source, and the strategy each implies. */
const SOURCE_KEYS: Record<string, BaselineStrategy> = {
  run_id: 'run-id',
  filter: 'filter',
  model: 'model'
}
/** The key each strategy reads its source from. */
const SOURCE_OF: Partial<Record<BaselineStrategy, string>> = {
  'run-id': 'run_id',
  filter: 'filter',
  model: 'model'
}
/** The keys that narrow a search among past runs, and what the other strategies compare with. */
const SEARCH_KEYS = ['window', 'min_runs', 'max_age_days']
const NO_SEARCH: Partial<Record<BaselineStrategy, string>> = {
  'run-id': 'the baseline is that one run',
  model: "the baseline is the model version's source run",
  paired: 'the baseline runs are made in this job, as many as decision.paired_runs'
}

/** Names people write for the tests, for the did-you-mean. */
const TEST_ALIASES: Record<string, TestMethod> = {
  't-test': 't',
  ttest: 't',
  student: 't',
  'z-score': 'z',
  zscore: 'z',
  percent: 'percentage',
  'welch-t': 'welch',
  'welch-t-test': 'welch',
  'u-test': 'mann-whitney',
  'mann-whitney-u': 'mann-whitney',
  paired: 'paired-t',
  'paired-t-test': 'paired-t',
  'signed-rank': 'wilcoxon',
  'wilcoxon-signed-rank': 'wilcoxon'
}

/** An MLflow run id: MLflow's rule (32 hex digits are what it makes), at most 64 characters. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
/**
 * `models:/<name>@<alias>` as MLflow parses it: a name without `/` or `:` (and `?`, which a URI
 * parser takes for a query) that is not blank, and an alias of letters, digits, `_` and `-`.
 */
const MODEL_URI = /^models:\/([^/:?]*[^/:?\s][^/:?]*)@([A-Za-z0-9_-]{1,255})$/
/** A `models:/<name>@<alias>` URI, checked by the parser, as its name and alias. */
export function splitModelUri(uri: string): { name: string; alias: string } | undefined {
  const match = MODEL_URI.exec(uri)
  return match ? { name: match[1] ?? '', alias: match[2] ?? '' } : undefined
}

/** The aliases MLflow reserves: `latest` (any case) and `v<number>` (versions). */
const RESERVED_ALIAS = /^(?:latest|v[0-9]+)$/i
/** A parameter name as MLflow logs it (ASCII). */
const PARAM_NAME = /^[A-Za-z0-9_./: -]+$/

class Reader {
  readonly lines = new LineCounter()
  constructor(readonly file: string) {}

  lineOf(node: unknown): number | undefined {
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      const offset: unknown = node.range[0]
      if (typeof offset === 'number') return this.lines.linePos(offset).line
    }
    return undefined
  }

  fail(message: string, node?: unknown): never {
    throw new ConfigError(message, { file: this.file, line: this.lineOf(node) })
  }

  /** The pairs of a mapping, checked against the allowed keys. */
  pairs(
    node: unknown,
    where: string,
    allowed: string[] | undefined
  ): Array<[string, Pair<unknown, unknown>]> {
    if (!isMap(node)) this.fail(`${where} must be a mapping (key: value lines).`, node)
    const out: Array<[string, Pair<unknown, unknown>]> = []
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined
      if (key === undefined) this.fail(`${where} has a key that is not a plain name.`, pair.key)
      if (allowed && !allowed.includes(key)) {
        const close = allowed.find(k => editDistance(k, key.replace(/-/g, '_').toLowerCase()) <= 2)
        this.fail(
          `unknown key '${key}' in ${where}.${close ? ` Did you mean '${close}'?` : ''} Allowed keys: ${allowed.join(', ')}.`,
          pair.key
        )
      }
      out.push([key, pair])
    }
    return out
  }

  number(pair: Pair<unknown, unknown>, where: string): number {
    const node = pair.value
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
      this.fail(`${where} must be a number, not ${describe(node)}.`, node ?? pair.key)
    }
    return node.value
  }

  boolean(pair: Pair<unknown, unknown>, where: string): boolean {
    const node = pair.value
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.fail(`${where} must be true or false, not ${describe(node)}.`, node ?? pair.key)
    }
    return node.value
  }

  string(pair: Pair<unknown, unknown>, where: string): string {
    const node = pair.value
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.fail(`${where} must be a string, not ${describe(node)}.`, node ?? pair.key)
    }
    return String(node.value)
  }

  /** A string, and only a string: a value YAML reads as a number is refused with a hint. */
  text(pair: Pair<unknown, unknown>, where: string): string {
    const node = pair.value
    if (!isScalar(node) || typeof node.value !== 'string') {
      const hint =
        isScalar(node) && typeof node.value === 'number'
          ? ` YAML reads ${node.source ?? String(node.value)} as a number: put it in quotes.`
          : ''
      this.fail(`${where} must be a string, not ${describe(node)}.${hint}`, node ?? pair.key)
    }
    return node.value
  }

  /** A whole number from `min` to `max` (or at least `min`). */
  integer(pair: Pair<unknown, unknown>, where: string, min: number, max?: number): number {
    const node = pair.value
    const value = isScalar(node) ? node.value : undefined
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < min ||
      (max !== undefined && value > max)
    ) {
      const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`
      this.fail(
        `${where} must be a whole number ${range}, not ${describe(node)}.`,
        node ?? pair.key
      )
    }
    return value
  }

  /** A significance level: strictly between 0 and 0.5. */
  alpha(pair: Pair<unknown, unknown>, where: string): number {
    const value = this.number(pair, where)
    if (!(value > 0 && value < 0.5)) {
      this.fail(
        `${where} must be between 0 and 0.5, both excluded (e.g. 0.01 or 0.05), not ${value}.`,
        pair.value
      )
    }
    return value
  }

  /** One of `options`, exactly; anything else is refused with the closest option. */
  choice<T extends string>(
    pair: Pair<unknown, unknown>,
    where: string,
    options: readonly T[],
    aliases: Record<string, T> = {}
  ): T {
    const node = pair.value
    const value =
      isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
        ? String(node.value)
        : undefined
    const found = options.find(option => option === value)
    if (found !== undefined) return found
    const close = value === undefined ? undefined : suggest(value, options, aliases)
    return this.fail(
      `${where} must be one of ${options.join(', ')}, not ${value === undefined ? describe(node) : `'${value}'`}.${close ? ` Did you mean '${close}'?` : ''}`,
      node ?? pair.key
    )
  }
}

/**
 * The option closest to what the user wrote: an alias, or the nearest option within two edits
 * (and fewer edits than the word has letters, so that 'x' suggests nothing).
 */
function suggest<T extends string>(
  value: string,
  options: readonly T[],
  aliases: Record<string, T>
): T | undefined {
  const word = value
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, '-')
  if (Object.hasOwn(aliases, word)) return aliases[word]
  let best: T | undefined
  let bestDistance = 3
  for (const option of options) {
    const distance = editDistance(option, word)
    if (distance < bestDistance && distance < word.length) {
      best = option
      bestDistance = distance
    }
  }
  return best
}

/** A key with nothing after it (`quality:`), or an empty document. */
function isEmpty(node: unknown): boolean {
  return node === null || (isScalar(node) && node.value === null)
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'empty'
  if (isScalar(node)) {
    if (node.value === null) return 'empty'
    return `${typeof node.value} ${JSON.stringify(node.value)}`
  }
  if (isMap(node)) return 'a mapping'
  return 'a list'
}

/** Parses `5%` (relative) or `0.02` (absolute). */
function parseTolerance(reader: Reader, pair: Pair<unknown, unknown>, where: string): Tolerance {
  const node = pair.value
  if (
    isScalar(node) &&
    typeof node.value === 'number' &&
    Number.isFinite(node.value) &&
    node.value >= 0
  ) {
    return { kind: 'absolute', value: node.value, text: String(node.value) }
  }
  if (isScalar(node) && typeof node.value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(node.value)
    if (match?.[1]) {
      return { kind: 'relative', value: Number(match[1]) / 100, text: `${match[1]}%` }
    }
  }
  return reader.fail(
    `${where} must be a non-negative number (an absolute tolerance, e.g. 0.02) or a percentage (e.g. "5%"), not ${describe(node)}.`,
    node ?? pair.key
  )
}

/** The `test:` pair of each metric that has one, for checks once the whole file is read. */
type TestKeys = Map<string, Pair<unknown, unknown>>

function parseMetric(
  reader: Reader,
  metric: string,
  node: unknown,
  keyNode: unknown,
  keys: TestKeys
): MetricRule {
  const where = `metrics.${metric}`
  const line = reader.lineOf(keyNode)
  if (isEmpty(node)) {
    reader.fail(`${where} is empty: give at least greater_is_better.`, keyNode)
  }
  let greaterIsBetter: boolean | undefined
  const rule: Omit<MetricRule, 'greaterIsBetter'> = { metric, level: 'fail', line }
  for (const [key, pair] of reader.pairs(node, where, METRIC_KEYS)) {
    const at = `${where}.${key}`
    switch (key) {
      case 'greater_is_better':
        greaterIsBetter = reader.boolean(pair, at)
        break
      case 'threshold':
        rule.threshold = reader.number(pair, at)
        break
      case 'min_absolute_change': {
        const value = reader.number(pair, at)
        if (value <= 0)
          reader.fail(
            `${at} must be a positive number, as in MLflow's MetricThreshold.`,
            pair.value
          )
        rule.minAbsoluteChange = value
        break
      }
      case 'min_relative_change': {
        const value = reader.number(pair, at)
        if (value < 0 || value > 1) {
          reader.fail(
            `${at} must be between 0 and 1 (a fraction of the baseline, as in MLflow's MetricThreshold).`,
            pair.value
          )
        }
        rule.minRelativeChange = value
        break
      }
      case 'max_regression':
        rule.maxRegression = parseTolerance(reader, pair, at)
        break
      case 'category':
        rule.category = reader.string(pair, at).trim().toLowerCase()
        break
      case 'rating': {
        const node = pair.value
        if (!isSeq(node) || node.items.length < 1) {
          reader.fail(
            `${at} must be a list of numbers, best first, e.g. [0.97, 0.94, 0.90].`,
            node ?? pair.key
          )
        }
        rule.rating = node.items.map(item => {
          if (!isScalar(item) || typeof item.value !== 'number' || !Number.isFinite(item.value)) {
            return reader.fail(`${at} must be a list of numbers, not ${describe(item)}.`, item)
          }
          return item.value
        })
        break
      }
      case 'level': {
        const value = reader.string(pair, at)
        if (value !== 'fail' && value !== 'warn')
          reader.fail(`${at} must be 'fail' or 'warn', not '${value}'.`, pair.value)
        rule.level = value satisfies Level
        break
      }
      case 'test':
        rule.test = reader.choice(pair, at, TEST_METHODS, TEST_ALIASES)
        keys.set(metric, pair)
        break
      case 'platform_bound':
        rule.platformBound = reader.boolean(pair, at)
        break
      case 'alpha':
        rule.alpha = reader.alpha(pair, at)
        break
    }
  }
  if (greaterIsBetter === undefined) {
    reader.fail(
      `${where} needs greater_is_better: true or false (whether a higher ${metric} is better), as MLflow's MetricThreshold does.`,
      keyNode
    )
  }
  return { ...rule, greaterIsBetter }
}

/** What the checks across sections need: the key pairs as read, by key. */
type Keys = Map<string, Pair<unknown, unknown>>

function parseBaseline(reader: Reader, node: unknown): BaselineSettings {
  const baseline: BaselineSettings = {}
  const keys: Keys = new Map()
  for (const [key, pair] of reader.pairs(node, 'baseline', BASELINE_KEYS)) {
    keys.set(key, pair)
    const at = `baseline.${key}`
    switch (key) {
      case 'branch':
        baseline.branch = reader.string(pair, at)
        break
      case 'strategy':
        baseline.strategy = reader.choice(pair, at, BASELINE_STRATEGIES)
        break
      case 'window':
        baseline.window = reader.integer(pair, at, 1, MAX_WINDOW)
        break
      case 'min_runs':
        baseline.minRuns = reader.integer(pair, at, 1, MAX_WINDOW)
        break
      case 'max_age_days':
        baseline.maxAgeDays = reader.integer(pair, at, 1)
        break
      case 'run_id': {
        const value = reader.text(pair, at)
        if (!RUN_ID.test(value)) {
          reader.fail(
            `${at} must be an MLflow run id (1 to 64 letters, digits, _ or -, starting with a letter or digit; MLflow makes 32 hex digits), not '${value}'.`,
            pair.value
          )
        }
        baseline.runId = value
        break
      }
      case 'filter': {
        const value = reader.text(pair, at).trim()
        if (value === '') {
          reader.fail(
            `${at} must not be empty: give an MLflow search filter, e.g. params.dataset = 'iris-v2'.`,
            pair.value
          )
        }
        baseline.filter = value
        break
      }
      case 'model':
        baseline.model = parseModelUri(reader, pair, at)
        break
    }
  }
  checkBaseline(reader, baseline, keys)
  return baseline
}

function parseModelUri(reader: Reader, pair: Pair<unknown, unknown>, at: string): string {
  const value = reader.text(pair, at)
  const match = MODEL_URI.exec(value)
  if (!match) {
    const pinned = /^models:\/[^/]+\/[^/]+$/.test(value)
      ? ' Versions and stages (models:/<name>/<version>) are not supported: set an alias on the version and name it here.'
      : ''
    reader.fail(
      `${at} must be models:/<name>@<alias> (e.g. models:/iris-classifier@champion), not '${value}'.${pinned}`,
      pair.value
    )
  }
  const alias = match[2] ?? ''
  if (RESERVED_ALIAS.test(alias)) {
    reader.fail(
      `${at} names the alias '${alias}', which MLflow reserves for versions: set an alias of your own on the version, e.g. models:/${match[1] ?? ''}@champion.`,
      pair.value
    )
  }
  return value
}

/**
 * The baseline keys against each other, in the order of precedence that `BaselineSettings.strategy`
 * documents; each error is at the line of the key that does not fit.
 */
function checkBaseline(reader: Reader, baseline: BaselineSettings, keys: Keys): void {
  const sources = [...keys.keys()].filter(key => Object.hasOwn(SOURCE_KEYS, key))
  let strategy = baseline.strategy
  let implied = ''
  if (strategy === undefined) {
    const [first, second] = sources
    if (first !== undefined && second !== undefined) {
      reader.fail(
        `baseline.${second} and baseline.${first} each choose the baseline (strategies ${SOURCE_KEYS[second]} and ${SOURCE_KEYS[first]}): keep one of them.`,
        keys.get(second)?.key
      )
    }
    if (first !== undefined) {
      strategy = SOURCE_KEYS[first]
      baseline.strategy = strategy
      implied = ` (implied by baseline.${first})`
    }
  } else {
    for (const key of sources) {
      if (SOURCE_KEYS[key] !== strategy) {
        reader.fail(
          `baseline.${key} is only read with strategy ${SOURCE_KEYS[key]}, but baseline.strategy is ${strategy}: remove one of them.`,
          keys.get(key)?.key
        )
      }
    }
    const needed = SOURCE_OF[strategy]
    if (needed !== undefined && !keys.has(needed)) {
      const what: Record<string, string> = {
        run_id: 'the id of the run to compare with',
        filter: "an MLflow search filter, e.g. params.dataset = 'iris-v2'",
        model: 'models:/<name>@<alias>'
      }
      reader.fail(
        `baseline.strategy ${strategy} needs baseline.${needed}: ${what[needed] ?? ''}.`,
        keys.get('strategy')?.key
      )
    }
  }
  const reason = strategy === undefined ? undefined : NO_SEARCH[strategy]
  for (const key of keys.keys()) {
    if (reason !== undefined && SEARCH_KEYS.includes(key)) {
      reader.fail(
        `baseline.${key} has no meaning with strategy ${strategy}${implied}: ${reason}, not a search among past runs. Remove it.`,
        keys.get(key)?.key
      )
    }
  }
  if (baseline.minRuns !== undefined) {
    const window = baseline.window ?? DEFAULT_BASELINE_WINDOW
    if (baseline.minRuns > window) {
      reader.fail(
        baseline.window === undefined
          ? `baseline.min_runs (${baseline.minRuns}) is more than the default window of ${DEFAULT_BASELINE_WINDOW} runs: set baseline.window to at least ${baseline.minRuns}.`
          : `baseline.min_runs (${baseline.minRuns}) is more than baseline.window (${window}): the window can never hold that many runs.`,
        keys.get('min_runs')?.key
      )
    }
  }
}

function parseDecision(
  reader: Reader,
  node: unknown
): { decision: DecisionSettings; keys: Keys; categories: Keys } {
  const decision: DecisionSettings = {}
  const keys: Keys = new Map()
  const categories: Keys = new Map()
  for (const [key, pair] of reader.pairs(node, 'decision', DECISION_KEYS)) {
    keys.set(key, pair)
    const at = `decision.${key}`
    switch (key) {
      case 'alpha':
        decision.alpha = reader.alpha(pair, at)
        break
      case 'on_inconclusive':
        decision.onInconclusive = reader.choice(pair, at, ['pass', 'warn', 'fail'] as const)
        break
      case 'repeats':
        decision.repeats = reader.integer(pair, at, 1, MAX_REPEATS)
        break
      case 'paired_runs':
        decision.pairedRuns = reader.integer(pair, at, 2, MAX_REPEATS)
        break
      case 'seed_param': {
        const value = reader.text(pair, at)
        if (!PARAM_NAME.test(value)) {
          reader.fail(
            `${at} must be the name of a parameter of the entry point (letters, digits, spaces and _ . - / :), not '${value}'.`,
            pair.value
          )
        }
        decision.seedParam = value
        break
      }
      case 'test':
        decision.test = parseCategoryTests(reader, pair, categories)
        break
    }
  }
  return { decision, keys, categories }
}

/** `decision.test`: category → test, the categories as `category` reads them (lower case). */
function parseCategoryTests(
  reader: Reader,
  pair: Pair<unknown, unknown>,
  categories: Keys
): Record<string, TestMethod> {
  const at = 'decision.test'
  if (isScalar(pair.value) && pair.value.value !== null) {
    reader.fail(
      `${at} must be a mapping of category to test, e.g. runtime: lognormal (one metric's test is metrics.<name>.test).`,
      pair.value
    )
  }
  const tests: Array<[string, TestMethod]> = []
  for (const [name, tpair] of reader.pairs(pair.value, at, undefined)) {
    const category = name.trim().toLowerCase()
    if (categories.has(category)) {
      reader.fail(
        `${at} names the category '${category}' twice (category names ignore case).`,
        tpair.key
      )
    }
    categories.set(category, tpair)
    tests.push([category, reader.choice(tpair, `${at}.${name}`, TEST_METHODS, TEST_ALIASES)])
  }
  // fromEntries: a category named __proto__ stays a plain key.
  return Object.fromEntries(tests)
}

/** `model:`: which of a run's models (by name, or MLflow 2 artifact path). */
function parseModel(reader: Reader, node: unknown): ModelSettings {
  const model: ModelSettings = {}
  for (const [, pair] of reader.pairs(node, 'model', MODEL_KEYS)) {
    const name = reader.text(pair, 'model.name').trim()
    if (name === '') {
      reader.fail(
        "model.name must not be empty: give the logged model's name (log_model(name=...)), or remove it to use the run's only model.",
        pair.value
      )
    }
    model.name = name
  }
  return model
}

/** A registered model's name as MLflow takes it in a `models:/<name>@<alias>` URI. */
const REGISTERED_NAME = /^[^/:@?#%\s](?:[^/:@?#%\r\n\t]{0,254}[^/:@?#%\s])?$/

/** `register:`: the registered model, its alias and the lowest letter that is registered. */
function parseRegister(reader: Reader, pair: Pair<unknown, unknown>): RegisterSettings {
  let name: string | undefined
  let alias: string = DEFAULT_REGISTER_ALIAS
  let minGrade: Letter | undefined
  for (const [key, kpair] of reader.pairs(pair.value, 'register', REGISTER_KEYS)) {
    const at = `register.${key}`
    if (key === 'name') {
      name = reader.text(kpair, at).trim()
      if (!REGISTERED_NAME.test(name)) {
        reader.fail(
          `${at} must be a registered model's name (up to 256 characters, none of / : @ ? # % and no line breaks), e.g. iris-classifier, not '${name}'.`,
          kpair.value
        )
      }
    } else if (key === 'alias') {
      alias = reader.text(kpair, at)
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(alias) || RESERVED_ALIAS.test(alias)) {
        reader.fail(
          `${at} must be an alias of your own (letters, digits, _ and -; not latest or v<number>, which MLflow reserves), e.g. candidate, not '${alias}'.`,
          kpair.value
        )
      }
    } else {
      minGrade = reader.choice(kpair, at, ['A', 'B', 'C', 'D', 'E'] as const)
    }
  }
  if (name === undefined) {
    reader.fail(
      'register needs name: the registered model that passing runs on the default branch become versions of, e.g. name: iris-classifier.',
      pair.key
    )
  }
  return { name, alias, ...(minGrade ? { minGrade } : {}), line: reader.lineOf(pair.key) }
}

/** `tests:`: name → entry point, parameters, category, runner labels, level. */
function parseTests(reader: Reader, node: unknown): TestSpec[] {
  const tests: TestSpec[] = []
  for (const [name, pair] of reader.pairs(node, 'tests', undefined)) {
    if (!PARAM_NAME.test(name)) {
      reader.fail(
        `tests has a test named '${name}': use letters, digits, spaces and _ . - / : only.`,
        pair.key
      )
    }
    tests.push(parseTest(reader, name, pair))
  }
  return tests
}

function parseTest(reader: Reader, name: string, pair: Pair<unknown, unknown>): TestSpec {
  const test: TestSpec = {
    name,
    entryPoint: name,
    parameters: [],
    runsOn: [],
    level: 'fail',
    modelParam: DEFAULT_MODEL_PARAM,
    required: false,
    line: reader.lineOf(pair.key)
  }
  // `quality:` alone: the entry point of that name, with nothing else.
  if (isEmpty(pair.value)) return test
  for (const [key, kpair] of reader.pairs(pair.value, `tests.${name}`, TEST_KEYS)) {
    const at = `tests.${name}.${key}`
    switch (key) {
      case 'entry_point':
        test.entryPoint = reader.text(kpair, at)
        break
      case 'project':
        test.project = reader.text(kpair, at)
        break
      case 'parameters':
        test.parameters = reader
          .pairs(kpair.value, at, undefined)
          .map(([param, ppair]) => [param, reader.string(ppair, `${at}.${param}`)])
        break
      case 'category':
        test.category = reader.text(kpair, at).trim().toLowerCase()
        break
      case 'runs_on':
        test.runsOn = parseLabels(reader, kpair, at)
        break
      case 'level':
        test.level = reader.choice(kpair, at, ['fail', 'warn'] as const)
        break
      case 'required':
        test.required = reader.boolean(kpair, at)
        break
      case 'model_param': {
        const value = reader.text(kpair, at)
        if (!PARAM_NAME.test(value)) {
          reader.fail(
            `${at} must be the name of a parameter of the entry point, not '${value}'.`,
            kpair.value
          )
        }
        test.modelParam = value
        break
      }
    }
  }
  return test
}

/** A runner label or a list of them. */
function parseLabels(reader: Reader, pair: Pair<unknown, unknown>, at: string): string[] {
  const node = pair.value
  const items = isSeq(node) ? node.items : [node]
  return items.map(item => {
    if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') {
      return reader.fail(
        `${at} must be a runner label or a list of them, e.g. [self-hosted, gpu].`,
        item ?? pair.key
      )
    }
    return item.value.trim()
  })
}

/** `select:`: the metric that picks a sweep's best child run, and which way. */
function parseSelect(reader: Reader, pair: Pair<unknown, unknown>): SelectSettings {
  let metric: string | undefined
  let mode: 'min' | 'max' | undefined
  for (const [key, kpair] of reader.pairs(pair.value, 'select', ['metric', 'mode'])) {
    if (key === 'metric') metric = reader.text(kpair, 'select.metric').trim()
    else mode = reader.choice(kpair, 'select.mode', ['min', 'max'] as const)
  }
  if (metric === undefined || metric === '' || mode === undefined) {
    reader.fail(
      'select needs metric and mode: the metric that picks the best child run of a sweep, and whether its min or its max wins, e.g. select: {metric: val_loss, mode: min}.',
      pair.key
    )
  }
  return { metric, mode, line: reader.lineOf(pair.key) }
}

export function parseConfig(file: string, content: string): CareLabelConfig {
  const reader = new Reader(file)
  const doc = parseDocument(content, {
    lineCounter: reader.lines,
    prettyErrors: false,
    uniqueKeys: true
  })
  const problem = doc.errors[0]
  if (problem) {
    const line = reader.lines.linePos(problem.pos[0]).line
    throw new ConfigError(`is not valid YAML: ${problem.message.split('\n')[0]}`, { file, line })
  }
  const config: CareLabelConfig = { file, baseline: {}, metrics: [], label: { ...DEFAULT_LABEL } }
  if (isEmpty(doc.contents)) return config
  const tests: TestKeys = new Map()
  let decisionKeys: Keys = new Map()
  let categoryKeys: Keys = new Map()
  for (const [key, pair] of reader.pairs(doc.contents, 'the config file', TOP_KEYS)) {
    if (key === 'baseline') {
      config.baseline = parseBaseline(reader, pair.value)
    } else if (key === 'model') {
      config.model = parseModel(reader, pair.value)
    } else if (key === 'register') {
      config.register = parseRegister(reader, pair)
    } else if (key === 'tests') {
      config.tests = parseTests(reader, pair.value)
    } else if (key === 'select') {
      config.select = parseSelect(reader, pair)
    } else if (key === 'decision') {
      const parsed = parseDecision(reader, pair.value)
      config.decision = parsed.decision
      decisionKeys = parsed.keys
      categoryKeys = parsed.categories
    } else if (key === 'label') {
      config.label = parseLabel(reader, pair.value)
    } else if (key === 'metrics') {
      if (isEmpty(pair.value)) continue
      for (const [metric, mpair] of reader.pairs(pair.value, 'metrics', undefined)) {
        config.metrics.push(parseMetric(reader, metric, mpair.value, mpair.key, tests))
      }
    }
  }
  checkRatings(config)
  checkAcrossSections(reader, config, decisionKeys, categoryKeys, tests)
  checkTests(config)
  return config
}

/**
 * Tests run once, against the one candidate run's model, and a sweep's best child is one run:
 * neither goes with repeats or pairs (yet).
 */
function checkTests(config: CareLabelConfig): void {
  const repeats = config.decision?.repeats ?? 1
  const paired = config.baseline.strategy === 'paired'
  if (repeats === 1 && !paired) return
  const other = paired ? 'baseline.strategy: paired' : `decision.repeats (${repeats})`
  const [first] = config.tests ?? []
  if (first !== undefined) {
    throw new ConfigError(
      `tests run against the model of one candidate run: they cannot be combined with ${other} yet. Remove one of them.`,
      { file: config.file ?? '', line: first.line }
    )
  }
  if (config.select !== undefined) {
    throw new ConfigError(
      `select picks one child run of a sweep as the candidate: it cannot be combined with ${other}. Remove one of them.`,
      { file: config.file ?? '', line: config.select.line }
    )
  }
}

function parseLabel(reader: Reader, node: unknown): LabelSettings {
  const label: LabelSettings = { ...DEFAULT_LABEL }
  for (const [key, pair] of reader.pairs(node, 'label', LABEL_KEYS)) {
    const value = reader.string(pair, `label.${key}`)
    if (key === 'scale') {
      label.scale =
        value === 'A-D' || value === 'A-E'
          ? value
          : reader.fail(`label.scale must be A-D or A-E, not '${value}'.`, pair.value)
    } else {
      label.overall =
        value === 'worst' || value === 'mean'
          ? value
          : reader.fail(`label.overall must be worst or mean, not '${value}'.`, pair.value)
    }
  }
  return label
}

/** Each metric's rating boundaries against the scale, and the lowest registered letter. */
function checkRatings(config: CareLabelConfig): void {
  const file = config.file ?? ''
  const letters = config.label.scale === 'A-E' ? 4 : 3
  for (const rule of config.metrics) {
    if (rule.rating !== undefined && rule.rating.length !== letters) {
      throw new ConfigError(
        `metrics.${rule.metric}.rating needs ${letters} boundaries for the ${config.label.scale} scale (one per letter but the last), not ${rule.rating.length}.`,
        { file, line: rule.line }
      )
    }
    const sorted = [...(rule.rating ?? [])].sort((a, b) => (rule.greaterIsBetter ? b - a : a - b))
    if (rule.rating !== undefined && sorted.some((v, i) => v !== rule.rating?.[i])) {
      throw new ConfigError(
        `metrics.${rule.metric}.rating must go from the A boundary to the worst (${rule.greaterIsBetter ? 'descending, as higher is better' : 'ascending, as lower is better'}).`,
        { file, line: rule.line }
      )
    }
  }
  if (config.register?.minGrade === 'E' && config.label.scale === 'A-D') {
    throw new ConfigError(
      'register.min_grade is E, which the A-D scale does not have: use A to D, or set label.scale: A-E.',
      { file, line: config.register.line }
    )
  }
}

/** What the decision and the metrics ask of the baseline, and categories that no metric has. */
function checkAcrossSections(
  reader: Reader,
  config: CareLabelConfig,
  decisionKeys: Keys,
  categoryKeys: Keys,
  tests: TestKeys
): void {
  const strategy = config.baseline.strategy
  const paired = strategy === 'paired'
  const now = `(baseline.strategy is ${strategy ?? 'unset'})`
  if (!paired && config.decision?.pairedRuns !== undefined) {
    reader.fail(
      `decision.paired_runs needs baseline.strategy: paired ${now}: set it, or remove decision.paired_runs.`,
      decisionKeys.get('paired_runs')?.key
    )
  }
  const checkPaired = (where: string, test: TestMethod | undefined, pair: unknown): void => {
    if (!paired && test !== undefined && PAIRED_TESTS.includes(test)) {
      reader.fail(
        `${where} ${test} compares pairs of runs: it needs baseline.strategy: paired ${now}.`,
        pair
      )
    }
  }
  for (const [category, test] of Object.entries(config.decision?.test ?? {})) {
    checkPaired(`decision.test.${category}`, test, categoryKeys.get(category)?.key)
  }
  for (const rule of config.metrics) {
    checkPaired(`metrics.${rule.metric}.test`, rule.test, tests.get(rule.metric)?.key)
  }
  const known = [...DEFAULT_CATEGORIES]
  for (const rule of config.metrics) {
    if (rule.category !== undefined && !known.includes(rule.category)) known.push(rule.category)
  }
  for (const [category, pair] of categoryKeys) {
    if (!known.includes(category)) {
      const close = suggest(category, known, {})
      reader.fail(
        `decision.test names the category '${category}', which is neither a standard category nor any metric's.${close ? ` Did you mean '${close}'?` : ''} Categories: ${known.join(', ')}.`,
        pair.key
      )
    }
  }
}
