/** The `mlflow` command line: finding or installing it, creating experiments, `mlflow run`. */
import { readFileSync } from 'node:fs'
import { ProjectRunError } from '../../errors.js'
import type { Log, ProjectRunOutcome, ProjectRunSpec, RunArtifacts } from '../../ports.js'
import { list, map, str } from '../../util/guards.js'
import { findOnPath, type CommandRunner } from './commands.js'

export interface MlflowCli {
  /** The command and leading arguments that run `mlflow`, e.g. ['/usr/bin/mlflow']. */
  command: string[]
  runner: CommandRunner
  env: NodeJS.ProcessEnv
  log: Log
}

/** Uses `mlflow` from PATH, or installs `mlflow==version` with pip and runs it as `python -m mlflow`. */
export async function resolveMlflow(
  runner: CommandRunner,
  env: NodeJS.ProcessEnv,
  log: Log,
  version: string
): Promise<MlflowCli> {
  const onPath = findOnPath('mlflow', env)
  if (onPath !== undefined) {
    log.info(`Using ${onPath}.`)
    return { command: [onPath], runner, env, log }
  }
  const python = findOnPath('python3', env) ?? findOnPath('python', env)
  if (python === undefined) {
    throw new ProjectRunError(
      surface =>
        `Neither mlflow nor Python is on PATH. ${surface.name === 'cli' ? 'Install MLflow (pip install mlflow) or put its bin directory on PATH.' : 'Add `actions/setup-python` before this step (and `pip install mlflow`), or set `mlflow-version`.'}`
    )
  }
  await log.group(`Installing mlflow==${version}`, async () => {
    const code = await runner.run(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', `mlflow==${version}`],
      { env }
    )
    if (code !== 0) {
      throw new ProjectRunError(
        surface =>
          `pip could not install mlflow==${version} (exit code ${code}). Check ${surface.input('mlflow-version')}, or install MLflow before.`
      )
    }
  })
  return { command: [python, '-m', 'mlflow'], runner, env, log }
}

/** The Python behind the `mlflow` command: `python -m mlflow`, or the shebang of the script. */
export function cliPython(cli: MlflowCli): string | undefined {
  const [command, second] = cli.command
  if (command === undefined) return undefined
  if (second === '-m') return command
  try {
    const first = readFileSync(command, 'utf8').slice(0, 300).split('\n')[0] ?? ''
    const shebang = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first)
    if (shebang?.[1]) return shebang[1]
  } catch {
    // not a readable script
  }
  return findOnPath('python3', cli.env)
}

function exec(
  cli: MlflowCli,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void
): Promise<number> {
  const [command, ...lead] = cli.command
  if (command === undefined) throw new ProjectRunError('No mlflow command.')
  return cli.runner.run(command, [...lead, ...args], { env, onLine })
}

/** Creates an experiment with its artifacts in a chosen place (used for the local store). */
export async function createExperiment(
  cli: MlflowCli,
  trackingUri: string,
  name: string,
  artifactLocation: string
): Promise<void> {
  const lines: string[] = []
  const code = await exec(
    cli,
    ['experiments', 'create', '--experiment-name', name, '--artifact-location', artifactLocation],
    { ...cli.env, MLFLOW_TRACKING_URI: trackingUri },
    line => lines.push(line)
  )
  if (code !== 0) {
    throw new ProjectRunError(
      `mlflow could not create experiment '${name}' (exit code ${code}): ${lines.slice(-3).join(' ')}`
    )
  }
}

/**
 * MLflow logs "=== Run (ID '<id>') succeeded ===" (or "failed") when a project run it waited
 * for ends: a local or a kubernetes one (the CLI waits for the Job).
 */
const RUN_ID_LINE = /Run \(ID '([0-9a-zA-Z]{32})'\)/

/**
 * A databricks run is submitted and not waited for: MLflow names only the Databricks job run
 * ("=== Launched MLflow run as Databricks job run with ID 123. Getting run status page URL...
 * ==="), and tags the MLflow run with that id.
 */
const DATABRICKS_RUN_LINE = /Launched MLflow run as Databricks job run with ID (\d{1,30})\b/

