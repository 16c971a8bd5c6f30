/**
 * The whole care-label run over small interfaces: config → run (or adopt) → baseline → compare →
 * report → publish. `main.ts` (the action) and `cli.ts` (a terminal) wire it to real edges.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { findBaseline } from './pipeline/select-baseline.js'
import { compareRuns } from './core/compare/compare.js'
import { rateCareLabel } from './core/label/rate.js'
import { parseConfig } from './core/config/parse.js'
import { EMPTY_CONFIG, type CareLabelConfig } from './core/config/types.js'
import { collectEnvironment } from './adapters/environment.js'
import { contextTags, environmentTags } from './core/tags.js'
import { ActionError, ConfigError, ProjectRunError, errorMessage } from './errors.js'
import type { RunContext } from './core/context.js'
import {
  BUNDLE_PREFIX,
  STORE_DB,
  artifactNameFrom,
  carryStore,
  checkStoreLayout,
  clearDir,
  openFetchedStore,
  pruneStore,
  type FetchedStore,
  type StoreArtifacts
} from './adapters/history/carried-store.js'
import type { Log } from './adapters/console-log.js'
import { FileTrackingStore, fileStoreRoot } from './adapters/mlflow/filestore/file-store.js'
import { RestTrackingStore, restOptionsFromEnv } from './adapters/mlflow/rest-store.js'
import { SqliteTrackingStore, sqlitePathFromUri } from './adapters/mlflow/sqlite/sqlite-store.js'
import type { Run, TrackingStore } from './core/runs.js'
import type { CommandRunner } from './adapters/project/commands.js'
import {
  cliPython,
  createExperiment,
  resolveMlflow,
  runProject,
  type MlflowCli
} from './adapters/project/mlflow-cli.js'
import { checkParameters, parseMLproject, type MLProject } from './core/project/mlproject.js'
import { diffParams, summarizeRun, toJson } from './core/report/build.js'
import { MAX_CHARTS, chartCandidates, toHistory } from './core/report/history.js'
import { renderHtml } from './core/render/html.js'
import { renderMarkdown } from './core/render/markdown.js'
import { renderLabelSvg } from './core/render/svg.js'
import type { MetricHistory, Report } from './core/report/types.js'
import type { Settings } from './settings/types.js'
import { redactUri } from './util/redact.js'

export interface PipelineIO {
  log: Log
  env: NodeJS.ProcessEnv
  commands: CommandRunner
  /** Where relative paths (project, config) start: the repository's checkout. */
  workspace: string
  /** Posts the report (PR comment, job summary); problems are warnings, never thrown. */
  publish(report: Report, markdown: string): Promise<void>
  /** Workflow artifacts (on a runner); without them a local store stays on this machine. */
  artifacts?: StoreArtifacts
}

