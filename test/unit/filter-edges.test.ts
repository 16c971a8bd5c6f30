/**
 * The search grammar and its evaluation in code, without a store: every comparator on each side
 * of its bound, LIKE's case and wildcards, IN lists, attributes, the parser's messages, and the
 * order of runs with missing and NaN values. The differential suite checks the same against
 * MLflow; this one kills a wrong comparator in milliseconds.
 */
import {
  matchesComparison,
  matchesFilter,
  parseFilter,
  parseOrderBy,
  sortRuns,
  SearchSyntaxError
} from '../../src/adapters/mlflow/search/filter.js'
import type { Run } from '../../src/core/runs.js'

function run(id: string, data: Partial<Run['data']> = {}, info: Partial<Run['info']> = {}): Run {
  return {
    info: {
      runId: id,
      runName: `name-${id}`,
      experimentId: '1',
      status: 'FINISHED',
      startTime: 100,
      lifecycleStage: 'active',
      ...info
    },
    data: { metrics: {}, params: {}, tags: {}, ...data }
  }
}

const matches = (r: Run, filter: string): boolean => matchesFilter(r, parseFilter(filter))

describe('numeric comparators', () => {
  const at = (value: number) => run('r', { metrics: { m: value } })
  it.each([
    // op, [below, at, above] the bound 0.5
    ['=', [false, true, false]],
    ['!=', [true, false, true]],
    ['>', [false, false, true]],
    ['>=', [false, true, true]],
    ['<', [true, false, false]],
    ['<=', [true, true, false]]
  ] as const)('metrics.m %s 0.5 for 0.4, 0.5, 0.6: %j', (op, expected) => {
    expect([0.4, 0.5, 0.6].map(v => matches(at(v), `metrics.m ${op} 0.5`))).toEqual(expected)
  })

  it.each([
    ['=', [false, true, false]],
    ['!=', [true, false, true]],
    ['>', [false, false, true]],
    ['>=', [false, true, true]],
    ['<', [true, false, false]],
    ['<=', [true, true, false]]
  ] as const)('attributes.start_time %s 100 for 99, 100, 101: %j', (op, expected) => {
    expect(
      [99, 100, 101].map(t =>
        matches(run('r', {}, { startTime: t }), `attributes.start_time ${op} 100`)
      )
    ).toEqual(expected)
  })

  it('compares end_time, and a run without one matches nothing', () => {
    expect(matches(run('r', {}, { endTime: 5 }), 'attributes.end_time >= 5')).toBe(true)
    expect(matches(run('r', {}, { endTime: 5 }), 'attributes.end_time < 5')).toBe(false)
    expect(matches(run('r'), 'attributes.end_time != 5')).toBe(false)
  })

  it('matches nothing for a metric the run did not log, whatever the comparator', () => {
    for (const op of ['=', '!=', '>', '>=', '<', '<=']) {
      expect([op, matches(run('r'), `metrics.m ${op} 1`)]).toEqual([op, false])
    }
  })

  it('compares NaN as IEEE does: only != is true', () => {
    const nan = run('r', { metrics: { m: Number.NaN } })
    expect(['=', '!=', '>', '<'].map(op => matches(nan, `metrics.m ${op} 1`))).toEqual([
      false,
      true,
      false,
      false
    ])
  })

  it('reads numbers in every form the grammar takes', () => {
    const r = run('r', { metrics: { m: -0.001, n: 0.5, e: 1500 } })
    expect(matches(r, 'metrics.m = -1e-3')).toBe(true)
    expect(matches(r, 'metrics.n = 0.5')).toBe(true)
    expect(matches(r, 'metrics.e = 1.5E3')).toBe(true)
    expect(matches(r, 'metrics.e = 1500.')).toBe(true)
  })
})