/** Builds the argv of `mlflow run`: every parameter is its own argument, never a shell word. */
export function mlflowRunArgs(spec: ProjectRunSpec): string[] {
  const args = ['run', spec.project, '--entry-point', spec.entryPoint]
  for (const [key, value] of spec.parameters) args.push('-P', `${key}=${value}`)
  args.push('--env-manager', spec.envManager, '--experiment-name', spec.experimentName)
  if (spec.runName !== '') args.push('--run-name', spec.runName)
  // Local is MLflow's default: a local run's argv stays as it always was.
  if (spec.backend !== 'local') args.push('--backend', spec.backend)
  if (spec.backendConfig !== '') args.push('--backend-config', spec.backendConfig)
  // Without it, MLflow pushes and runs the MLproject's docker_env image as it is, without this
  // commit's project in it: the Job would not run the code under review.
  if (spec.backend === 'kubernetes') args.push('--build-image')
  return args
}

/**
 * What the project's code (the pull request's) must not see: the action's own inputs (its
 * GitHub token among them), the GitLab token the CLI posts its note with, and the runner's
 * tokens for the artifact service and for OIDC. The tracking credentials stay: the run logs
 * with them.
 */
const NOT_FOR_THE_PROJECT =
  /^(INPUT_.*|GITLAB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL)$/i

/** `env` without what the project's code must not see. */
export function projectEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !NOT_FOR_THE_PROJECT.test(key)))
}

/** Keeps the last `max` lines `line` is given: what a failed command's message quotes. */
function keepLast(lines: string[], line: string, max = 20): void {
  lines.push(line)
  if (lines.length > max) lines.shift()
}

/** What a snippet run by `runMlflowPython` said, and how it ended. */
export interface PythonAnswer {
  /** The text after `<marker> ` on the line the snippet printed; undefined: no such line. */
  answer?: string
  code: number
  /** The last lines of its other output, for a message. */
  tail: string[]
}

/**
 * Runs a Python snippet with the Python behind `mlflow` (so MLflow's own client is there),
 * against `trackingUri`; `purpose` completes "no Python found … to <purpose>".
 */
export async function runMlflowPython(
  cli: MlflowCli,
  request: { script: string; args: string[]; trackingUri: string; marker: string; purpose: string }
): Promise<PythonAnswer> {
  const python = cliPython(cli)
  if (python === undefined) {
    throw new ProjectRunError(
      `no Python found behind ${cli.command.join(' ')} to ${request.purpose}`
    )
  }
  let answer: string | undefined
  const tail: string[] = []
  const prefix = `${request.marker} `
  const code = await cli.runner.run(python, ['-c', request.script, ...request.args], {
    env: { ...cli.env, MLFLOW_TRACKING_URI: request.trackingUri },
    onLine: line => {
      if (line.startsWith(prefix)) answer = line.slice(prefix.length)
      else if (line.trim() !== '') keepLast(tail, line)
    }
  })
  return { answer, code, tail }
}

export async function runProject(cli: MlflowCli, spec: ProjectRunSpec): Promise<ProjectRunOutcome> {
  let runId: string | undefined
  let databricksRunId: string | undefined
  const tail: string[] = []
  const exitCode = await exec(
    cli,
    mlflowRunArgs(spec),
    { ...projectEnv(cli.env), MLFLOW_TRACKING_URI: spec.trackingUri },
    line => {
      const match = RUN_ID_LINE.exec(line)
      if (match?.[1]) runId = match[1]
      const submitted = DATABRICKS_RUN_LINE.exec(line)
      if (submitted?.[1]) databricksRunId = submitted[1]
      keepLast(tail, line)
    }
  )
  if (exitCode === 0 && runId === undefined && databricksRunId !== undefined) {
    runId = await findDatabricksRun(cli, spec, databricksRunId)
  }
  return { runId, exitCode, tail }
}

/**
 * The run of the experiment that MLflow tagged with the id of the Databricks job run it
 * submitted (`mlflow.databricks.shellJobRunID`), with MLflow's client and the job's credentials;
 * undefined when there is not exactly one.
 */
