/**
 * The whole care-label run over small interfaces: config → run (or adopt) → baseline → compare →
 * report → publish. `main.ts` (the action) and `cli.ts` (a terminal) wire it to real edges.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { findBaseline } from './baseline.js'
import { compareRuns } from './compare/compare.js'
import { rateCareLabel } from './label/rate.js'
import { parseConfig } from './config/parse.js'
import { EMPTY_CONFIG, type CareLabelConfig } from './config/types.js'
import { collectEnvironment, environmentTags } from './environment.js'
import { ActionError, ConfigError, ProjectRunError, errorMessage } from './errors.js'
import { contextTags, type RunContext } from './github/context.js'
import type { Log } from './log.js'
import { FileTrackingStore, fileStoreRoot } from './mlflow/filestore/file-store.js'
import { RestTrackingStore, restOptionsFromEnv } from './mlflow/rest-store.js'
import { SqliteTrackingStore, sqlitePathFromUri } from './mlflow/sqlite/sqlite-store.js'
import type { Run, TrackingStore } from './mlflow/types.js'
import type { CommandRunner } from './project/commands.js'
import {
  createExperiment,
  resolveMlflow,
  runProject,
  type MlflowCli
} from './project/mlflow-cli.js'
import { checkParameters, parseMLproject, type MLProject } from './project/mlproject.js'
import { diffParams, summarizeRun, toJson } from './report/build.js'
import { MAX_CHARTS, chartCandidates, toHistory } from './report/history.js'
import { renderMarkdown } from './report/markdown.js'
import type { MetricHistory, Report } from './report/types.js'
import type { Settings } from './settings.js'
import { redactUri } from './util/redact.js'

export interface PipelineIO {
  log: Log
  env: NodeJS.ProcessEnv
  commands: CommandRunner
  /** Where relative paths (project, config) start: the repository's checkout. */
  workspace: string
  /** Posts the report (PR comment, job summary); problems are warnings, never thrown. */
  publish(report: Report, markdown: string): Promise<void>
}

/** What is known so far; filled in as the pipeline goes, so outputs survive a later failure. */
export interface Progress {
  runId?: string
  baselineRunId?: string
  reportPath?: string
  markdownPath?: string
  storeUri?: string
  report?: Report
}

export function loadConfig(
  settings: Settings,
  workspace: string
): { config: CareLabelConfig; note?: string } {
  const file = path.resolve(workspace, settings.configPath)
  if (!existsSync(file)) {
    if (settings.configExplicit) {
      throw new ConfigError(
        `the config file does not exist. Create it, or remove the 'config' input to run without thresholds.`,
        { file: settings.configPath }
      )
    }
    return {
      config: EMPTY_CONFIG,
      note: `No thresholds: ${settings.configPath} does not exist, so metrics are reported but not checked. Add that file with a 'metrics:' section to gate on them.`
    }
  }
  return { config: parseConfig(settings.configPath, readFileSync(file, 'utf8')) }
}

function readProject(settings: Settings, workspace: string): { project: MLProject; dir: string } {
  const dir = path.resolve(workspace, settings.project)
  if (!existsSync(dir)) {
    throw new ProjectRunError(
      `The project directory '${settings.project}' does not exist. Set 'project' to the directory that holds your MLproject file.`
    )
  }
  const file = ['MLproject', 'mlproject', 'MLProject']
    .map(name => path.join(dir, name))
    .find(existsSync)
  if (file === undefined) {
    throw new ProjectRunError(
      `'${settings.project}' has no MLproject file. Set 'project' to the directory of an MLflow Project, or set 'run-id' to report on a run logged by an earlier step.`
    )
  }
  const relative = path.relative(workspace, file) || file
  const project = parseMLproject(relative, readFileSync(file, 'utf8'))
  const entry = project.entryPoints.find(e => e.name === settings.entryPoint)
  if (entry === undefined) {
    // MLflow also runs a .py or .sh file of the project as an entry point.
    const isScript =
      /\.(py|sh)$/.test(settings.entryPoint) && existsSync(path.join(dir, settings.entryPoint))
    if (!isScript) {
      const known = project.entryPoints.map(e => `'${e.name}'`).join(', ') || 'none'
      throw new ConfigError(
        `entry point '${settings.entryPoint}' is not defined (defined: ${known}). Set 'entry-point' to one of them.`,
        { file: relative, line: project.entryPoints[0]?.line }
      )
    }
    return { project, dir }
  }
  const { problems } = checkParameters(entry, settings.parameters)
  const first = problems[0]
  if (first !== undefined) {
    throw new ConfigError(problems.map(p => p.message).join(' '), {
      file: relative,
      line: first.line
    })
  }
  return { project, dir }
}

