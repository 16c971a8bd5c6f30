import { readFileSync } from 'node:fs'
import { ConfigError } from '../../src/errors.js'
import { checkParameters, parseMLproject } from '../../src/core/project/mlproject.js'
import {
  mlflowRunArgs,
  projectEnv,
  runProject,
  type MlflowCli
} from '../../src/adapters/project/mlflow-cli.js'
import type { ProjectRunSpec } from '../../src/ports.js'
import { memoryLog } from '../support/fakes.js'

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

  it('accepts valid values', () => {
    expect(
      checkParameters(entry, [
        ['lr', '0.1'],
        ['n_estimators', '10']
      ])
    ).toEqual({ problems: [], notes: [] })
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

describe('checkParameters with undeclared parameters (examples/iris/MLproject)', () => {
  const file = new URL('../../examples/iris/MLproject', import.meta.url)
  const iris = parseMLproject('examples/iris/MLproject', readFileSync(file, 'utf8'))
  const main = iris.entryPoints.find(e => e.name === 'main')!
  const smoke = iris.entryPoints.find(e => e.name === 'smoke')!
  const declared = '(declared: n_estimators, max_depth, test_size, seed, model_note)'

  it.each([
    ['max_dept', 'max_depth', 9],
    ['max_deptth', 'max_depth', 9],
    ['n_estimator', 'n_estimators', 8],
    ['seeed', 'seed', 11],
    ['test-size', 'test_size', 10],
    ['Max-Depth', 'max_depth', 9],
    ['MAX_DEPT', 'max_depth', 9],
    ['maxdepth', 'max_depth', 9],
    ['model_notes', 'model_note', 12]
  ])("refuses '%s' as a misspelling of '%s' at line %i", (given, close, line) => {
    expect(checkParameters(main, [[given, '3']])).toEqual({
      problems: [
        {
          message: `parameter '${given}' is not declared by entry point 'main'. Did you mean '${close}'? ${declared}`,
          line
        }
      ],
      notes: []
    })
  })

  it.each([
    ['learning_rate', 'main'],
    ['depth', 'main'],
    ['sed', 'smoke'],
    ['max_dept', 'smoke']
  ])("notes '%s' for entry point '%s' as appended by MLflow", (given, entryPoint) => {
    const entry = entryPoint === 'main' ? main : smoke
    expect(checkParameters(entry, [[given, '3']])).toEqual({
      problems: [],
      notes: [
        `parameter '${given}' is not declared by entry point '${entryPoint}'; MLflow will append it to the command as '--${given} <value>'.`
      ]
    })
  })

  it('does not take a short name for a different short one', () => {
    const entry = parseMLproject(
      'MLproject',
      'entry_points:\n  main:\n    parameters:\n      lr: float\n    command: "x"\n'
    ).entryPoints[0]!
    expect(
      checkParameters(entry, [
        ['lr', '0.1'],
        ['k', '5'],
        ['l', '1']
      ])
    ).toEqual({
      problems: [
        {
          message:
            "parameter 'l' is not declared by entry point 'main'. Did you mean 'lr'? (declared: lr)",
          line: 4
        }
      ],
      notes: [
        "parameter 'k' is not declared by entry point 'main'; MLflow will append it to the command as '--k <value>'."
      ]
    })
  })

  it('reports each misspelling after the declared parameters’ problems, and notes the rest', () => {
    expect(
      checkParameters(main, [
        ['max_dept', '3'],
        ['seed', 'x'],
        ['extra', 'y']
      ])
    ).toEqual({
      problems: [
        {
          message: "parameter 'seed' of entry point 'main' is an int, but the value given is 'x'.",
          line: 11
        },
        {
          message: `parameter 'max_dept' is not declared by entry point 'main'. Did you mean 'max_depth'? ${declared}`,
          line: 9
        }
      ],
      notes: [
        "parameter 'extra' is not declared by entry point 'main'; MLflow will append it to the command as '--extra <value>'."
      ]
    })
  })
})

describe('mlflowRunArgs', () => {
  const spec: ProjectRunSpec = {
    project: '/repo/examples/iris',
    entryPoint: 'main',
    parameters: [
      ['note', `it's; a "test" $(rm -rf /)`],
      ['lr', '0.1']
    ],
    envManager: 'local',
    backend: 'local',
    backendConfig: '',
    experimentName: 'exp',
    runName: 'pr-1',
    trackingUri: 'http://127.0.0.1:5000'
  }
  const LOCAL = [
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
  ]

  // Every parameter is its own argument, exactly as given; local (MLflow's default) adds nothing.
  it.each<[string, Partial<ProjectRunSpec>, string[]]>([
    ['local', {}, LOCAL],
    [
      'kubernetes',
      { backend: 'kubernetes', backendConfig: '/repo/.github/kubernetes.json' },
      [
        ...LOCAL,
        '--backend',
        'kubernetes',
        '--backend-config',
        '/repo/.github/kubernetes.json',
        '--build-image'
      ]
    ],
    [
      'databricks',
      { backend: 'databricks', backendConfig: '/repo/cluster spec.json' },
      [...LOCAL, '--backend', 'databricks', '--backend-config', '/repo/cluster spec.json']
    ],
    [
      'databricks, without a run name',
      { backend: 'databricks', backendConfig: '/repo/c.json', runName: '' },
      [...LOCAL.slice(0, -2), '--backend', 'databricks', '--backend-config', '/repo/c.json']
    ]
  ])('%s', (_name, change, argv) => {
    expect(mlflowRunArgs({ ...spec, ...change })).toEqual(argv)
  })
})

describe('the environment of the project run', () => {
  it('holds no token of the action, the CLI or the runner, and keeps the tracking credentials', async () => {
    const seen: NodeJS.ProcessEnv[] = []
    const env = {
      PATH: '/usr/bin',
      'INPUT_GITHUB-TOKEN': 'ghs_secret',
      INPUT_TRACKING_URI: 'http://127.0.0.1:5000',
      GITLAB_TOKEN: 'glpat-secret',
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
      MLFLOW_TRACKING_USERNAME: 'ci',
      MLFLOW_TRACKING_PASSWORD: 'kept',
      GITHUB_SHA: 'abc'
    }
    const cli: MlflowCli = {
      command: ['mlflow'],
      env,
      log: memoryLog(),
      runner: {
        run: async (_command, _args, options) => {
          seen.push(options.env ?? {})
          return 0
        }
      }
    }
    await runProject(cli, {
      project: '.',
      entryPoint: 'main',
      parameters: [],
      envManager: 'local',
      backend: 'local',
      backendConfig: '',
      experimentName: 'exp',
      runName: '',
      trackingUri: 'sqlite:///x.db'
    })
    expect(seen[0]).toEqual({
      PATH: '/usr/bin',
      MLFLOW_TRACKING_USERNAME: 'ci',
      MLFLOW_TRACKING_PASSWORD: 'kept',
      GITHUB_SHA: 'abc',
      MLFLOW_TRACKING_URI: 'sqlite:///x.db'
    })
    expect(projectEnv(env)).not.toHaveProperty('GITLAB_TOKEN')
  })
})