describe('string comparators', () => {
  const r = run('r', { params: { lr: '0.1', name: 'Baseline' }, tags: { t: 'x' } })
  it.each([
    ["params.lr = '0.1'", true],
    ["params.lr = '0.10'", false],
    ["params.lr != '0.1'", false],
    ["params.lr != '0.2'", true],
    ["params.missing != 'x'", false],
    ["params.missing = ''", false],
    ["params.name = 'baseline'", false],
    ["tags.t = 'x'", true],
    ["tags.t != 'x'", false]
  ])('%s → %p', (filter, expected) => {
    expect(matches(r, filter)).toBe(expected)
  })

  it('tells present from missing with IS NULL and IS NOT NULL', () => {
    expect(matches(r, 'params.lr IS NULL')).toBe(false)
    expect(matches(r, 'params.lr IS NOT NULL')).toBe(true)
    expect(matches(r, 'params.nope IS NULL')).toBe(true)
    expect(matches(r, 'params.nope IS NOT NULL')).toBe(false)
    expect(matches(r, 'tags.t is not null')).toBe(true)
    expect(matches(r, 'tags.u Is Null')).toBe(true)
  })
})

describe('LIKE and ILIKE', () => {
  const named = (name: string) => run('r', { params: { p: name } })
  it.each([
    // pattern, value, LIKE, ILIKE
    ['Base%', 'Baseline', true, true],
    ['Base%', 'baseline', false, true],
    ['BASE%', 'baseline', false, true],
    ['%line', 'Baseline', true, true],
    ['%LINE', 'Baseline', false, true],
    ['%', '', true, true],
    ['a%', 'a', true, true],
    ['a_c', 'abc', true, true],
    ['a_c', 'ac', false, false],
    ['a_c', 'abbc', false, false],
    ['a_C', 'abc', false, true],
    ['ase', 'Baseline', false, false],
    ['Baseline', 'Baseline!', false, false],
    ['%ase%', 'Baseline', true, true],
    ['a.c', 'abc', false, false],
    ['a.c', 'a.c', true, true],
    ['(x)+', '(x)+', true, true],
    ['(x)+', 'xx', false, false],
    ['[ab]', 'a', false, false],
    ['[ab]', '[ab]', true, true],
    ['$^|?*{1}\\', '$^|?*{1}\\', true, true],
    ['a%b', 'a\nb', true, true],
    ['a_b', 'a\nb', true, true]
  ])('%j against %j: LIKE %p, ILIKE %p', (pattern, value, like, ilike) => {
    const literal = pattern.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
    expect(
      matchesComparison(named(value), { type: 'param', key: 'p', op: 'LIKE', value: pattern })
    ).toBe(like)
    expect(
      matchesComparison(named(value), { type: 'param', key: 'p', op: 'ILIKE', value: pattern })
    ).toBe(ilike)
    if (!pattern.includes('\\')) {
      expect(matches(named(value), `params.p LIKE '${literal}'`)).toBe(like)
      expect(matches(named(value), `params.p ilike '${literal}'`)).toBe(ilike)
    }
  })

  it('applies to attributes too', () => {
    const r = run('abc', {}, { runName: 'Run-07' })
    expect(matches(r, "attributes.run_name LIKE 'Run-%'")).toBe(true)
    expect(matches(r, "attributes.run_name LIKE 'run-%'")).toBe(false)
    expect(matches(r, "attributes.run_name ILIKE 'run-%'")).toBe(true)
    expect(matches(r, "attributes.status LIKE 'FIN%'")).toBe(true)
  })
})