function openStore(trackingUri: string, env: NodeJS.ProcessEnv): TrackingStore {
  if (trackingUri.startsWith('sqlite:')) {
    return new SqliteTrackingStore(sqlitePathFromUri(trackingUri))
  }
  if (trackingUri.startsWith('file:')) return new FileTrackingStore(fileStoreRoot(trackingUri))
  return new RestTrackingStore(restOptionsFromEnv(trackingUri, env))
}

function defaultRunName(context: RunContext): string {
  const sha = context.headSha.slice(0, 7)
  if (context.pullRequest !== undefined) return `pr-${context.pullRequest}${sha ? `-${sha}` : ''}`
  return [context.branch, sha].filter(Boolean).join('-')
}

/** Runs the MLproject, returning the id of the run it logged. */
async function runTheProject(
  settings: Settings,
  context: RunContext,
  io: PipelineIO,
  experimentName: string,
  projectDir: string,
  trackingUri: string,
  local: boolean,
  progress: Progress
): Promise<{ runId: string; cli: MlflowCli }> {
  const cli: MlflowCli = await resolveMlflow(io.commands, io.env, io.log, settings.mlflowVersion)
  if (local) {
    const dbPath = sqlitePathFromUri(trackingUri)
    let exists = false
    if (existsSync(dbPath)) {
      const store = new SqliteTrackingStore(dbPath)
      exists = (await store.getExperimentByName(experimentName)) !== undefined
      await store.close()
    }
    if (!exists) {
      await io.log.group(`Creating experiment '${experimentName}' in the local store`, () =>
        createExperiment(
          cli,
          trackingUri,
          experimentName,
          path.join(path.dirname(dbPath), 'artifacts')
        )
      )
    }
  }
  const runName = settings.runName || defaultRunName(context)
  const outcome = await io.log.group(
    `mlflow run ${settings.project} -e ${settings.entryPoint} (${settings.envManager})`,
    () =>
      runProject(cli, {
        project: projectDir,
        entryPoint: settings.entryPoint,
        parameters: settings.parameters,
        envManager: settings.envManager,
        experimentName,
        runName,
        trackingUri
      })
  )
  if (outcome.runId !== undefined) progress.runId = outcome.runId
  if (outcome.exitCode !== 0) {
    const tail = outcome.tail.slice(-8).join('\n')
    throw new ProjectRunError(
      `mlflow run failed with exit code ${outcome.exitCode}${outcome.runId ? ` (run ${outcome.runId} is kept in the store)` : ''}. Its last lines:\n${tail}`
    )
  }
  if (outcome.runId === undefined) {
    throw new ProjectRunError(
      'mlflow run succeeded but did not say which run it logged (no "Run (ID ...)" line).'
    )
  }
  return { runId: outcome.runId, cli }
}

/**
 * The histories of the metrics worth a chart (the config's first), from this run and the
 * baseline. A history that cannot be read is left out with a warning: charts are a nicety.
 */
async function readHistories(
  store: TrackingStore,
  configured: string[],
  candidate: Run,
  baseline: Run | undefined,
  log: Log
): Promise<MetricHistory[]> {
  const histories: MetricHistory[] = []
  for (const metric of chartCandidates(configured, Object.keys(candidate.data.metrics))) {
    if (histories.length >= MAX_CHARTS) break
    try {
      const now = await store.getMetricHistory(candidate.info.runId, metric)
      const before =
        baseline && metric in baseline.data.metrics
          ? await store.getMetricHistory(baseline.info.runId, metric)
          : undefined
      const history = toHistory(metric, now, before)
      if (history !== undefined) histories.push(history)
    } catch (error) {
      log.warning(`Could not read the history of metric '${metric}': ${errorMessage(error)}`)
    }
  }
  log.info(
    histories.length > 0
      ? `Charts for ${histories.map(h => h.metric).join(', ')}.`
      : 'No metric was logged at more than one step: no charts.'
  )
  return histories
}