export async function findDatabricksRun(
  cli: MlflowCli,
  spec: Pick<ProjectRunSpec, 'trackingUri' | 'experimentName'>,
  databricksRunId: string
): Promise<string | undefined> {
  const script = [
    'import sys',
    'from mlflow.tracking import MlflowClient',
    'client = MlflowClient()',
    'experiment = client.get_experiment_by_name(sys.argv[1])',
    // The id is digits (DATABRICKS_RUN_LINE): nothing in it needs quoting.
    'runs = [] if experiment is None else client.search_runs([experiment.experiment_id], filter_string=f"tags.`mlflow.databricks.shellJobRunID` = \'{sys.argv[2]}\'", max_results=2)',
    'print("FOUND " + (runs[0].info.run_id if len(runs) == 1 else ""))'
  ].join('\n')
  const { answer, code, tail } = await runMlflowPython(cli, {
    script,
    args: [spec.experimentName, databricksRunId],
    trackingUri: spec.trackingUri,
    marker: 'FOUND',
    purpose: 'find the run with'
  })
  if (code !== 0) {
    throw new ProjectRunError(
      `MLflow could not look up the run of Databricks job run ${databricksRunId} (exit code ${code}): ${tail.slice(-3).join(' ')}`
    )
  }
  return answer !== undefined && /^[0-9a-zA-Z]{32}$/.test(answer) ? answer : undefined
}

/**
 * Copies runs from one MLflow store into another with MLflow's client: each run is made anew in
 * the target experiment (its params, tags, every metric's whole history, its status and times),
 * and its artifacts are logged from `artifactsDir` (the source store's artifact root as it lies
 * here, which is not where the source's runs say it was). Returns each source run's new id.
 */
export async function importRuns(
  cli: MlflowCli,
  request: {
    sourceUri: string
    targetUri: string
    experimentId: string
    runIds: string[]
    /** The source store's artifact root here; the runs' own URIs name where it was made. */
    artifactsDir: string
  }
): Promise<Record<string, string>> {
  const script = [
    'import json, os, sys',
    'from mlflow.entities import Metric, Param, RunTag',
    'from mlflow.tracking import MlflowClient',
    'source = MlflowClient(tracking_uri=sys.argv[1])',
    'target = MlflowClient(tracking_uri=sys.argv[2])',
    'experiment_id, artifacts_dir = sys.argv[3], sys.argv[4]',
    'ids = {}',
    'for run_id in json.loads(sys.argv[5]):',
    '    run = source.get_run(run_id)',
    '    tags = {k: v for k, v in run.data.tags.items() if k != "mlflow.runName"}',
    '    new = target.create_run(experiment_id, start_time=run.info.start_time, tags=tags, run_name=run.info.run_name)',
    '    new_id = new.info.run_id',
    '    metrics = [Metric(m.key, m.value, m.timestamp, m.step) for key in run.data.metrics for m in source.get_metric_history(run_id, key)]',
    '    params = [Param(k, v) for k, v in run.data.params.items()]',
    '    for i in range(0, max(len(metrics), 1), 1000):',
    '        target.log_batch(new_id, metrics=metrics[i:i + 1000], params=params if i == 0 else [])',
    // The source experiment keeps its run artifacts at <root>/<run_id>/artifacts (ours does).
    '    local = os.path.join(artifacts_dir, run_id, "artifacts")',
    '    if local and os.path.isdir(local) and os.listdir(local):',
    '        target.log_artifacts(new_id, local)',
    '    target.set_terminated(new_id, status=run.info.status, end_time=run.info.end_time)',
    '    ids[run_id] = new_id',
    'print("IMPORTED " + json.dumps(ids))'
  ].join('\n')
  const { answer, code, tail } = await runMlflowPython(cli, {
    script,
    args: [
      request.sourceUri,
      request.targetUri,
      request.experimentId,
      request.artifactsDir,
      JSON.stringify(request.runIds)
    ],
    trackingUri: request.targetUri,
    marker: 'IMPORTED',
    purpose: 'copy test runs with'
  })
  if (code !== 0 || answer === undefined) {
    throw new ProjectRunError(
      `MLflow could not copy the test runs into the local store (exit code ${code}): ${tail.slice(-3).join(' ')}`
    )
  }
  return map(str(64))(JSON.parse(answer), 'the ids of the copied runs')
}

/**
 * Drops the oldest top-level runs of the experiment beyond `keep`, with the runs nested under
 * them, with MLflow's client (delete) and `mlflow gc` (removes them and their artifacts for
 * good). Returns how many were dropped.
 */
