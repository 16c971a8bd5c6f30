/** The care-label config file (`.github/care-label.yml`) as typed values. */
import type { Letter } from '../label/types.js'

export type Level = 'fail' | 'warn'

export interface Tolerance {
  kind: 'absolute' | 'relative'
  /** For 'relative', a fraction (1% is 0.01). */
  value: number
  /** As the user wrote it, for the report. */
  text: string
}

/**
 * How a metric's values are judged against the baseline's (see STATISTICS.md). `auto` picks by
 * what exists: a prediction interval for one new value against a window, a two-sample test with
 * repeats, a paired test with pairs, today's deterministic rules with one run per side.
 */
export const TEST_METHODS = [
  'auto',
  't',
  'z',
  'lognormal',
  'iqr',
  'percentage',
  'static',
  'welch',
  'mann-whitney',
  'paired-t',
  'wilcoxon'
] as const

export type TestMethod = (typeof TEST_METHODS)[number]

/** The tests that take differences per pair of runs: only with `baseline.strategy: paired`. */
export const PAIRED_TESTS: readonly TestMethod[] = ['paired-t', 'wilcoxon']

export interface MetricRule {
  metric: string
  greaterIsBetter: boolean
  /** Absolute bound: the value must be >= (or <=, when lower is better) this. */
  threshold?: number
  /** MLflow MetricThreshold: must beat the baseline by at least this much. */
  minAbsoluteChange?: number
  /** MLflow MetricThreshold: must beat the baseline by at least this fraction of |baseline|. */
  minRelativeChange?: number
  /** How much worse than the baseline the value may get. */
  maxRegression?: Tolerance
  level: Level
  /** The care-label category the metric is rated in (quality, runtime, memory, …). */
  category?: string
  /**
   * Absolute rating boundaries, best first: with greater_is_better, a value ≥ the first is A, ≥
   * the second B, …; otherwise ≤. Without them the metric is rated by its index against the
   * baseline.
   */
  rating?: number[]
  /** Where the rule is in the config file, for annotations. */
  line?: number
  /** The test as written; undefined: `decision.test` for the category, else auto (`resolveTest`). */
  test?: TestMethod
  /**
   * Whether only a baseline from the same platform compares, as written; undefined: by category
   * (`isPlatformBound`).
   */
  platformBound?: boolean
  /** The significance level for this metric, in (0, 0.5); undefined: `decision.alpha`. */
  alpha?: number
}

export type Scale = 'A-D' | 'A-E'
export type Overall = 'worst' | 'mean'

export interface LabelSettings {
  scale: Scale
  overall: Overall
}

/** Where the baseline runs come from (DESIGN.md §5). */
export const BASELINE_STRATEGIES = [
  'merge-base',
  'latest',
  'run-id',
  'filter',
  'model',
  'paired'
] as const

export type BaselineStrategy = (typeof BASELINE_STRATEGIES)[number]

/** The window the pipeline uses when `baseline.window` is unset. */
export const DEFAULT_BASELINE_WINDOW = 10

/**
 * The `baseline:` section, as written (nothing here is a default but `strategy`, see there).
 * `window`, `minRuns` and `maxAgeDays` narrow a search among past runs, so they come only with
 * merge-base, latest, filter or no strategy; the parser refuses them with run-id and model (one
 * run) and paired (runs made in this job).
 */
export interface BaselineSettings {
  branch?: string
  /**
   * Which strategy, in this order of precedence:
   * 1. `strategy` as written. Then a `runId`, `filter` or `model` must be the one it reads
   *    (run-id needs `runId`, filter `filter`, model `model`), and no other of them may be given.
   * 2. Else the strategy that the one of `runId`, `filter`, `model` given implies: the parser sets
   *    it (run_id → run-id, filter → filter, model → model). Two of them without a strategy are
   *    an error.
   * 3. Else undefined: merge-base on pull requests, latest otherwise.
   * `paired` is never implied: it is always written.
   */
  strategy?: BaselineStrategy
  /** The last K matching runs make the baseline (1..1000); undefined: DEFAULT_BASELINE_WINDOW. */
  window?: number
  /** An MLflow run id (strategy run-id). */
  runId?: string
  /** An MLflow search filter string (strategy filter). */
  filter?: string
  /** `models:/<name>@<alias>`: the version's source run (strategy model). */
  model?: string
  /** Runs older than this many days are not baselines. */
  maxAgeDays?: number
  /** Fewer matching runs than this (1..window) make no baseline. */
  minRuns?: number
}

export type InconclusiveOutcome = 'pass' | 'warn' | 'fail'

