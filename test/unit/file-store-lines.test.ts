import { parse as parseYamlFully } from 'yaml'
import { latestPoint } from '../../src/core/runs.js'
import {
  parseMetaYaml,
  parseMetricLine,
  parsePythonFloat
} from '../../src/adapters/mlflow/filestore/file-store.js'

describe('parseMetricLine (MLflow FileStore metric lines)', () => {
  it.each([
    ['1700000000000 0.5 3', { timestamp: 1700000000000, value: 0.5, step: 3 }],
    ['1700000000000 0.5', { timestamp: 1700000000000, value: 0.5, step: 0 }],
    // five fields: dataset name and digest; MLflow reads the step of such a line as 0
    ['1700000000000 0.5 3 eval abc123', { timestamp: 1700000000000, value: 0.5, step: 0 }],
    ['1700000000000 inf 1', { timestamp: 1700000000000, value: Number.POSITIVE_INFINITY, step: 1 }],
    ['1700000000000 -inf 1', { timestamp: 1700000000000, value: Number.NEGATIVE_INFINITY, step: 1 }]
  ])('%s', (line, point) => {
    expect(parseMetricLine(line)).toEqual(point)
  })

  it('reads nan, and rejects lines with 1 or 4 fields', () => {
    expect(parseMetricLine('1 nan 0')?.value).toBeNaN()
    expect(parsePythonFloat('NaN')).toBeNaN()
    expect(parseMetricLine('1700000000000')).toBeUndefined()
    expect(parseMetricLine('1 2 3 4')).toBeUndefined()
  })
})

describe('latestPoint', () => {
  it('takes the max by step, then timestamp, then value', () => {
    const p = (step: number, timestamp: number, value: number) => ({ step, timestamp, value })
    expect(latestPoint([p(1, 5, 1), p(2, 1, 0), p(2, 1, -1)])).toEqual(p(2, 1, 0))
    expect(latestPoint([p(0, 1, 3), p(0, 2, 1)])).toEqual(p(0, 2, 1))
    expect(latestPoint([])).toBeUndefined()
  })
})

describe('parseMetaYaml', () => {
  it('reads the flat meta.yaml MLflow writes, as the YAML parser would', () => {
    const text = [
      'artifact_uri: file:///tmp/mlruns/1/abc/artifacts',
      'end_time: 1795350351971',
      "entry_point_name: ''",
      "experiment_id: '528375737472708168'",
      'lifecycle_stage: active',
      'run_id: abc',
      "run_name: it''s a run",
      'status: 3',
      'tags: []',
      'deleted_time: null',
      ''
    ].join('\n')
    expect(parseMetaYaml(text)).toEqual(parseYamlFully(text))
    expect(parseMetaYaml(text)).toMatchObject({
      experiment_id: '528375737472708168',
      status: 3,
      end_time: 1795350351971
    })
  })

  it('falls back to the YAML parser for anything else', () => {
    expect(parseMetaYaml('name: "quoted: value"\ntags:\n  - a\n')).toEqual({
      name: 'quoted: value',
      tags: ['a']
    })
  })
})