export async function pruneRuns(
  cli: MlflowCli,
  trackingUri: string,
  experimentName: string,
  keep: number
): Promise<number> {
  const script = [
    'import json, sys',
    'from mlflow.tracking import MlflowClient',
    'client = MlflowClient()',
    'experiment = client.get_experiment_by_name(sys.argv[1])',
    'runs = [] if experiment is None else client.search_runs([experiment.experiment_id], order_by=["attributes.start_time DESC"], max_results=50000)',
    // Only top-level runs count: a run's tests, sweep trials and repeats go with it.
    'top = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]',
    'old = [r.info.run_id for r in top[int(sys.argv[2]):]]',
    'gone = set(old)',
    'grew = True',
    'while grew:',
    '    nested = [r.info.run_id for r in runs if r.data.tags.get("mlflow.parentRunId") in gone and r.info.run_id not in gone]',
    '    grew = len(nested) > 0',
    '    gone.update(nested)',
    '    old += nested',
    'for run_id in old: client.delete_run(run_id)',
    'print("PRUNED " + json.dumps(old))'
  ].join('\n')
  const env = { ...cli.env, MLFLOW_TRACKING_URI: trackingUri }
  const { answer, code } = await runMlflowPython(cli, {
    script,
    args: [experimentName, String(keep)],
    trackingUri,
    marker: 'PRUNED',
    purpose: 'delete runs with'
  })
  let pruned: string[] = []
  try {
    if (answer !== undefined)
      pruned = list(str(64))(JSON.parse(answer), 'the ids of the dropped runs')
  } catch {
    // Not the line the script prints: nothing was dropped that we know of.
  }
  if (code !== 0) throw new ProjectRunError(`deleting the oldest runs failed (exit code ${code})`)
  if (pruned.length === 0) return 0
  const [command, ...lead] = cli.command
  if (command === undefined) return 0
  const gc = await cli.runner.run(
    command,
    [...lead, 'gc', '--backend-store-uri', trackingUri, '--run-ids', pruned.join(',')],
    { env }
  )
  if (gc !== 0)
    cli.log.warning(
      `mlflow gc failed (exit code ${gc}); the dropped runs stay in the store as deleted.`
    )
  return pruned.length
}

/** Creates a finished run with MLflow's client (the parent of repeated runs); returns its id. */
export async function createRun(
  cli: MlflowCli,
  trackingUri: string,
  experimentName: string,
  runName: string,
  tags: Record<string, string>
): Promise<string> {
  const script = [
    'import json, sys',
    'from mlflow.tracking import MlflowClient',
    'client = MlflowClient()',
    'experiment = client.get_experiment_by_name(sys.argv[1])',
    'run = client.create_run(experiment.experiment_id, run_name=sys.argv[2], tags=json.loads(sys.argv[3]))',
    'client.set_terminated(run.info.run_id, "FINISHED")',
    'print("CREATED " + run.info.run_id)'
  ].join('\n')
  const { answer, code, tail } = await runMlflowPython(cli, {
    script,
    args: [experimentName, runName, JSON.stringify(tags)],
    trackingUri,
    marker: 'CREATED',
    purpose: 'create a run with'
  })
  const runId = answer !== undefined && /^[0-9a-zA-Z]{32}$/.test(answer) ? answer : undefined
  if (code !== 0 || runId === undefined) {
    throw new ProjectRunError(
      `MLflow could not create the parent run '${runName}' (exit code ${code}): ${tail.slice(-3).join(' ')}`
    )
  }
  return runId
}

/**
 * `mlflow artifacts log-artifacts`: MLflow itself puts the files into the run's artifact store,
 * whichever it is (a tracking server's proxied `mlflow-artifacts:`, S3, GCS, Azure, DBFS, …),
 * with the credentials the job's environment gives it.
 */
export async function logArtifacts(cli: MlflowCli, artifacts: RunArtifacts): Promise<void> {
  const lines: string[] = []
  const code = await exec(
    cli,
    [
      'artifacts',
      'log-artifacts',
      '--run-id',
      artifacts.runId,
      '--local-dir',
      artifacts.dir,
      '--artifact-path',
      artifacts.artifactPath
    ],
    { ...cli.env, MLFLOW_TRACKING_URI: artifacts.trackingUri },
    line => {
      if (line.trim() !== '') keepLast(lines, line)
    }
  )
  if (code !== 0) {
    // A Python traceback ends with the exception that says what went wrong.
    throw new ProjectRunError(
      `mlflow artifacts log-artifacts failed (exit code ${code}): ${lines.slice(-2).join(' ')}`
    )
  }
}
