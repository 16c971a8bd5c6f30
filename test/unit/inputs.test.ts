import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ACTION_SURFACE, InputError } from '../../src/errors.js'
import { CLI_SURFACE } from '../../src/cli/run-cli.js'
import { readSettings } from '../../src/settings/inputs.js'
import {
  clearTextWarning,
  databricksEnv,
  parseTrackingUri
} from '../../src/settings/tracking-uri.js'
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
      backend: 'local',
      backendConfig: '',
      waitTimeoutMinutes: 60,
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
      "Input 'tracking-uri': databricks takes the workspace's address from DATABRICKS_HOST, which is not set. Set DATABRICKS_HOST and DATABRICKS_TOKEN in the step's env from repository secrets: DATABRICKS_HOST: ${{ secrets.DATABRICKS_HOST }} and DATABRICKS_TOKEN: ${{ secrets.DATABRICKS_TOKEN }} (a pull request from a fork gets no secrets)."
    ],
    [
      { 'run-id': 'not a run' },
      "Input 'run-id': 'not a run' is not an MLflow run id (32 hex characters, as shown in the MLflow UI)."
    ],
    [
      { mode: 'both' },
      "Input 'mode': 'both' is not one of auto, report, publish, partial, aggregate."
    ],
    [{ rules: 'mine' }, "Input 'rules': 'mine' is not one of base, head."],
    [
      { 'artifact-retention-days': '91' },
      "Input 'artifact-retention-days': 91 is out of range: GitHub keeps artifacts 1 to 90 days (0: the repository's default)."
    ],
    [{ 'history-runs': 'ten' }, "Input 'history-runs': 'ten' is not a whole number."],
    [{ backend: 'spark' }, "Input 'backend': 'spark' is not one of local, kubernetes, databricks."],
    [
      { backend: 'kubernetes' },
      "Input 'backend-config': is required when 'backend' is kubernetes: the path of a JSON file (relative to the workspace) with the repository-uri to push the project's image to and the kube-job-template-path of the Job to run it in, as MLflow documents it."
    ],
    [
      { backend: 'databricks' },
      "Input 'backend-config': is required when 'backend' is databricks: the path of a JSON file (relative to the workspace) with the spec of the new cluster to run on (spark_version, node_type_id, num_workers, …), as MLflow documents it."
    ],
    [
      { 'backend-config': 'cluster.json' },
      "Input 'backend-config': only the kubernetes and databricks backends take one, and 'backend' is local: set 'backend' to one of them, or leave 'backend-config' empty."
    ],
    [
      { backend: 'kubernetes', 'backend-config': '.github/kubernetes.yaml' },
      "Input 'backend-config': '.github/kubernetes.yaml' does not end in .json, which is how MLflow tells a config file from inline JSON: rename the file."
    ],
    [
      { backend: 'databricks', 'backend-config': 'ci/cluster.json' },
      "Input 'backend-config': 'ci/cluster.json' does not exist (looked for /repo/ci/cluster.json; a relative path starts at the workspace)."
    ],
    [
      { 'wait-timeout-minutes': '1.5' },
      "Input 'wait-timeout-minutes': '1.5' is not a whole number."
    ],
    [{ 'wait-timeout-minutes': '0' }, "Input 'wait-timeout-minutes': must be at least 1, not 0."],
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