describe('attributes', () => {
  const r = run(
    'abc',
    { tags: { 'mlflow.user': 'ada' } },
    { runName: 'first', status: 'FAILED', artifactUri: 'file:///a' }
  )
  it.each([
    ["attributes.run_id = 'abc'", true],
    ["attributes.run_id IN ('x', 'abc')", true],
    ["attributes.run_id IN ('x')", false],
    ["attributes.run_id NOT IN ('x', 'y')", true],
    ["attributes.run_id NOT IN ('abc')", false],
    ["attributes.run_name = 'first'", true],
    ["attributes.`Run name` = 'first'", true],
    ["attributes.status = 'FAILED'", true],
    ["attributes.status != 'FAILED'", false],
    ["attributes.user_id = 'ada'", true],
    ["attributes.artifact_uri = 'file:///a'", true],
    ['attributes.created >= 100', true],
    ['attributes.Created < 100', false]
  ])('%s → %p', (filter, expected) => {
    expect(matches(r, filter)).toBe(expected)
  })

  it("takes a missing user as '' and a missing artifact URI as no match", () => {
    const bare = run('r')
    expect(matches(bare, "attributes.user_id = ''")).toBe(true)
    expect(matches(bare, "attributes.artifact_uri != 'x'")).toBe(false)
  })

  it('joins comparisons with AND', () => {
    expect(matches(r, "attributes.status = 'FAILED' AND attributes.run_name = 'first'")).toBe(true)
    expect(matches(r, "attributes.status = 'FAILED' and attributes.run_name = 'other'")).toBe(false)
    expect(matches(r, '')).toBe(true)
  })
})

describe('parseFilter', () => {
  it.each([
    ['tags."mlflow.user" = \'a\'', { type: 'tag', key: 'mlflow.user', op: '=', value: 'a' }],
    ['tags.`a b` = "x"', { type: 'tag', key: 'a b', op: '=', value: 'x' }],
    ["param.a-b = 'x'", { type: 'param', key: 'a-b', op: '=', value: 'x' }],
    ["parameters.a:b/c = 'x'", { type: 'param', key: 'a:b/c', op: '=', value: 'x' }],
    ["parameter.x LIKE '%'", { type: 'param', key: 'x', op: 'LIKE', value: '%' }],
    ["tag.x ilike 'a'", { type: 'tag', key: 'x', op: 'ILIKE', value: 'a' }],
    ['metrics.m<=1', { type: 'metric', key: 'm', op: '<=', value: 1 }],
    ['metrics.m!=-2', { type: 'metric', key: 'm', op: '!=', value: -2 }],
    ["  params.p   =   'x'  ", { type: 'param', key: 'p', op: '=', value: 'x' }],
    [
      "attributes.run_id in ('a','b' , 'c')",
      { type: 'attribute', key: 'run_id', op: 'IN', value: ['a', 'b', 'c'] }
    ],
    ['attribute.end_time > 5', { type: 'attribute', key: 'end_time', op: '>', value: 5 }],
    ["attributes.'run name' = 'x'", { type: 'attribute', key: 'run_name', op: '=', value: 'x' }]
  ])('%s', (filter, expected) => {
    expect(parseFilter(filter)).toEqual([expected])
  })

  it('parses several comparisons in order', () => {
    expect(parseFilter("metrics.a > 1 AND params.b = 'x' and tags.c IS NULL")).toEqual([
      { type: 'metric', key: 'a', op: '>', value: 1 },
      { type: 'param', key: 'b', op: '=', value: 'x' },
      { type: 'tag', key: 'c', op: 'IS NULL', value: null }
    ])
    expect(parseFilter('')).toEqual([])
    expect(parseFilter('   ')).toEqual([])
  })

  it.each([
    ["attributes.run_id IN 'a'", "Expected '(' after IN."],
    ["attributes.run_id NOT IN 'a'", "Expected '(' after NOT IN."],
    ["attributes.run_id IN ('a' 'b')", "Expected ',' or ')' at position 27."],
    ['attributes.run_id IN (a)', 'Expected a quoted value in IN list at position 23.'],
    ['attributes.run_id IN ()', 'Expected a quoted value in IN list at position 23.'],
    ["attributes.run_id IN ('a'", "Expected ',' or ')' at the end of 'attributes.run_id IN ('a''."],
    ['tags.x IS NOT 1', 'Expected NULL after IS NOT at position 8.'],
    ['tags.x IS 1', 'Expected NULL after IS at position 8.'],
    ['metrics.x IS NULL', 'IS NULL is only supported for tags and params.'],
    ['attributes.status IS NOT NULL', 'IS NOT NULL is only supported for tags and params.'],
    ['metrics.x = 1 ; drop', "Unexpected character ';' at position 15."],
    ['metrics.x', "Expected a comparison operator at the end of 'metrics.x'."],
    ['metrics', "Expected '.' after the key type at the end of 'metrics'."],
    [
      'metrics x = 1',
      "Invalid key 'metrics' at position 1: keys start with metrics., params., tags. or attributes."
    ],
    ['`metrics`.x = 1', "Expected a key such as metrics.accuracy at position 1, found '`metrics'."],
    ["params.'' = 'x'", 'Expected a key name at position 8.'],
    [
      "params.x = 'a' params.y = 'b'",
      "Expected AND at position 16, found 'params' (only AND is supported)."
    ],
    ["params.x ~ 'a'", "Unexpected character '~' at position 10."],
    [
      "attributes.start_time LIKE '1'",
      "Invalid comparator 'LIKE' for attribute 'start_time' at position 23; use one of =, !=, >, >=, <, <=."
    ],
    [
      'attributes.status > 1',
      "Invalid comparator '>' for attribute 'status' at position 19; use one of =, !=, LIKE, ILIKE, IN, NOT IN."
    ],
    [
      "attributes.start_time = '1'",
      "Expected a number for attribute 'start_time' at position 25, found '1'."
    ],
    ['tags.x = "open', 'Unterminated " quote starting at position 10.'],
    ['tags.`x = 1', 'Unterminated ` quote starting at position 6.']
  ])('refuses %s: %s', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(new SearchSyntaxError(message))
  })
})