/** What is known so far; filled in as the pipeline goes, so outputs survive a later failure. */
export interface Progress {
  runId?: string
  baselineRunId?: string
  reportPath?: string
  markdownPath?: string
  storeUri?: string
  svgPath?: string
  htmlPath?: string
  artifactUrl?: string
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
  baselineStore: TrackingStore,
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
          ? await baselineStore.getMetricHistory(baseline.info.runId, metric)
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

/** The branch whose runs are baselines: the input, the config, else the event's. */
function baselineBranchOf(
  settings: Settings,
  config: CareLabelConfig,
  context: RunContext
): string | undefined {
  return (
    settings.baselineBranch ||
    config.baseline.branch ||
    (context.pullRequest !== undefined
      ? context.baseRef
      : context.eventName === 'push'
        ? context.branch
        : undefined)
  )
}

/** The files of the report, written into the output directory. */
function reportFiles(outputDir: string): Record<'json' | 'markdown' | 'svg' | 'html', string> {
  return {
    json: path.join(outputDir, 'report.json'),
    markdown: path.join(outputDir, 'report.md'),
    svg: path.join(outputDir, 'care-label.svg'),
    html: path.join(outputDir, 'report.html')
  }
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

  const storeDir = path.join(settings.outputDir, 'mlflow')
  const trackingUri = settings.trackingUri || `sqlite:///${path.join(storeDir, STORE_DB)}`
  // A SQLite store is local: this action creates its experiments, with artifacts beside it.
  const local = trackingUri.startsWith('sqlite:')
  // With no tracking server, the store travels between workflow runs as an artifact.
  const carried = settings.trackingUri === '' && io.artifacts !== undefined
  progress.storeUri = trackingUri
  if (local) mkdirSync(path.dirname(sqlitePathFromUri(trackingUri)), { recursive: true })
  log.info(`Tracking store: ${redactUri(trackingUri)}${local ? ' (local store)' : ''}`)
  const branch = baselineBranchOf(settings, config, context)
  const notes: string[] = []

  let store: TrackingStore | undefined
  let baselineStore: TrackingStore | undefined
  let fetched: FetchedStore | undefined
  let cli: MlflowCli | undefined
  let storeName = settings.artifactName
  let storeUploaded = false
  let experimentName = settings.experimentName
  try {
    let runId: string
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
      storeName ||= `care-label-store-${artifactNameFrom(experimentName)}`
      if (carried && io.artifacts !== undefined && branch !== undefined) {
        fetched = await fetchHistory(io.artifacts, storeName, branch, settings, context, log)
        if (fetched !== undefined) {
          if (context.pullRequest === undefined && !existsSync(path.join(storeDir, STORE_DB))) {
            // A run on the branch itself: carry the history forward in the new store.
            carryStore(fetched, storeDir)
            log.info(`Carried the history of ${fetched.description} into the local store.`)
            await checkArtifactLocation(storeDir, experimentName, log)
          } else {
            baselineStore = await openFetchedStore(fetched)
          }
        }
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
    storeName ||= `care-label-store-${artifactNameFrom(experimentName)}`

    const environment = await collectEnvironment(io.env, cli)
    const tags = { ...contextTags(context), ...environmentTags(environment) }
    try {
      await store.setTags(runId, tags)
      Object.assign(candidate.data.tags, tags)
    } catch (error) {
      log.warning(`Could not record the CI tags on run ${runId}: ${errorMessage(error)}`)
    }

    const opened = store
    const baseline = await log.group('Finding the baseline run', async () => {
      let choice = await findBaseline(opened, {
        explicitRunId: settings.baselineRunId || undefined,
        experimentId: candidate.info.experimentId,
        entryPoint: candidate.data.tags['mlflow.project.entryPoint'],
        branch,
        candidateRunId: runId
      })
      let from: TrackingStore = opened
      if (choice.run === undefined && baselineStore !== undefined && fetched !== undefined) {
        // The base branch's history is in the store its last run uploaded.
        const there = await baselineStore.getExperimentByName(experimentName)
        if (there !== undefined) {
          const other = await findBaseline(baselineStore, {
            experimentId: there.experimentId,
            entryPoint: candidate.data.tags['mlflow.project.entryPoint'],
            branch,
            candidateRunId: runId
          })
          if (other.run !== undefined) {
            choice = { run: other.run, how: `${other.how}, from ${fetched.description}` }
            from = baselineStore
          }
        }
      }
      log.info(choice.run ? `Baseline: run ${choice.run.info.runId} (${choice.how}).` : choice.how)
      return { ...choice, from }
    })
    if (baseline.run) progress.baselineRunId = baseline.run.info.runId

    const comparison = compareRuns(config, candidate.data.metrics, baseline.run?.data.metrics)
    const histories = await log.group('Reading metric histories', () =>
      readHistories(
        opened,
        baseline.from,
        config.metrics.map(m => m.metric),
        candidate,
        baseline.run,
        log
      )
    )

    let storeUrl: string | undefined
    if (carried && io.artifacts !== undefined) {
      await store.close()
      store = undefined
      storeUrl = await saveHistory(io.artifacts, storeName, storeDir, trackingUri, {
        prune: context.pullRequest === undefined ? settings.historyRuns : undefined,
        cli,
        experimentName,
        log
      })
      storeUploaded = true
      store = openStore(trackingUri, io.env)
    }
    const runUrl = (s: TrackingStore, run: Run, artifactUrl?: string): string | undefined =>
      s.runUrl(run.info.experimentId, run.info.runId) ?? artifactUrl

    const report: Report = {
      schemaVersion: 1,
      key:
        settings.reportKey || (context.workflow ? `${context.workflow}/${context.job}` : 'local'),
      experimentName,
      verdict: comparison.verdict,
      gate: settings.failOnRegression,
      run: summarizeRun(candidate, runUrl(store, candidate, storeUrl)),
      baseline: baseline.run
        ? summarizeRun(baseline.run, runUrl(baseline.from, baseline.run, fetched?.url))
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
      notes,
      histories,
      environment
    }
    progress.report = report
    const files = reportFiles(settings.outputDir)
    mkdirSync(settings.outputDir, { recursive: true })
    writeFileSync(files.json, `${toJson(report)}\n`)
    writeFileSync(files.svg, renderLabelSvg(report))
    writeFileSync(files.html, renderHtml(report))
    writeFileSync(files.markdown, renderMarkdown(report))
    progress.reportPath = files.json
    progress.markdownPath = files.markdown
    progress.svgPath = files.svg
    progress.htmlPath = files.html
    if (io.artifacts !== undefined) {
      // The report bundle: what a reviewer downloads, and what the publish stage posts.
      try {
        report.artifactUrl = await io.artifacts.uploadFiles(
          `${BUNDLE_PREFIX}${artifactNameFrom(report.key)}`,
          Object.values(files),
          settings.outputDir
        )
        progress.artifactUrl = report.artifactUrl
      } catch (error) {
        log.warning(`Could not upload the report files: ${errorMessage(error)}`)
      }
    }
    const markdown = renderMarkdown(report)
    writeFileSync(files.markdown, markdown)
    log.info(
      `Report written to ${settings.outputDir} (report.json, report.md, care-label.svg, report.html).`
    )
    await io.publish(report, markdown)
    return report
  } finally {
    await store?.close()
    await baselineStore?.close()
    // Nothing the run produced is lost: the store is uploaded even when a later step failed.
    if (
      carried &&
      io.artifacts !== undefined &&
      !storeUploaded &&
      existsSync(path.join(storeDir, STORE_DB))
    ) {
      await saveHistory(io.artifacts, storeName || 'care-label-store', storeDir, trackingUri, {
        cli,
        experimentName,
        log
      }).catch((error: unknown) =>
        log.warning(`Could not upload the local store: ${errorMessage(error)}`)
      )
    }
  }
}

/**
 * The experiment of a carried store keeps the artifact location it was created with, an
 * absolute path: when output-dir moved, new runs would put their artifacts outside the store.
 */
async function checkArtifactLocation(
  storeDir: string,
  experimentName: string,
  log: Log
): Promise<void> {
  const store = new SqliteTrackingStore(path.join(storeDir, STORE_DB))
  try {
    const experiment = await store.getExperimentByName(experimentName)
    const location = experiment?.artifactLocation
    const expected = path.join(storeDir, 'artifacts')
    if (location !== undefined && !location.replace(/^file:\/\//, '').startsWith(expected)) {
      log.warning(
        `The carried store keeps run artifacts in ${location}, not in ${expected}: output-dir is not where it was when the store was made, so the artifacts of new runs are not carried. Keep output-dir at the same path (the default is, on GitHub-hosted runners).`
      )
    }
  } finally {
    await store.close()
  }
}

/** How many runs the experiment has in a local store, counting up to `limit`. */
async function countRuns(
  trackingUri: string,
  experimentName: string,
  limit: number
): Promise<number> {
  const store = new SqliteTrackingStore(sqlitePathFromUri(trackingUri))
  try {
    const experiment = await store.getExperimentByName(experimentName)
    if (experiment === undefined) return 0
    const page = await store.searchRuns({
      experimentIds: [experiment.experimentId],
      maxResults: limit
    })
    return page.runs.length
  } finally {
    await store.close()
  }
}

/** Downloads the branch's latest store; a missing or refused one is a note, not a failure. */
async function fetchHistory(
  artifacts: StoreArtifacts,
  name: string,
  branch: string,
  settings: Settings,
  context: RunContext,
  log: Log
): Promise<FetchedStore | undefined> {
  return log.group(`Looking for the history of '${branch}' (artifact ${name})`, async () => {
    const dir = path.join(settings.outputDir, 'history', 'download')
    clearDir(dir)
    const fetched = await artifacts.fetch(name, branch, dir)
    if (fetched === undefined) {
      log.info(
        `No artifact '${name}' from a successful run of this workflow on '${branch}' (the first run, or it expired). Run this workflow on push to '${branch}' to start the history.`
      )
      return undefined
    }
    const problem = checkStoreLayout(fetched.dir)
    if (problem !== undefined) {
      throw new ActionError(
        `${fetched.description} is not an MLflow store of this action: ${problem}. Delete that artifact, or set 'artifact-name' to another name.`
      )
    }
    log.info(`Downloaded ${fetched.description}.`)
    return fetched
  })
}

/** Drops the oldest runs (on the branch's own runs) and uploads the store; returns its page. */
async function saveHistory(
  artifacts: StoreArtifacts,
  name: string,
  storeDir: string,
  trackingUri: string,
  options: { prune?: number; cli?: MlflowCli; experimentName: string; log: Log }
): Promise<string | undefined> {
  const { log, cli } = options
  return log.group(`Uploading the local store (artifact ${name})`, async () => {
    if (
      options.prune !== undefined &&
      cli !== undefined &&
      (await countRuns(trackingUri, options.experimentName, options.prune + 1)) > options.prune
    ) {
      const python = cliPython(cli)
      if (python !== undefined) {
        try {
          const dropped = await pruneStore(
            cli,
            python,
            trackingUri,
            options.experimentName,
            options.prune,
            log
          )
          if (dropped > 0)
            log.info(`Dropped the ${dropped} oldest run(s) beyond history-runs (${options.prune}).`)
        } catch (error) {
          log.warning(`Could not drop the oldest runs: ${errorMessage(error)}`)
        }
      }
    }
    try {
      const url = await artifacts.upload(name, storeDir)
      log.info(`Uploaded the store${url ? `: ${url}` : ''}.`)
      return url
    } catch (error) {
      log.warning(`Could not upload the local store as artifact '${name}': ${errorMessage(error)}`)
      return undefined
    }
  })
}