describe('backend-config, read and checked before anything runs', () => {
  let workspace: string
  const KUBERNETES = {
    'repository-uri': 'ghcr.io/o/iris',
    'kube-job-template-path': 'k8s/job.yaml',
    'kube-context': 'ci'
  }

  beforeAll(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'care-label-backend-'))
    mkdirSync(path.join(workspace, 'k8s'))
    writeFileSync(path.join(workspace, 'k8s', 'job.yaml'), 'apiVersion: batch/v1\nkind: Job\n')
    mkdirSync(path.join(workspace, 'folder.json'))
  })
  afterAll(() => rmSync(workspace, { recursive: true, force: true }))

  /** The settings with `config` written as the workspace's `ci/<name>`. */
  function withConfig(backend: string, config: string, name = 'backend.json') {
    mkdirSync(path.join(workspace, 'ci'), { recursive: true })
    writeFileSync(path.join(workspace, 'ci', name), config)
    return readSettings(input => ({ backend, 'backend-config': `ci/${name}` })[input] ?? '', {
      GITHUB_WORKSPACE: workspace
    })
  }

  function refusal(run: () => unknown): unknown {
    try {
      run()
    } catch (error) {
      return error instanceof InputError ? error.message : error
    }
    return 'accepted'
  }

  it.each([
    ['kubernetes', JSON.stringify(KUBERNETES)],
    // kube-context is optional: MLflow takes the current context, or the cluster it runs in.
    ['kubernetes', JSON.stringify({ ...KUBERNETES, 'kube-context': undefined })],
    ['databricks', '{"spark_version": "15.4.x-scala2.12", "num_workers": 1}'],
    ['databricks', '{"new_cluster": {"spark_version": "15.4.x-scala2.12"}, "libraries": []}']
  ])('takes %s %s, as an absolute path', (backend, config) => {
    const settings = withConfig(backend, config)
    expect([settings.backend, settings.backendConfig]).toEqual([
      backend,
      path.join(workspace, 'ci', 'backend.json')
    ])
  })

  it.each([
    [
      'kubernetes',
      '{"repository-uri": }',
      "'ci/backend.json' is not valid JSON (`python -m json.tool` on it says where)."
    ],
    [
      'databricks',
      '{"spark_version": "15.4", "spark_env_vars": {"TOKEN": "dapi-secret",}}',
      "'ci/backend.json' is not valid JSON: the parser stopped at line 1, column 69."
    ],
    [
      'kubernetes',
      '["repository-uri"]',
      "'ci/backend.json' holds a list, not a JSON object of the kubernetes backend's settings."
    ],
    [
      'databricks',
      'null',
      "'ci/backend.json' holds null, not a JSON object of the databricks backend's settings."
    ],
    [
      'kubernetes',
      '{}',
      "'ci/backend.json' lacks repository-uri (the image repository MLflow pushes the project's image to) and kube-job-template-path (the YAML file of the Kubernetes Job that runs it), which MLflow's kubernetes backend requires."
    ],
    [
      'kubernetes',
      '{"repository-uri": "ghcr.io/o/iris", "kube-context": "ci"}',
      "'ci/backend.json' lacks kube-job-template-path (the YAML file of the Kubernetes Job that runs it), which MLflow's kubernetes backend requires."
    ],
    [
      'kubernetes',
      JSON.stringify({ ...KUBERNETES, 'repository-uri': 5000 }),
      "'ci/backend.json' has repository-uri as a number: it must be a non-empty string."
    ],
    [
      'kubernetes',
      JSON.stringify({ ...KUBERNETES, 'kube-context': ' ' }),
      "'ci/backend.json' has kube-context as an empty string: it must be a non-empty string."
    ],
    [
      'kubernetes',
      JSON.stringify({ ...KUBERNETES, 'kube-job-template-path': 'k8s/jobs.yaml' }),
      "'ci/backend.json' names kube-job-template-path 'k8s/jobs.yaml', which does not exist (a relative path starts at the workspace)."
    ],
    [
      'databricks',
      '{"existing_cluster_id": "0101-abc"}',
      "'ci/backend.json' names an existing_cluster_id, which MLflow's databricks backend refuses: it runs each project on a new cluster. Give that cluster's spec instead (spark_version, node_type_id, num_workers, …), at the top level or under new_cluster."
    ]
  ])('refuses %s %s', (backend, config, message) => {
    expect(refusal(() => withConfig(backend, config))).toBe(`Input 'backend-config': ${message}`)
  })

  it('refuses a directory, and names the path it looked for when there is no file', () => {
    const read = (config: string) => () =>
      readSettings(input => ({ backend: 'kubernetes', 'backend-config': config })[input] ?? '', {
        GITHUB_WORKSPACE: workspace
      })
    expect(refusal(read('folder.json'))).toBe(
      "Input 'backend-config': 'folder.json' is a directory, not a JSON file."
    )
    expect(refusal(read('../elsewhere.json'))).toBe(
      `Input 'backend-config': '../elsewhere.json' does not exist (looked for ${path.join(path.dirname(workspace), 'elsewhere.json')}; a relative path starts at the workspace).`
    )
  })

  it('the CLI names its flags', () => {
    let error: unknown
    try {
      readSettings(name => (name === 'backend' ? 'kubernetes' : ''), { GITHUB_WORKSPACE: '/repo' })
    } catch (e) {
      error = e
    }
    expect(error instanceof InputError && error.describe(CLI_SURFACE)).toBe(
      "--backend-config: is required when --backend is kubernetes: the path of a JSON file (relative to the workspace) with the repository-uri to push the project's image to and the kube-job-template-path of the Job to run it in, as MLflow documents it."
    )
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
      "Input 'tracking-uri': must be an http(s):// address of an MLflow tracking server, databricks (a Databricks workspace), a sqlite:/// path or a file:// mlruns directory; leave it empty for a local store."
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

describe('parseTrackingUri: databricks', () => {
  const TOKEN = 'dapi0123456789abcdef0123456789abcdef'
  const DBC = 'https://dbc-1234abcd-5678.cloud.databricks.com'
  const ADB = 'adb-1234567890123456.7.azuredatabricks.net'
  const at = (env: NodeJS.ProcessEnv) => ({ workspace: '/repo', outputDir: '/tmp/out', env })
  const SET_IN_STEP =
    "Set DATABRICKS_HOST and DATABRICKS_TOKEN in the step's env from repository secrets: DATABRICKS_HOST: ${{ secrets.DATABRICKS_HOST }} and DATABRICKS_TOKEN: ${{ secrets.DATABRICKS_TOKEN }} (a pull request from a fork gets no secrets)."

  // `uri` stays what MLflow's client is given; the host is read as the Databricks SDK reads it.
  it.each([
    [DBC, DBC],
    [`${DBC}/`, DBC],
    [ADB, `https://${ADB}`],
    // An address copied from the browser: the default port, the workspace query and the page go.
    [` https://${ADB}:443/?o=1234567890123456#ml/dashboard `, `https://${ADB}`],
    ['http://127.0.0.1:5000/', 'http://127.0.0.1:5000'],
    ['https://gateway.example.com/databricks/', 'https://gateway.example.com/databricks']
  ])('DATABRICKS_HOST %j is %j', (host, expected) => {
    expect(
      parseTrackingUri(' databricks ', at({ DATABRICKS_HOST: host, DATABRICKS_TOKEN: TOKEN }))
    ).toEqual({ kind: 'server', uri: 'databricks', databricks: { host: expected } })
  })

  it.each([
    [
      'databricks',
      {},
      `databricks takes the workspace's address from DATABRICKS_HOST, which is not set. ${SET_IN_STEP}`,
      "databricks takes the workspace's address from DATABRICKS_HOST, which is not set. Set DATABRICKS_HOST and DATABRICKS_TOKEN in the environment."
    ],
    [
      'databricks',
      { DATABRICKS_HOST: '  ', DATABRICKS_TOKEN: TOKEN },
      `databricks takes the workspace's address from DATABRICKS_HOST, which is not set. ${SET_IN_STEP}`,
      undefined
    ],
    [
      'databricks',
      { DATABRICKS_HOST: DBC },
      `databricks sends DATABRICKS_TOKEN (a personal access token, or a service principal's) to the workspace, and it is not set. ${SET_IN_STEP}`,
      "databricks sends DATABRICKS_TOKEN (a personal access token, or a service principal's) to the workspace, and it is not set. Set DATABRICKS_HOST and DATABRICKS_TOKEN in the environment."
    ],
    [
      'databricks',
      {
        DATABRICKS_HOST: DBC,
        DATABRICKS_CLIENT_ID: 'a1b2c3',
        DATABRICKS_CLIENT_SECRET: 'dose0123'
      },
      `databricks sends DATABRICKS_TOKEN (a personal access token, or a service principal's) to the workspace, and it is not set. This action reads the workspace with a token, not with DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET: create a token for the service principal. ${SET_IN_STEP}`,
      undefined
    ],
    [
      'databricks',
      { DATABRICKS_HOST: 'ftp://admin:hunter2@files.example.com', DATABRICKS_TOKEN: TOKEN },
      "DATABRICKS_HOST 'ftp://***:***@files.example.com/' is not the address of a Databricks workspace: write it as https://<workspace>.cloud.databricks.com (or https://adb-<id>.<n>.azuredatabricks.net), as the workspace's URL shows it.",
      undefined
    ],
    [
      'databricks',
      { DATABRICKS_HOST: 'https://', DATABRICKS_TOKEN: TOKEN },
      "DATABRICKS_HOST 'https://' is not the address of a Databricks workspace: write it as https://<workspace>.cloud.databricks.com (or https://adb-<id>.<n>.azuredatabricks.net), as the workspace's URL shows it.",
      undefined
    ],
    [
      'databricks://ci',
      { DATABRICKS_HOST: DBC, DATABRICKS_TOKEN: TOKEN },
      `'databricks://ci' names a Databricks CLI profile (or secret scope), which this action does not read: write databricks. ${SET_IN_STEP}`,
      "'databricks://ci' names a Databricks CLI profile (or secret scope), which this action does not read: write databricks. Set DATABRICKS_HOST and DATABRICKS_TOKEN in the environment."
    ],
    [
      'databricks://scope:prefix',
      {},
      `'databricks://scope:prefix' names a Databricks CLI profile (or secret scope), which this action does not read: write databricks. ${SET_IN_STEP}`,
      undefined
    ],
    [
      'databricks-uc',
      {},
      "'databricks-uc' is a model registry URI (Unity Catalog), not a tracking URI: write databricks, with DATABRICKS_HOST and DATABRICKS_TOKEN set.",
      undefined
    ],
    [
      'uc:http://127.0.0.1:8080',
      {},
      "'uc:http://127.0.0.1:8080' is a model registry URI (Unity Catalog), not a tracking URI: write databricks, with DATABRICKS_HOST and DATABRICKS_TOKEN set.",
      undefined
    ]
  ])('refuses %j with %j', (text, env, message, cliMessage) => {
    let error: unknown
    try {
      parseTrackingUri(text, at(env))
    } catch (e) {
      error = e
    }
    expect(error instanceof InputError && error.message).toBe(`Input 'tracking-uri': ${message}`)
    if (cliMessage !== undefined) {
      expect(error instanceof InputError && error.describe(CLI_SURFACE)).toBe(
        `--tracking-uri: ${cliMessage}`
      )
    }
    for (const secret of [TOKEN, 'hunter2', 'dose0123']) {
      expect(String(error)).not.toContain(secret)
    }
  })

  it('reads no variable it is not given (the CLI passes only the Databricks ones)', () => {
    expect(
      databricksEnv({
        DATABRICKS_HOST: 'h',
        DATABRICKS_TOKEN: 't',
        MLFLOW_TRACKING_TOKEN: 'm',
        HOME: '/root',
        XDATABRICKS_HOST: 'x'
      })
    ).toEqual({ DATABRICKS_HOST: 'h', DATABRICKS_TOKEN: 't' })
  })

  it.each([
    [
      'http://10.0.0.7:8080',
      'DATABRICKS_HOST is http://10.0.0.7:8080, a plain http:// address: DATABRICKS_TOKEN is sent to it unencrypted. Use https://.'
    ],
    [
      'http://user:s3cret@gateway.example.com',
      'DATABRICKS_HOST is http://***:***@gateway.example.com/, a plain http:// address: DATABRICKS_TOKEN is sent to it unencrypted. Use https://.'
    ],
    [DBC, undefined],
    ['http://127.0.0.1:5000', undefined],
    ['http://127.8.9.10:5000', undefined],
    ['http://localhost:5000', undefined],
    ['http://[::1]:5000', undefined]
  ])('sending the token to %j warns %j', (host, warning) => {
    const location = parseTrackingUri(
      'databricks',
      at({ DATABRICKS_HOST: host, DATABRICKS_TOKEN: TOKEN })
    )
    expect(clearTextWarning(location)).toBe(warning)
  })

  it('warns of no other store (a tracking server over http is the user’s own choice)', () => {
    expect(clearTextWarning(parseTrackingUri('http://10.0.0.7:5000', at({})))).toBeUndefined()
    expect(clearTextWarning(parseTrackingUri('', at({})))).toBeUndefined()
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