/** The `decision:` section, as written; `DEFAULT_DECISION` holds the defaults. */
export interface DecisionSettings {
  /** The significance level, in (0, 0.5). */
  alpha?: number
  /** What a rule whose test cannot decide does to the gate. */
  onInconclusive?: InconclusiveOutcome
  /** The test per category (lower-case names, as `MetricRule.category`). */
  test?: Record<string, TestMethod>
  /** How many times the candidate runs (1..50), each with its own seed. */
  repeats?: number
  /** The entry point's parameter that takes each repeat's seed. */
  seedParam?: string
  /** How many baseline/candidate pairs to run, interleaved (2..50; strategy paired only). */
  pairedRuns?: number
}

export const DEFAULT_DECISION = {
  alpha: 0.01,
  onInconclusive: 'warn',
  repeats: 1,
  seedParam: 'seed'
} as const satisfies Required<Omit<DecisionSettings, 'test' | 'pairedRuns'>>

/** The categories whose metrics are only comparable on the same platform by default. */
export const PLATFORM_BOUND_CATEGORIES: readonly string[] = ['runtime', 'memory', 'energy']

/** The `model:` section: which of a run's models is judged and registered. */
export interface ModelSettings {
  /**
   * An MLflow 3 logged model's name (`log_model(name=…)`), or, for a model logged the MLflow 2
   * way, its artifact path (`runs:/<run_id>/<path>`). Undefined: the run's only model.
   */
  name?: string
}

/** The `register:` section: promote a passing run's model in the model registry. */
export interface RegisterSettings {
  /** The registered model's name. */
  name: string
  /** The alias moved to the new version. */
  alias: string
  /** The lowest overall letter that is registered; undefined: any. */
  minGrade?: Letter
  /** The line of `register:`, for annotations. */
  line?: number
}

export const DEFAULT_REGISTER_ALIAS = 'candidate'

/**
 * One test of the `tests:` section: an entry point run against the candidate's model (its URI
 * given as `modelParam`), its run nested under the candidate's; its metrics join the run's.
 */
export interface TestSpec {
  name: string
  /** The entry point; default the test's name. */
  entryPoint: string
  /** The MLflow Project directory, relative to the workspace; undefined: the run's own project. */
  project?: string
  parameters: Array<[string, string]>
  /** The category of the test's metrics that no rule of `metrics:` names. */
  category?: string
  /** The runner labels it runs on (partial runs of a matrix). */
  runsOn: string[]
  /** fail: a test run that fails fails the gate; warn: it is reported. */
  level: Level
  /** The parameter that takes the model's URI. */
  modelParam: string
  /**
   * Whether a test that was not measured (its matrix job failed or was cancelled before it
   * reported) fails the gate; else it is reported as not measured.
   */
  required: boolean
  /** Where the test is in the config file, for annotations. */
  line?: number
}

export const DEFAULT_MODEL_PARAM = 'model_uri'

/** The `select:` section: of a sweep's child runs, the best by one metric is the candidate. */
export interface SelectSettings {
  metric: string
  /** min: the lowest value wins; max: the highest. */
  mode: 'min' | 'max'
  line?: number
}

export interface CareLabelConfig {
  /** The file the config came from; undefined when there is none. */
  file?: string
  baseline: BaselineSettings
  model?: ModelSettings
  register?: RegisterSettings
  /** The `tests:` section, in the file's order; empty: none. */
  tests?: TestSpec[]
  select?: SelectSettings
  metrics: MetricRule[]
  label: LabelSettings
  /** The `decision:` section; undefined when the file has none (then all defaults). */
  decision?: DecisionSettings
}

export const DEFAULT_LABEL: LabelSettings = { scale: 'A-D', overall: 'worst' }

export const EMPTY_CONFIG: CareLabelConfig = { baseline: {}, metrics: [], label: DEFAULT_LABEL }

/**
 * Whether the metric compares only with a baseline from the same platform: as written, else true
 * for the runtime, memory and energy categories.
 */
export function isPlatformBound(rule: Pick<MetricRule, 'platformBound' | 'category'>): boolean {
  return rule.platformBound ?? PLATFORM_BOUND_CATEGORIES.includes(rule.category ?? '')
}

/** The metric's test: its own, else its category's in `decision.test`, else auto. */
export function resolveTest(
  rule: Pick<MetricRule, 'test' | 'category'>,
  decision: DecisionSettings | undefined
): TestMethod {
  const byCategory = decision?.test
  const category = rule.category
  const fallback =
    byCategory && category !== undefined && Object.hasOwn(byCategory, category)
      ? byCategory[category]
      : undefined
  return rule.test ?? fallback ?? 'auto'
}

/** The metric's significance level: its own, else `decision.alpha`, else the default. */
export function resolveAlpha(
  rule: Pick<MetricRule, 'alpha'>,
  decision: DecisionSettings | undefined
): number {
  return rule.alpha ?? decision?.alpha ?? DEFAULT_DECISION.alpha
}
