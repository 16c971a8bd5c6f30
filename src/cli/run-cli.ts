/**
 * The same pipeline from a terminal (and the demo): runs an MLflow Project into a store, compares
 * with a baseline, writes the care-label report to files and prints it. In a GitLab
 * merge-request pipeline it also posts the report as the merge request's sticky note.
 *
 *   node dist/cli/index.js --project examples/iris -P max_depth=3 --baseline-branch main
 */
import { parseArgs } from 'node:util'
import path from 'node:path'
import { consoleLog } from '../adapters/console-log.js'
import { readRunContext } from '../adapters/github/context.js'
import { readGitLabJob, type GitLabJob } from '../adapters/gitlab/context.js'
import { vegaCharts } from '../adapters/vega-charts.js'
import { openStore } from '../adapters/mlflow/open-store.js'
import { echoingCommandRunner } from '../adapters/project/commands.js'
import { mlflowModelRegistry } from '../adapters/project/model-registry.js'
import { mlflowProjectRunner, mlflowResolver } from '../adapters/project/project-runner.js'
import { describeFailure, errorMessage, type Surface } from '../errors.js'
import { runCareLabel } from '../pipeline/run-care-label.js'
import type { Outputs } from '../ports.js'
import { cliPublisher, FORMATS, gitlabPublisher } from './publish.js'
import { readSettings } from '../settings/inputs.js'
import { clearTextWarning, databricksEnv } from '../settings/tracking-uri.js'
import { trackingSecrets } from '../util/redact.js'

const USAGE = `Usage: care-label [options]

Runs an MLflow Project (or takes a logged run), compares it with a baseline run and writes the
care-label report (report.md, report.json) to the output directory.

Options (each is the action input of the same name):
  --project DIR            directory with an MLproject (default: .)
  --entry-point NAME       entry point (default: main)
  -P, --param KEY=VALUE    a parameter of the entry point (repeatable)
  --env-manager NAME       local | uv | virtualenv | conda (default: local)
  --backend NAME           where mlflow run runs it: local | kubernetes | databricks (default: local)
  --backend-config FILE    the backend's JSON file (kubernetes, databricks)
  --wait-timeout-minutes N how long a run may still be running once mlflow run returned (a
                           databricks run is only submitted) (default: 60)
  --experiment-name NAME   default: the MLproject's name
  --run-name NAME
  --tracking-uri URI       http(s):// server, databricks (DATABRICKS_HOST, DATABRICKS_TOKEN) or
                           sqlite:///path (default: a local store in the output dir)
  --config FILE            thresholds (default: .github/care-label.yml)
  --run-id ID              report on this run instead of running the project
  --tests NAMES            which of the config's tests run: names and runs-on:<label>,
                           comma-separated, or none (default: all of them)
  --baseline-run-id ID     compare with this run
  --baseline-branch NAME   compare with the latest run recorded on this branch
  --branch NAME            record this run as run on this branch (so later runs find it)
  --output-dir DIR         where the reports (and a local store) go (default: ./out/care-label)
  --no-fail                exit 0 even when a threshold is broken
  --format FORMAT          what is printed: text (a summary, the default), markdown (the comment)
                           or json (report.json)
  --comment MODE           the merge request note in GitLab CI: update (one sticky note, the
                           default), on-change, on-failure, new or off
  --report-key KEY         which sticky note is this report's (default: the GitLab job's name)
  --verbose
  -h, --help

In a GitLab merge-request pipeline (CI_MERGE_REQUEST_IID, CI_API_V4_URL and CI_PROJECT_ID set),
the report is posted as a note on the merge request with the token in GITLAB_TOKEN (a project
access token with the api scope and at least the Reporter role). A note that cannot be posted is a
warning: the exit code is the report's.

Exit code: 0 passed (or no baseline), 1 a threshold is broken, 2 an error.`

/** The CLI's flag for each action input it offers. */
const FLAGS: Record<string, string> = {
  project: '--project',
  'entry-point': '--entry-point',
  parameters: '-P/--param',
  'env-manager': '--env-manager',
  backend: '--backend',
  'backend-config': '--backend-config',
  'wait-timeout-minutes': '--wait-timeout-minutes',
  'experiment-name': '--experiment-name',
  'run-name': '--run-name',
  'tracking-uri': '--tracking-uri',
  config: '--config',
  'run-id': '--run-id',
  'baseline-run-id': '--baseline-run-id',
  'baseline-branch': '--baseline-branch',
  'fail-on-regression': '--no-fail',
  'output-dir': '--output-dir',
  comment: '--comment',
  'report-key': '--report-key',
  tests: '--tests'
}

/** Errors name the CLI's flags; an input the CLI does not offer is named as the action's. */
export const CLI_SURFACE: Surface = {
  input: name => FLAGS[name] ?? `the action input '${name}'`,
  label: name => FLAGS[name] ?? `Input '${name}'`,
  name: 'cli'
}

