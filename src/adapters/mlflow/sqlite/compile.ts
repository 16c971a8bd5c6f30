/**
 * Compiles a parsed MLflow search (filter and order) to SQL over MLflow's schema, when every part
 * of it has an exact SQL equivalent: comparisons on params, tags and attributes, ordering by
 * attributes. Attribute conditions and the order go into one query over `runs`; param and tag
 * conditions become probes of one run each, so the store can walk the runs in order and stop as
 * soon as it has a page (no join over every run's tags). Metric comparisons and metric/param/tag ordering are not compiled (NaN and missing
 * values follow MLflow's rules more simply in code): the store then filters in code. Pure.
 */
import type { Comparison, OrderClause } from '../search/filter.js'

export interface CompiledSearch {
  /** Conditions on the columns of the `runs` table (aliased r), joined with AND. */
  where: string[]
  args: Array<string | number>
  /**
   * Conditions on params and tags: each an SQL expression whose first parameter is the run id,
   * followed by `args`.
   */
  probes: Array<{ sql: string; args: Array<string | number> }>
  orderBy: string
}

const ATTRIBUTE_COLUMNS: Record<string, string> = {
  run_id: 'r.run_uuid',
  run_name: 'r.name',
  status: 'r.status',
  user_id: 'r.user_id',
  artifact_uri: 'r.artifact_uri',
  start_time: 'r.start_time',
  end_time: 'r.end_time'
}

/** LIKE's pattern as a case-sensitive GLOB pattern (% → *, _ → ?, GLOB's specials bracketed). */
export function likeToGlob(pattern: string): string {
  let out = ''
  for (const ch of pattern) {
    if (ch === '%') out += '*'
    else if (ch === '_') out += '?'
    else if (ch === '*' || ch === '?' || ch === '[') out += `[${ch}]`
    else out += ch
  }
  return out
}

function stringCondition(
  column: string,
  op: string,
  value: string,
  args: Array<string | number>
): string {
  switch (op) {
    case '=':
    case '!=':
      args.push(value)
      return `${column} ${op} ?`
    case 'LIKE':
      args.push(likeToGlob(value))
      return `${column} GLOB ?`
    case 'ILIKE':
      // SQLite's LIKE ignores ASCII case, as MLflow's ILIKE (lower() LIKE lower()) does there.
      args.push(value)
      return `${column} LIKE ?`
  }
  // Unreachable: every operator of the grammar has a case above.
  throw new RangeError(`no SQL for ${op}`)
}

/** An attribute comparison as a condition on the runs table. */
function compileAttribute(c: Comparison, args: Array<string | number>): string | undefined {
  const column = ATTRIBUTE_COLUMNS[c.key]
  if (column === undefined) return undefined
  if (typeof c.value === 'number') {
    args.push(c.value)
    return `${column} ${c.op} ?`
  }
  if (Array.isArray(c.value)) {
    args.push(...c.value)
    const marks = c.value.map(() => '?').join(', ')
    return `${column} ${c.op === 'IN' ? 'IN' : 'NOT IN'} (${marks})`
  }
  if (c.value === null) return undefined
  // The run name lives in the runs table and in the mlflow.runName tag; MLflow searches the column.
  return `${column} IS NOT NULL AND ${stringCondition(column, c.op, c.value, args)}`
}

/** A param or tag comparison as an expression over one run, whose id is its first parameter. */
function compileProbe(c: Comparison): { sql: string; args: Array<string | number> } | undefined {
  const table = c.type === 'param' ? 'params' : 'tags'
  const args: Array<string | number> = [c.key]
  const exists = `EXISTS (SELECT 1 FROM ${table} x WHERE x.run_uuid = ? AND x.key = ?`
  if (c.op === 'IS NULL') return { sql: `NOT ${exists})`, args }
  if (c.op === 'IS NOT NULL') return { sql: `${exists})`, args }
  if (typeof c.value !== 'string') return undefined
  return { sql: `${exists} AND ${stringCondition('x.value', c.op, c.value, args)})`, args }
}

export function compileSearch(
  comparisons: Comparison[],
  order: OrderClause[]
): CompiledSearch | undefined {
  const args: Array<string | number> = []
  const where: string[] = []
  const probes: CompiledSearch['probes'] = []
  for (const comparison of comparisons) {
    if (comparison.type === 'metric') return undefined
    if (comparison.type === 'attribute') {
      const sql = compileAttribute(comparison, args)
      if (sql === undefined) return undefined
      where.push(`(${sql})`)
    } else {
      const probe = compileProbe(comparison)
      if (probe === undefined) return undefined
      probes.push(probe)
    }
  }
  const clauses = [...order]
  if (!clauses.some(c => c.type === 'attribute' && c.key === 'start_time')) {
    clauses.push({ type: 'attribute', key: 'start_time', ascending: false })
  }
  const orderBy: string[] = []
  for (const clause of clauses) {
    const column = clause.type === 'attribute' ? ATTRIBUTE_COLUMNS[clause.key] : undefined
    if (column === undefined) return undefined
    // Missing values last, in either direction, as the code path does.
    orderBy.push(`(${column} IS NULL)`, `${column} ${clause.ascending ? 'ASC' : 'DESC'}`)
  }
  orderBy.push('r.run_uuid ASC')
  return { where, args, probes, orderBy: orderBy.join(', ') }
}