export async function runPipeline(
  settings: Settings,
  context: RunContext,
  io: PipelineIO,
  progress: Progress = {}
): Promise<Report> {
  const { log } = io
  const { config, note: configNote } = loadConfig(settings, io.workspace)
  log.info(
    config.file
      ? `Rules for ${config.metrics.length} metric(s) from ${config.file}.`
      : (configNote ?? 'No thresholds.')
  )

  const trackingUri =
    settings.trackingUri || `sqlite:///${path.join(settings.outputDir, 'mlflow', 'mlflow.db')}`
  // A SQLite store is local: this action creates its experiments, with artifacts beside it.
  const local = trackingUri.startsWith('sqlite:')
  progress.storeUri = trackingUri
  if (local) mkdirSync(path.dirname(sqlitePathFromUri(trackingUri)), { recursive: true })
  log.info(`Tracking store: ${redactUri(trackingUri)}${local ? ' (local store)' : ''}`)

  let store: TrackingStore | undefined
  try {
    let runId: string
    let cli: MlflowCli | undefined
    let experimentName = settings.experimentName
    if (settings.runId !== '') {
      runId = settings.runId
      progress.runId = runId
    } else {
      const { project, dir } = readProject(settings, io.workspace)
      experimentName ||= project.name || context.repository?.repo || 'Default'
      if (!local) {
        // Reach the server before spending compute: a wrong address or credentials fail here.
        store = openStore(trackingUri, io.env)
        await store.getExperimentByName(experimentName)
      }
      const ran = await runTheProject(
        settings,
        context,
        io,
        experimentName,
        dir,
        trackingUri,
        local,
        progress
      )
      runId = ran.runId
      cli = ran.cli
    }
    store ??= openStore(trackingUri, io.env)
    let candidate: Run
    try {
      candidate = await store.getRun(runId)
    } catch (error) {
      throw new ActionError(
        `Run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`,
        {
          cause: error
        }
      )
    }
    const experiment = await store.getExperiment(candidate.info.experimentId)
    experimentName ||= experiment?.name ?? `experiment ${candidate.info.experimentId}`

    const environment = await collectEnvironment(io.env, cli)
    const tags = { ...contextTags(context), ...environmentTags(environment) }
    try {
      await store.setTags(runId, tags)
      Object.assign(candidate.data.tags, tags)
    } catch (error) {
      log.warning(`Could not record the CI tags on run ${runId}: ${errorMessage(error)}`)
    }

    const branch =
      settings.baselineBranch ||
      config.baseline.branch ||
      (context.pullRequest !== undefined
        ? context.baseRef
        : context.eventName === 'push'
          ? context.branch
          : undefined)
    const opened = store
    const baseline = await log.group('Finding the baseline run', async () => {
      const choice = await findBaseline(opened, {
        explicitRunId: settings.baselineRunId || undefined,
        experimentId: candidate.info.experimentId,
        entryPoint: candidate.data.tags['mlflow.project.entryPoint'],
        branch,
        candidateRunId: runId
      })
      log.info(choice.run ? `Baseline: run ${choice.run.info.runId} (${choice.how}).` : choice.how)
      return choice
    })
    if (baseline.run) progress.baselineRunId = baseline.run.info.runId

    const comparison = compareRuns(config, candidate.data.metrics, baseline.run?.data.metrics)
    const histories = await log.group('Reading metric histories', () =>
      readHistories(
        opened,
        config.metrics.map(m => m.metric),
        candidate,
        baseline.run,
        log
      )
    )
    const report: Report = {
      schemaVersion: 1,
      key:
        settings.reportKey || (context.workflow ? `${context.workflow}/${context.job}` : 'local'),
      experimentName,
      verdict: comparison.verdict,
      gate: settings.failOnRegression,
      run: summarizeRun(candidate, store.runUrl(candidate.info.experimentId, candidate.info.runId)),
      baseline: baseline.run
        ? summarizeRun(
            baseline.run,
            store.runUrl(baseline.run.info.experimentId, baseline.run.info.runId)
          )
        : undefined,
      baselineHow: baseline.how,
      comparison,
      label: rateCareLabel(config, candidate.data.metrics, baseline.run?.data.metrics),
      paramChanges: baseline.run ? diffParams(candidate.data.params, baseline.run.data.params) : [],
      config: { file: config.file, note: configNote },
      store: local ? 'local MLflow store' : store.description,
      context: {
        event: context.eventName,
        pullRequest: context.pullRequest,
        headSha: context.headSha || undefined,
        branch: context.branch || undefined,
        baseRef: context.baseRef,
        workflowRunUrl: context.runUrl
      },
      notes: [],
      histories,
      environment
    }
    progress.report = report
    const markdown = renderMarkdown(report)
    mkdirSync(settings.outputDir, { recursive: true })
    progress.reportPath = path.join(settings.outputDir, 'report.json')
    progress.markdownPath = path.join(settings.outputDir, 'report.md')
    writeFileSync(progress.reportPath, `${toJson(report)}\n`)
    writeFileSync(progress.markdownPath, markdown)
    log.info(`Report written to ${progress.reportPath} and ${progress.markdownPath}.`)
    await io.publish(report, markdown)
    return report
  } finally {
    await store?.close()
  }
}
