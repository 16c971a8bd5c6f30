import { ACTION_SURFACE, InputError } from '../../src/errors.js'
import { CLI_SURFACE } from '../../src/cli/run-cli.js'
import { readSettings } from '../../src/settings/inputs.js'
import { parseTrackingUri } from '../../src/settings/tracking-uri.js'
import { parseParameterLines } from '../../src/settings/types.js'

function settings(inputs: Record<string, string>) {
  return readSettings(name => inputs[name] ?? '', {
    GITHUB_WORKSPACE: '/repo',
    RUNNER_TEMP: '/tmp/runner'
  })
}

describe('readSettings', () => {
  it('applies the defaults', () => {
    expect(settings({})).toEqual({
      project: '.',
      entryPoint: 'main',
      parameters: [],
      envManager: 'local',
      experimentName: '',
      runName: '',
      trackingUri: '',
      tracking: {
        kind: 'sqlite',
        uri: 'sqlite:////tmp/runner/care-label/mlflow/mlflow.db',
        path: '/tmp/runner/care-label/mlflow/mlflow.db',
        own: true
      },
      workspace: '/repo',
      configPath: '.github/care-label.yml',
      configExplicit: false,
      runId: '',
      baselineRunId: '',
      baselineBranch: '',
      failOnRegression: true,
      mlflowVersion: '3.17.2',
      outputDir: '/tmp/runner/care-label',
      comment: 'update',
      reportKey: '',
      checkName: '',
      mode: 'auto',
      artifactName: '',
      artifactRetentionDays: 0,
      historyRuns: 100,
      rules: 'base'
    })
  })

  it.each([
    [
      { 'env-manager': 'pipenv' },
      "Input 'env-manager': 'pipenv' is not one of local, uv, virtualenv, conda."
    ],
    [
      { comment: 'sometimes' },
      "Input 'comment': 'sometimes' is not one of update, new, off, on-change, on-failure."
    ],
    [
      { 'fail-on-regression': 'maybe' },
      "Input 'fail-on-regression': 'maybe' is not a boolean: use true or false."
    ],
    [
      { 'tracking-uri': 'databricks' },
      "Input 'tracking-uri': must be an http(s):// address of an MLflow tracking server, a sqlite:/// path or a file:// mlruns directory; leave it empty for a local store."
    ],
    [
      { 'run-id': 'not a run' },
      "Input 'run-id': 'not a run' is not an MLflow run id (32 hex characters, as shown in the MLflow UI)."
    ],
    [{ mode: 'both' }, "Input 'mode': 'both' is not one of auto, report, publish."],
    [{ rules: 'mine' }, "Input 'rules': 'mine' is not one of base, head."],
    [
      { 'artifact-retention-days': '91' },
      "Input 'artifact-retention-days': 91 is out of range: GitHub keeps artifacts 1 to 90 days (0: the repository's default)."
    ],
    [{ 'history-runs': 'ten' }, "Input 'history-runs': 'ten' is not a whole number."],
    [{ 'history-runs': '0' }, "Input 'history-runs': must be at least 1 (the run itself), not 0."],
    [
      { 'artifact-name': 'store/main' },
      "Input 'artifact-name': 'store/main' has a character artifact names may not contain (\" : < > | * ? \\ / or a line break)."
    ],
    [
      { parameters: 'a=1\njust text' },
      "Input 'parameters': line 2 ('just text') is not key=value. Write one key=value per line."
    ]
  ])('rejects %j', (inputs, message) => {
    let error: unknown
    try {
      settings(inputs)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    expect(error instanceof Error && error.message).toBe(message)
  })
})

describe('parseParameterLines', () => {
  it('keeps values exactly, skips blanks and comments', () => {
    expect(parseParameterLines('a=1\n\n# note\nb = x=y \nc=it\'s; "q"\r\n')).toEqual({
      parameters: [
        ['a', '1'],
        ['b', ' x=y '],
        ['c', `it's; "q"`]
      ],
      errors: []
    })
  })
})

describe('parseTrackingUri', () => {
  const where = { workspace: '/repo', outputDir: '/tmp/out' }
  it.each([
    [
      '',
      {
        kind: 'sqlite',
        uri: 'sqlite:////tmp/out/mlflow/mlflow.db',
        path: '/tmp/out/mlflow/mlflow.db',
        own: true
      }
    ],
    // A relative path means the workspace's file, whatever directory `mlflow run` starts in.
    [
      'sqlite:///out/demo/mlflow.db',
      {
        kind: 'sqlite',
        uri: 'sqlite:////repo/out/demo/mlflow.db',
        path: '/repo/out/demo/mlflow.db',
        own: false
      }
    ],
    [
      'sqlite:////abs/mlflow.db',
      { kind: 'sqlite', uri: 'sqlite:////abs/mlflow.db', path: '/abs/mlflow.db', own: false }
    ],
    [
      'sqlite:///../up/my%20store.db?timeout=5',
      {
        kind: 'sqlite',
        uri: 'sqlite:////up/my store.db?timeout=5',
        path: '/up/my store.db',
        own: false
      }
    ],
    ['https://mlflow.example.com/', { kind: 'server', uri: 'https://mlflow.example.com/' }],
    ['file:///work/mlruns', { kind: 'file', uri: 'file:///work/mlruns', root: '/work/mlruns' }]
  ])('%j', (text, expected) => {
    expect(parseTrackingUri(text, where)).toEqual(expected)
  })

  it.each([
    [
      'sqlite:///',
      "Input 'tracking-uri': 'sqlite:///' names no database file: write sqlite:///path/to/mlflow.db (relative to the workspace) or sqlite:////absolute/path/mlflow.db."
    ],
    [
      'postgresql://db/mlflow',
      "Input 'tracking-uri': must be an http(s):// address of an MLflow tracking server, a sqlite:/// path or a file:// mlruns directory; leave it empty for a local store."
    ]
  ])('refuses %j', (text, message) => {
    let error: unknown
    try {
      parseTrackingUri(text, where)
    } catch (e) {
      error = e
    }
    expect(error instanceof InputError && error.message).toBe(message)
  })
})

describe('errors name the setting as the surface does', () => {
  const error = new InputError('env-manager', "'pipenv' is not one of local, uv.")
  it.each([
    [ACTION_SURFACE, "Input 'env-manager': 'pipenv' is not one of local, uv."],
    [CLI_SURFACE, "--env-manager: 'pipenv' is not one of local, uv."]
  ])('%#', (surface, message) => {
    expect(error.describe(surface)).toBe(message)
  })

  it('the CLI names its own flags inside a message, and the action its inputs', () => {
    const wording = new InputError(
      'parameters',
      s => `use ${s.input('config')} or ${s.input('github-token')}.`
    )
    expect(wording.describe(CLI_SURFACE)).toBe(
      "-P/--param: use --config or the action input 'github-token'."
    )
    expect(wording.message).toBe("Input 'parameters': use 'config' or 'github-token'.")
  })
})
