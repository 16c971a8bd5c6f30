/**
 * MLflow's run search grammar for the local stores: parses a filter string and an order_by list,
 * and evaluates them against runs. Pure. Follows `mlflow.utils.search_utils.SearchUtils`:
 * comparisons joined by AND; `metrics.`, `params.`, `tags.` and `attributes.` keys (with their
 * aliases); backticks or double quotes around keys with special characters.
 */
import type { Run } from '../../../core/runs.js'
import { SearchSyntaxError } from '../../../errors.js'

export type KeyType = 'metric' | 'param' | 'tag' | 'attribute'

export interface Comparison {
  type: KeyType
  key: string
  op: string
  /** A number for metric and numeric-attribute comparisons, a list for IN, null for IS NULL. */
  value: string | number | string[] | null
}

export interface OrderClause {
  type: KeyType
  key: string
  ascending: boolean
}

export { SearchSyntaxError }

const TYPE_ALIASES: Record<string, KeyType> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute'
}

const STRING_ATTRIBUTES = new Set(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri'])
/** Other names MLflow accepts for attributes. */
const ATTRIBUTE_ALIASES: Record<string, string> = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name'
}
const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time'])
const NUMERIC_OPS = new Set(['=', '!=', '>', '>=', '<', '<='])
const ENTITY_OPS = new Set(['=', '!=', 'LIKE', 'ILIKE'])
const STRING_ATTRIBUTE_OPS = new Set(['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'])

interface Token {
  kind: 'ident' | 'string' | 'number' | 'op' | 'punct'
  text: string
  pos: number
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const ch = input.charAt(i)
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const start = i
    if (ch === "'" || ch === '"' || ch === '`') {
      // Like MLflow (sqlparse, then stripping the outer quotes), the text between the quotes is
      // kept as written: a backslash or a doubled quote does not end the string, and stays.
      let j = i + 1
      for (;;) {
        if (j >= input.length) {
          throw new SearchSyntaxError(`Unterminated ${ch} quote starting at position ${start + 1}.`)
        }
        const c = input.charAt(j)
        if (c === '\\' && ch !== '`') {
          j += 2
        } else if (c === ch && ch !== '`' && input.charAt(j + 1) === ch) {
          j += 2
        } else if (c === ch) {
          break
        } else {
          j++
        }
      }
      const text = input.slice(i + 1, j)
      tokens.push({
        kind: ch === '`' ? 'ident' : 'string',
        text: ch === '`' ? `\`${text}` : text,
        pos: start
      })
      i = j + 1
      continue
    }
    const op = /^(!=|>=|<=|=|>|<)/.exec(input.slice(i))
    if (op) {
      tokens.push({ kind: 'op', text: op[0], pos: start })
      i += op[0].length
      continue
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '.') {
      tokens.push({ kind: 'punct', text: ch, pos: start })
      i++
      continue
    }
    const num = /^-?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(input.slice(i))
    if (num && (tokens.length === 0 || tokens[tokens.length - 1]?.kind === 'op')) {
      tokens.push({ kind: 'number', text: num[0], pos: start })
      i += num[0].length
      continue
    }
    const word = /^[A-Za-z0-9_\-:/]+/.exec(input.slice(i))
    if (word) {
      tokens.push({ kind: 'ident', text: word[0], pos: start })
      i += word[0].length
      continue
    }
    throw new SearchSyntaxError(`Unexpected character '${ch}' at position ${start + 1}.`)
  }
  return tokens
}

