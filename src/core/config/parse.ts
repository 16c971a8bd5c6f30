/**
 * Parses and validates the care-label config file. Pure: takes the file's name and content.
 * Every problem is a ConfigError naming the file and the line.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Pair } from 'yaml'
import { ConfigError } from '../../errors.js'
import { editDistance } from '../text.js'
import {
  DEFAULT_LABEL,
  type CareLabelConfig,
  type Level,
  type MetricRule,
  type Tolerance
} from './types.js'

const TOP_KEYS = ['baseline', 'metrics', 'label']
const LABEL_KEYS = ['scale', 'overall']
const BASELINE_KEYS = ['branch']
const METRIC_KEYS = [
  'greater_is_better',
  'threshold',
  'min_absolute_change',
  'min_relative_change',
  'max_regression',
  'level',
  'category',
  'rating'
]

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

function parseMetric(reader: Reader, metric: string, node: unknown, keyNode: unknown): MetricRule {
  const where = `metrics.${metric}`
  const line = reader.lineOf(keyNode)
  if (node === null || (isScalar(node) && node.value === null)) {
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
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
    return config
  for (const [key, pair] of reader.pairs(doc.contents, 'the config file', TOP_KEYS)) {
    if (key === 'baseline') {
      for (const [bkey, bpair] of reader.pairs(pair.value, 'baseline', BASELINE_KEYS)) {
        if (bkey === 'branch') config.baseline.branch = reader.string(bpair, 'baseline.branch')
      }
    } else if (key === 'label') {
      for (const [lkey, lpair] of reader.pairs(pair.value, 'label', LABEL_KEYS)) {
        const value = reader.string(lpair, `label.${lkey}`)
        if (lkey === 'scale') {
          config.label.scale =
            value === 'A-D' || value === 'A-E'
              ? value
              : reader.fail(`label.scale must be A-D or A-E, not '${value}'.`, lpair.value)
        } else {
          config.label.overall =
            value === 'worst' || value === 'mean'
              ? value
              : reader.fail(`label.overall must be worst or mean, not '${value}'.`, lpair.value)
        }
      }
    } else if (key === 'metrics') {
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue
      for (const [metric, mpair] of reader.pairs(pair.value, 'metrics', undefined)) {
        config.metrics.push(parseMetric(reader, metric, mpair.value, mpair.key))
      }
    }
  }
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
  return config
}