describe('parseOrderBy', () => {
  it.each([
    ['metrics.acc', { type: 'metric', key: 'acc', ascending: true }],
    ['metrics.acc ASC', { type: 'metric', key: 'acc', ascending: true }],
    ['metrics.acc desc', { type: 'metric', key: 'acc', ascending: false }],
    ['params.`a b` DESC', { type: 'param', key: 'a b', ascending: false }],
    ['attributes.created DESC', { type: 'attribute', key: 'start_time', ascending: false }]
  ])('%s', (clause, expected) => {
    expect(parseOrderBy(clause)).toEqual(expected)
  })

  it.each([
    ['metrics.acc UP', 'Expected ASC or DESC at position 13.'],
    ['metrics.acc ASC DESC', "Unexpected text after order_by clause 'metrics.acc ASC DESC'."],
    ['acc', "Expected '.' after the key type at the end of 'acc'."]
  ])('refuses %s: %s', (clause, message) => {
    expect(() => parseOrderBy(clause)).toThrow(new SearchSyntaxError(message))
  })
})

describe('sortRuns', () => {
  const runs = [
    run('a', { metrics: { m: 2 }, params: { p: 'b' } }, { startTime: 1 }),
    run('b', { metrics: { m: Number.NaN }, params: { p: 'a' } }, { startTime: 2 }),
    run('c', { metrics: { m: 1 } }, { startTime: 3 }),
    run('d', { params: { p: 'c' } }, { startTime: 4 }),
    run('e', { metrics: { m: 2 }, params: { p: 'b' } }, { startTime: 1 })
  ]
  const ids = (order: string[]) => sortRuns(runs, order.map(parseOrderBy)).map(r => r.info.runId)

  it.each([
    [[], ['d', 'c', 'b', 'a', 'e']],
    [['metrics.m ASC'], ['c', 'a', 'e', 'b', 'd']],
    [['metrics.m DESC'], ['a', 'e', 'c', 'b', 'd']],
    [['params.p ASC'], ['b', 'a', 'e', 'd', 'c']],
    [['params.p DESC'], ['d', 'a', 'e', 'b', 'c']],
    [['attributes.start_time ASC'], ['a', 'e', 'b', 'c', 'd']],
    [['attributes.start_time DESC'], ['d', 'c', 'b', 'a', 'e']],
    [
      ['metrics.m ASC', 'params.p DESC'],
      ['c', 'a', 'e', 'b', 'd']
    ],
    [['attributes.run_id DESC'], ['e', 'd', 'c', 'b', 'a']]
  ])(
    'orders by %j: %j (missing last, NaN before missing, then newest, then id)',
    (order, expected) => {
      expect(ids(order)).toEqual(expected)
    }
  )

  it('does not change the list it is given', () => {
    const copy = [...runs]
    sortRuns(runs, [parseOrderBy('metrics.m ASC')])
    expect(runs).toEqual(copy)
  })
})