class Parser {
  private i = 0
  constructor(
    private readonly tokens: Token[],
    private readonly source: string
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i]
  }

  private next(what: string): Token {
    const token = this.tokens[this.i++]
    if (token === undefined)
      throw new SearchSyntaxError(`Expected ${what} at the end of '${this.source}'.`)
    return token
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.kind === 'ident' && token.text.toUpperCase() === word
  }

  done(): boolean {
    return this.i >= this.tokens.length
  }

  /** `type.key`, where key may be backticked or a run of words and dots. */
  parseKey(): { type: KeyType; key: string } {
    const first = this.next('a key such as metrics.accuracy')
    if (first.kind !== 'ident' || first.text.startsWith('`')) {
      throw new SearchSyntaxError(
        `Expected a key such as metrics.accuracy at position ${first.pos + 1}, found '${first.text}'.`
      )
    }
    const type = TYPE_ALIASES[first.text]
    const dot = this.next("'.' after the key type")
    if (type === undefined || dot.text !== '.') {
      throw new SearchSyntaxError(
        `Invalid key '${first.text}' at position ${first.pos + 1}: keys start with metrics., params., tags. or attributes.`
      )
    }
    const keyToken = this.next('a key name')
    let key: string
    if (keyToken.kind === 'ident' && keyToken.text.startsWith('`')) {
      key = keyToken.text.slice(1)
    } else if (keyToken.kind === 'string' && keyToken.text !== '') {
      key = keyToken.text
    } else if (keyToken.kind === 'ident') {
      key = keyToken.text
      // Unquoted keys may contain dots (metrics.a.b): join words separated by '.'.
      while (this.peek()?.text === '.' && this.tokens[this.i + 1]?.kind === 'ident') {
        this.i++
        key += `.${this.next('a key name').text}`
      }
    } else {
      throw new SearchSyntaxError(`Expected a key name at position ${keyToken.pos + 1}.`)
    }
    if (type === 'attribute') {
      const name = ATTRIBUTE_ALIASES[key] ?? key
      if (!STRING_ATTRIBUTES.has(name) && !NUMERIC_ATTRIBUTES.has(name)) {
        throw new SearchSyntaxError(
          `Invalid attribute key '${key}'. Valid keys are ${[...STRING_ATTRIBUTES, ...NUMERIC_ATTRIBUTES].sort().join(', ')}.`
        )
      }
      return { type, key: name }
    }
    return { type, key }
  }

  parseComparison(): Comparison {
    const { type, key } = this.parseKey()
    const opToken = this.next('a comparison operator')
    let op = opToken.text.toUpperCase()
    if (op === 'NOT' && this.isWord(this.peek(), 'IN')) {
      this.i++
      op = 'NOT IN'
    } else if (op === 'IS') {
      if (this.isWord(this.peek(), 'NOT')) {
        this.i++
        op = 'IS NOT'
      }
      if (!this.isWord(this.next('NULL'), 'NULL')) {
        throw new SearchSyntaxError(`Expected NULL after ${op} at position ${opToken.pos + 1}.`)
      }
      if (type !== 'tag' && type !== 'param') {
        throw new SearchSyntaxError(`${op} NULL is only supported for tags and params.`)
      }
      return { type, key, op: `${op} NULL`, value: null }
    }
    const numeric = type === 'metric' || (type === 'attribute' && NUMERIC_ATTRIBUTES.has(key))
    const allowed = numeric ? NUMERIC_OPS : type === 'attribute' ? STRING_ATTRIBUTE_OPS : ENTITY_OPS
    if (!allowed.has(op)) {
      throw new SearchSyntaxError(
        `Invalid comparator '${opToken.text}' for ${type} '${key}' at position ${opToken.pos + 1}; use one of ${[...allowed].join(', ')}.`
      )
    }
    if (op === 'IN' || op === 'NOT IN') {
      if (key !== 'run_id') {
        throw new SearchSyntaxError(
          "Only ['run_id'] attributes support comparison with a list of quoted string values."
        )
      }
      if (this.next("'('").text !== '(') throw new SearchSyntaxError(`Expected '(' after ${op}.`)
      const values: string[] = []
      for (;;) {
        const value = this.next('a quoted value')
        if (value.kind !== 'string') {
          throw new SearchSyntaxError(
            `Expected a quoted value in ${op} list at position ${value.pos + 1}.`
          )
        }
        values.push(value.text)
        const sep = this.next("',' or ')'")
        if (sep.text === ')') break
        if (sep.text !== ',')
          throw new SearchSyntaxError(`Expected ',' or ')' at position ${sep.pos + 1}.`)
      }
      return { type, key, op, value: values }
    }
    const value = this.next('a value')
    if (numeric) {
      if (value.kind !== 'number') {
        throw new SearchSyntaxError(
          `Expected a number for ${type} '${key}' at position ${value.pos + 1}, found '${value.text}'.`
        )
      }
      return { type, key, op, value: Number(value.text) }
    }
    if (value.kind !== 'string') {
      throw new SearchSyntaxError(
        `Expected a quoted string for ${type} '${key}' at position ${value.pos + 1}, found '${value.text}'.`
      )
    }
    return { type, key, op, value: value.text }
  }

  parseFilter(): Comparison[] {
    const comparisons: Comparison[] = []
    if (this.done()) return comparisons
    for (;;) {
      comparisons.push(this.parseComparison())
      if (this.done()) return comparisons
      const joiner = this.next('AND')
      if (!this.isWord(joiner, 'AND')) {
        throw new SearchSyntaxError(
          `Expected AND at position ${joiner.pos + 1}, found '${joiner.text}' (only AND is supported).`
        )
      }
    }
  }

  parseOrder(): OrderClause {
    const { type, key } = this.parseKey()
    let ascending = true
    const direction = this.peek()
    if (direction !== undefined) {
      const word = direction.text.toUpperCase()
      if (word !== 'ASC' && word !== 'DESC') {
        throw new SearchSyntaxError(`Expected ASC or DESC at position ${direction.pos + 1}.`)
      }
      ascending = word === 'ASC'
      this.i++
    }
    if (!this.done())
      throw new SearchSyntaxError(`Unexpected text after order_by clause '${this.source}'.`)
    return { type, key, ascending }
  }
}

