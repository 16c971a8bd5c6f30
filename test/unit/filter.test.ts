import {
  matchesFilter,
  parseFilter,
  parseOrderBy,
  sortRuns,
  SearchSyntaxError
} from '../../src/adapters/mlflow/search/filter.js'
import type { Run } from '../../src/core/runs.js'

function run(id: string, start: number, data: Partial<Run['data']> = {}, status = 'FINISHED'): Run {
  return {
    info: {
      runId: id,
      runName: `name-${id}`,
      experimentId: '1',
      status,
      startTime: start,
      lifecycleStage: 'active'
    },
    data: { metrics: {}, params: {}, tags: {}, ...data }
  }
}

describe('parseFilter', () => {
  it('parses the baseline filter the action uses', () => {
    expect(
      parseFilter(
        "attributes.status = 'FINISHED' AND tags.`care-label.git.ref` = 'refs/heads/main' AND tags.`mlflow.project.entryPoint` = \"main\""
      )
    ).toEqual([
      { type: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
      { type: 'tag', key: 'care-label.git.ref', op: '=', value: 'refs/heads/main' },
      { type: 'tag', key: 'mlflow.project.entryPoint', op: '=', value: 'main' }
    ])
  })

  it.each([
    ['metrics.acc >= 0.9', { type: 'metric', key: 'acc', op: '>=', value: 0.9 }],
    ['metric.loss < -1e-3', { type: 'metric', key: 'loss', op: '<', value: -0.001 }],
    [
      "attributes.run_id IN ('a', 'b')",
      { type: 'attribute', key: 'run_id', op: 'IN', value: ['a', 'b'] }
    ],
    [
      "run.run_name ILIKE '%Base%'",
      { type: 'attribute', key: 'run_name', op: 'ILIKE', value: '%Base%' }
    ],
    ['tags.x IS NULL', { type: 'tag', key: 'x', op: 'IS NULL', value: null }],
    ['params.y is not null', { type: 'param', key: 'y', op: 'IS NOT NULL', value: null }],
    ['attr.start_time > 100', { type: 'attribute', key: 'start_time', op: '>', value: 100 }],
    ['metrics.a.b = 1', { type: 'metric', key: 'a.b', op: '=', value: 1 }],
    [
      "attributes.run_id NOT IN ('a')",
      { type: 'attribute', key: 'run_id', op: 'NOT IN', value: ['a'] }
    ],
    // As in MLflow: the text between the quotes is kept, escapes and doubled quotes included.
    [
      "params.note = 'it''s \\'q\\''",
      { type: 'param', key: 'note', op: '=', value: "it''s \\'q\\'" }
    ],
    ["attributes.`Run name` = 'x'", { type: 'attribute', key: 'run_name', op: '=', value: 'x' }]
  ])('%s', (filter, expected) => {
    expect(parseFilter(filter)).toEqual([expected])
  })

  it.each([
    ["metrics.acc = 'high'", "Expected a number for metric 'acc' at position 15, found 'high'."],
    ['params.lr = 0.1', "Expected a quoted string for param 'lr' at position 13, found '0.1'."],
    [
      "metrics.acc LIKE '1'",
      "Invalid comparator 'LIKE' for metric 'acc' at position 13; use one of =, !=, >, >=, <, <=."
    ],
    [
      "params.lr IN ('1')",
      "Invalid comparator 'IN' for param 'lr' at position 11; use one of =, !=, LIKE, ILIKE."
    ],
    [
      'metric.a > 1 OR metric.b > 1',
      "Expected AND at position 14, found 'OR' (only AND is supported)."
    ],
    [
      "foo.bar = 'x'",
      "Invalid key 'foo' at position 1: keys start with metrics., params., tags. or attributes."
    ],
    [
      "attributes.color = 'x'",
      "Invalid attribute key 'color'. Valid keys are artifact_uri, end_time, run_id, run_name, start_time, status, user_id."
    ],
    ["tags.x = 'open", "Unterminated ' quote starting at position 10."],
    [
      "attributes.status IN ('A')",
      "Only ['run_id'] attributes support comparison with a list of quoted string values."
    ],
    [
      'metrics.a > 1 AND',
      "Expected a key such as metrics.accuracy at the end of 'metrics.a > 1 AND'."
    ]
  ])('rejects %s', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(new SearchSyntaxError(message))
  })
})

describe('matchesFilter and sortRuns', () => {
  const runs = [
    run('a', 1, {
      metrics: { acc: 0.9 },
      params: { lr: '0.1' },
      tags: { 'care-label.git.ref': 'refs/heads/main' }
    }),
    run('b', 3, {
      metrics: { acc: Number.NaN },
      params: { lr: '0.2' },
      tags: { 'care-label.git.ref': 'refs/pull/1/merge' }
    }),
    run(
      'c',
      2,
      { metrics: { acc: 0.95 }, tags: { 'care-label.git.ref': 'refs/heads/main' } },
      'FAILED'
    ),
    run('d', 2, { params: { lr: '0.1' } })
  ]
  const ids = (filter: string, order: string[] = []): string[] =>
    sortRuns(
      runs.filter(r => matchesFilter(r, parseFilter(filter))),
      order.map(parseOrderBy)
    ).map(r => r.info.runId)

  it.each([
    ['', [], ['b', 'c', 'd', 'a']],
    ["tags.`care-label.git.ref` = 'refs/heads/main' AND attributes.status = 'FINISHED'", [], ['a']],
    ['metrics.acc > 0.8', [], ['c', 'a']],
    ["params.lr = '0.1'", [], ['d', 'a']],
    ["params.lr != '0.1'", [], ['b']],
    ["params.lr LIKE '0.%'", [], ['b', 'd', 'a']],
    ['params.lr IS NULL', [], ['c']],
    ['', ['metrics.acc ASC'], ['a', 'c', 'b', 'd']],
    ['', ['metrics.acc DESC'], ['c', 'a', 'b', 'd']],
    ['', ['attributes.start_time ASC'], ['a', 'c', 'd', 'b']]
  ])('filter %j order %j', (filter, order, expected) => {
    expect(ids(filter, order)).toEqual(expected)
  })
})