describe('the order of runs, clause by clause', () => {
  const ids = (runs: Run[]) => runs.map(r => r.info.runId)
  const m = (id: string, value: number | undefined, startTime: number) =>
    run(id, { metrics: value === undefined ? {} : { m: value } }, { startTime })

  it('breaks a tie on a clause with the next, then start time (newest first), then run id', () => {
    const runs = [m('d', 1, 5), m('b', 1, 7), m('c', 1, 7), m('a', 2, 1)]
    expect(ids(sortRuns(runs, [parseOrderBy('metrics.m ASC')]))).toEqual(['b', 'c', 'd', 'a'])
    expect(ids(sortRuns(runs, [parseOrderBy('metrics.m DESC')]))).toEqual(['a', 'b', 'c', 'd'])
  })

  it('orders by start time, newest first, when no clause names it; ties by run id', () => {
    const runs = [m('x', 0, 1), m('z', 0, 3), m('y', 0, 3), m('w', 0, 2)]
    expect(ids(sortRuns(runs, []))).toEqual(['y', 'z', 'w', 'x'])
    // Ordered by start time itself, ascending: no second start-time clause turns it around.
    expect(ids(sortRuns(runs, [parseOrderBy('attributes.start_time ASC')]))).toEqual([
      'x',
      'w',
      'y',
      'z'
    ])
  })

  it('puts NaN after numbers and a missing value last, whichever the direction', () => {
    const runs = [m('n', Number.NaN, 1), m('u', undefined, 1), m('b', 2, 1), m('a', 1, 1)]
    expect(ids(sortRuns(runs, [parseOrderBy('metrics.m ASC')]))).toEqual(['a', 'b', 'n', 'u'])
    expect(ids(sortRuns(runs, [parseOrderBy('metrics.m DESC')]))).toEqual(['b', 'a', 'n', 'u'])
  })

  it('compares text values as text', () => {
    const p = (id: string, v: string) => run(id, { params: { p: v } })
    const runs = [p('1', 'b'), p('2', 'a10'), p('3', 'a9')]
    expect(ids(sortRuns(runs, [parseOrderBy('params.p ASC')]))).toEqual(['2', '3', '1'])
  })
})

describe('quoted text, kept as written', () => {
  it.each([
    ["params.p = 'it\\'s'", "it\\'s"],
    ["params.p = 'it''s'", "it''s"],
    ['params.p = "say ""hi"""', 'say ""hi""'],
    ["params.p = 'a\\\\'", 'a\\\\']
  ])('%s compares with %j', (filter, value) => {
    expect(parseFilter(filter)).toEqual([{ type: 'param', key: 'p', op: '=', value }])
  })

  it('a backquoted key ends at its next backquote, backslash or not', () => {
    expect(parseFilter("tags.`a\\` = 'x'")).toEqual([
      { type: 'tag', key: 'a\\', op: '=', value: 'x' }
    ])
  })

  it('says where an unterminated quote starts', () => {
    expect(() => parseFilter("params.p = 'abc")).toThrow(
      "Unterminated ' quote starting at position 12."
    )
    expect(() => parseFilter("params.p = 'ab\\'")).toThrow(
      "Unterminated ' quote starting at position 12."
    )
  })
})