export function parseFilter(filter: string): Comparison[] {
  return new Parser(tokenize(filter), filter).parseFilter()
}

export function parseOrderBy(clause: string): OrderClause {
  return new Parser(tokenize(clause), clause).parseOrder()
}

/** A run's value for a key, as the search sees it. */
function lookup(run: Run, type: KeyType, key: string): string | number | undefined {
  switch (type) {
    case 'metric':
      return run.data.metrics[key]
    case 'param':
      return run.data.params[key]
    case 'tag':
      return run.data.tags[key]
    case 'attribute':
      switch (key) {
        case 'run_id':
          return run.info.runId
        case 'run_name':
          return run.info.runName
        case 'status':
          return run.info.status
        case 'user_id':
          return run.data.tags['mlflow.user'] ?? ''
        case 'artifact_uri':
          return run.info.artifactUri
        case 'start_time':
          return run.info.startTime
        case 'end_time':
          return run.info.endTime
        default:
          return undefined
      }
  }
}

function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = ''
  for (const ch of pattern) {
    if (ch === '%') source += '.*'
    else if (ch === '_') source += '.'
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'si' : 's')
}

export function matchesComparison(run: Run, comparison: Comparison): boolean {
  const actual = lookup(run, comparison.type, comparison.key)
  const { op, value } = comparison
  if (op === 'IS NULL') return actual === undefined
  if (op === 'IS NOT NULL') return actual !== undefined
  if (actual === undefined) return false
  if (typeof value === 'number') {
    const number = typeof actual === 'number' ? actual : Number(actual)
    switch (op) {
      case '=':
        return number === value
      case '!=':
        return number !== value
      case '>':
        return number > value
      case '>=':
        return number >= value
      case '<':
        return number < value
      case '<=':
        return number <= value
    }
    return false
  }
  const text = String(actual)
  if (Array.isArray(value)) return op === 'IN' ? value.includes(text) : !value.includes(text)
  if (value === null) return false
  switch (op) {
    case '=':
      return text === value
    case '!=':
      return text !== value
    case 'LIKE':
      return likeToRegExp(value, false).test(text)
    case 'ILIKE':
      return likeToRegExp(value, true).test(text)
  }
  return false
}

export function matchesFilter(run: Run, comparisons: Comparison[]): boolean {
  return comparisons.every(comparison => matchesComparison(run, comparison))
}

/**
 * Sorts runs as MLflow's SQL store does: the given clauses (missing values last, NaN after
 * numbers), then start_time descending unless ordered by it, then run id.
 */
export function sortRuns(runs: Run[], clauses: OrderClause[]): Run[] {
  const all = [...clauses]
  if (!all.some(c => c.type === 'attribute' && c.key === 'start_time')) {
    all.push({ type: 'attribute', key: 'start_time', ascending: false })
  }
  const rank = (value: string | number | undefined): number =>
    value === undefined ? 2 : typeof value === 'number' && Number.isNaN(value) ? 1 : 0
  return [...runs].sort((a, b) => {
    for (const clause of all) {
      const va = lookup(a, clause.type, clause.key)
      const vb = lookup(b, clause.type, clause.key)
      const ra = rank(va)
      const rb = rank(vb)
      if (ra !== rb) return ra - rb
      if (ra !== 0 || va === vb || va === undefined || vb === undefined) continue
      const order = va < vb ? -1 : va > vb ? 1 : 0
      if (order !== 0) return clause.ascending ? order : -order
    }
    return a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0
  })
}