export async function main(argv: string[]): Promise<number> {
  let values: Flags
  try {
    values = parseFlags(argv)
  } catch (error) {
    process.stderr.write(`error: ${errorMessage(error)}\n\n${USAGE}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const log = consoleLog(values.verbose ?? false)
  const format = values.format ?? 'text'
  if (!FORMATS.includes(format)) {
    process.stderr.write(`error: --format: '${format}' is not one of ${FORMATS.join(', ')}.\n`)
    return 2
  }
  try {
    const gitlab = readGitLabJob(process.env)
    const inputs = inputsFrom(values, gitlab)
    const workspace = process.cwd()
    // The Databricks variables too: a `databricks` tracking URI is read from them.
    const settings = readSettings(name => inputs[name] ?? '', {
      ...databricksEnv(process.env),
      GITHUB_WORKSPACE: workspace
    })
    for (const secret of trackingSecrets(process.env, settings.tracking.uri)) log.mask(secret)
    const clearText = clearTextWarning(settings.tracking)
    if (clearText !== undefined) log.warning(clearText)
    // Before anything runs, so that no later log line can show the token.
    const note = gitlabPublisher(gitlab, settings, log)
    const mlflow = {
      commands: echoingCommandRunner(process.stderr),
      env: process.env,
      log,
      mlflowVersion: settings.mlflowVersion
    }
    const cli = mlflowResolver(mlflow)
    const { report } = await runCareLabel(settings, branchContext(values.branch ?? ''), {
      log,
      openStore: location => openStore(location, { env: process.env, notify: log.info }),
      runner: mlflowProjectRunner(mlflow, cli),
      registry: mlflowModelRegistry(cli),
      publisher: cliPublisher(format, settings.outputDir, note),
      charts: vegaCharts,
      outputs: NO_OUTPUTS
    })
    if (format !== 'text') log.info(`Report: ${path.join(settings.outputDir, 'report.md')}`)
    return report.verdict === 'fail' && settings.failOnRegression ? 1 : 0
  } catch (error) {
    log.error(describeFailure(error, CLI_SURFACE).message)
    return 2
  }
}

/** A run recorded with --branch is a push to that branch, so later runs find it. */
function branchContext(branch: string) {
  // GitLab names the default branch; there, a run on it can register its model (`register:`).
  const defaultBranch = process.env['CI_DEFAULT_BRANCH']
  return readRunContext(
    {
      // A scheduled GitLab pipeline is no push: it registers no model (`register:`).
      GITHUB_EVENT_NAME: branch
        ? process.env['CI_PIPELINE_SOURCE'] === 'schedule'
          ? 'schedule'
          : 'push'
        : 'local',
      GITHUB_REF: branch ? `refs/heads/${branch}` : '',
      GITHUB_REF_NAME: branch
    },
    defaultBranch ? { repository: { default_branch: defaultBranch } } : {}
  )
}

/**
 * The flags as the action inputs they stand for. In GitLab CI the job's name tells one job's
 * note from another's, as workflow/job does on GitHub.
 */
function inputsFrom(values: Flags, gitlab: GitLabJob): Record<string, string> {
  const jobName = gitlab.kind === 'note' ? gitlab.target.jobName : ''
  return {
    project: values.project ?? '',
    'entry-point': values['entry-point'] ?? '',
    parameters: (values.param ?? []).join('\n'),
    'env-manager': values['env-manager'] ?? '',
    backend: values.backend ?? '',
    'backend-config': values['backend-config'] ?? '',
    'wait-timeout-minutes': values['wait-timeout-minutes'] ?? '',
    'experiment-name': values['experiment-name'] ?? '',
    'run-name': values['run-name'] ?? '',
    'tracking-uri': values['tracking-uri'] ?? '',
    config: values.config ?? '',
    'run-id': values['run-id'] ?? '',
    'baseline-run-id': values['baseline-run-id'] ?? '',
    'baseline-branch': values['baseline-branch'] ?? '',
    'fail-on-regression': values['no-fail'] ? 'false' : 'true',
    'output-dir': values['output-dir'] ?? path.join('out', 'care-label'),
    comment: values.comment ?? '',
    'report-key': values['report-key'] ?? jobName,
    tests: values.tests ?? ''
  }
}

type Flags = ReturnType<typeof parseFlags>

/** A terminal has no step outputs: the report's files are where the log says. */
const NO_OUTPUTS: Outputs = { set: () => undefined }

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      'entry-point': { type: 'string' },
      param: { type: 'string', short: 'P', multiple: true },
      'env-manager': { type: 'string' },
      backend: { type: 'string' },
      'backend-config': { type: 'string' },
      'wait-timeout-minutes': { type: 'string' },
      'experiment-name': { type: 'string' },
      'run-name': { type: 'string' },
      'tracking-uri': { type: 'string' },
      config: { type: 'string' },
      'run-id': { type: 'string' },
      'baseline-run-id': { type: 'string' },
      'baseline-branch': { type: 'string' },
      branch: { type: 'string' },
      'output-dir': { type: 'string' },
      'no-fail': { type: 'boolean' },
      format: { type: 'string' },
      comment: { type: 'string' },
      'report-key': { type: 'string' },
      tests: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true,
    allowPositionals: false
  }).values
}
