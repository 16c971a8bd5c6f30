import { ConfigError } from '../../src/errors.js'
import { checkParameters, parseMLproject } from '../../src/core/project/mlproject.js'
import { mlflowRunArgs } from '../../src/adapters/project/mlflow-cli.js'

const MLPROJECT = `name: iris-classifier
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      n_estimators: {type: int, default: 50}
      lr: float
      note: {type: string, default: "baseline"}
    command: "python train.py --n {n_estimators}"
  smoke:
    command: "python smoke.py"
`

describe('parseMLproject', () => {
  it('reads entry points, typed parameters and their lines', () => {
    const project = parseMLproject('examples/iris/MLproject', MLPROJECT)
    expect(project.name).toBe('iris-classifier')
    expect(project.entryPoints.map(e => e.name)).toEqual(['main', 'smoke'])
    expect(project.entryPoints[0]?.parameters).toEqual([
      { name: 'n_estimators', type: 'int', default: '50', line: 6 },
      { name: 'lr', type: 'float', line: 7 },
      { name: 'note', type: 'string', default: 'baseline', line: 8 }
    ])
  })

  it.each([
    [
      'entry_points:\n  main:\n    parameters:\n      x: {type: integer}\n    command: "x"\n',
      4,
      "unknown parameter type 'integer': use one of string, float, int, path, uri."
    ],
    ['entry_points:\n  main:\n    parameters: {}\n', 2, "entry point 'main' needs a command."],
    ['- a\n- b\n', 1, 'an MLproject file must be a mapping with entry_points.']
  ])('rejects %j at line %i', (content, line, message) => {
    expect(() => parseMLproject('MLproject', content)).toThrow(
      new ConfigError(message, { file: 'MLproject', line })
    )
  })
})

describe('checkParameters', () => {
  const entry = parseMLproject('MLproject', MLPROJECT).entryPoints[0]!

  it('accepts valid values and notes undeclared ones', () => {
    expect(
      checkParameters(entry, [
        ['lr', '0.1'],
        ['n_estimators', '10'],
        ['extra', 'x']
      ])
    ).toEqual({
      problems: [],
      notes: [
        "parameter 'extra' is not declared by entry point 'main'; MLflow passes it to the command as --extra."
      ]
    })
  })

  it('reports a missing required parameter and wrong types with their lines', () => {
    expect(checkParameters(entry, [['n_estimators', 'ten']]).problems).toEqual([
      {
        message:
          "parameter 'n_estimators' of entry point 'main' is an int, but the value given is 'ten'.",
        line: 6
      },
      {
        message:
          "entry point 'main' needs parameter 'lr' (float), which has no default: add 'lr=<value>' to the 'parameters' input.",
        line: 7
      }
    ])
  })
})

describe('mlflowRunArgs', () => {
  it('passes every parameter as its own argument, exactly as given', () => {
    expect(
      mlflowRunArgs({
        project: '/repo/examples/iris',
        entryPoint: 'main',
        parameters: [
          ['note', `it's; a "test" $(rm -rf /)`],
          ['lr', '0.1']
        ],
        envManager: 'local',
        experimentName: 'exp',
        runName: 'pr-1',
        trackingUri: 'sqlite:///x.db'
      })
    ).toEqual([
      'run',
      '/repo/examples/iris',
      '--entry-point',
      'main',
      '-P',
      `note=it's; a "test" $(rm -rf /)`,
      '-P',
      'lr=0.1',
      '--env-manager',
      'local',
      '--experiment-name',
      'exp',
      '--run-name',
      'pr-1'
    ])
  })
})
