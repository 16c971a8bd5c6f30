/**
 * `mode: aggregate`: the last job of a matrix. It downloads every partial bundle of this workflow
 * run, checks them (this run, this commit, one candidate run, no test claimed twice), and reports
 * on the candidate with all their tests, as one job would: one report, one label, one comment and
 * one check. A test no bundle measured (its job failed or was cancelled) is "not measured". Without
 * a tracking server, the training job's store becomes this job's, and the other jobs' test runs
 * are copied into it with MLflow's client, so that the history keeps them.
 */
import path from 'node:path'
import { carryStore, clearDir } from '../adapters/history/carried-store.js'
import type { TestSpec } from '../core/config/types.js'
import type { RunContext } from '../core/context.js'
import type { TestRecord } from '../core/report/types.js'
import { mergePartials, type MergedPartials } from '../core/tests/partials.js'
import { ConfigError, ReportFormatError } from '../errors.js'
import type { BundleSource, Log } from '../ports.js'
import { sqliteUri } from '../settings/tracking-uri.js'
import type { Settings } from '../settings/types.js'
import { loadConfig, rulesRequest } from './load-config.js'
import { checkCopiedStore, downloadPartials, type DownloadedPartial } from './partial-bundles.js'
import { runCareLabel, type CareLabelResult, type PipelineDeps } from './run-care-label.js'

export async function runAggregate(
  settings: Settings,
  context: RunContext,
  deps: PipelineDeps & { bundles: BundleSource }
): Promise<CareLabelResult> {
  const { log } = deps
  const tests = await configTests(settings, context, deps)
  const dir = path.join(settings.outputDir, 'partials')
  const partials = await log.group('Collecting the partial bundles of this workflow run', () =>
    downloadPartials(context, deps.bundles, dir, log)
  )
  const merged = mergePartials(
    partials,
    {
      workflowRunId: context.runId ?? 0,
      headSha: context.headSha,
      runId: settings.runId || undefined,
      runUrl: context.runUrl
    },
    tests
  )
  const measured = merged.records.filter(r => r.status !== 'not-measured').length
  log.info(
    `Run ${merged.candidateRunId}: ${measured} of ${merged.records.length} test(s) measured by ${merged.used.length} job(s).`
  )
  const records = await intoLocalStore(settings, merged, partials, deps)
  // Where the candidate was trained: the training job's bundle (a test job's says where it ran).
  const base = merged.base ?? merged.used.find(p => p.bundle.candidate.trained) ?? merged.used[0]
  return runCareLabel(
    {
      ...settings,
      runId: merged.candidateRunId,
      experimentName: settings.experimentName || merged.experimentName
    },
    context,
    deps,
    { records, measuredOn: base?.bundle.environment ?? {} }
  )
}

/** The config's tests, read quietly (the pipeline reads and reports the config itself). */
async function configTests(
  settings: Settings,
  context: RunContext,
  deps: PipelineDeps
): Promise<TestSpec[]> {
  const quiet: Log = {
    ...deps.log,
    info: () => undefined,
    warning: () => undefined,
    group: (_title, fn) => fn()
  }
  const rules = await loadConfig(rulesRequest(settings, context), {
    log: quiet,
    notes: { warn: () => undefined, list: [] },
    repository: deps.repository
  })
  const tests = rules.config.tests ?? []
  if (tests.length === 0) {
    throw new ConfigError(
      `mode aggregate merges the results of the config's tests:, and ${rules.config.file ?? settings.configPath} has none. Add tests: to it, or use mode auto.`,
      { file: rules.config.file ?? settings.configPath }
    )
  }
  return tests
}

/**
 * Without a tracking server: the training job's store becomes this job's local store, and the
 * runs of the other jobs' tests are copied into it (MLflow's client); the records then name the
 * copies. With a server, every run is there already.
 */
async function intoLocalStore(
  settings: Settings,
  merged: MergedPartials,
  partials: DownloadedPartial[],
  deps: PipelineDeps
): Promise<TestRecord[]> {
  const location = settings.tracking
  const records = merged.records.map(r => ({ ...r }))
  if (location.kind !== 'sqlite' || !location.own) return records
  const base = partials.find(p => p.name === merged.base?.name)
  if (base?.storeDir === undefined) {
    throw new ReportFormatError(
      `no partial bundle carries the local store with run ${merged.candidateRunId} (with no tracking-uri, the job that trains it uploads its store in its bundle: it must run in mode partial without run-id)`
    )
  }
  const storeDir = path.dirname(location.path)
  clearDir(storeDir)
  carryStore({ dir: base.storeDir, description: base.name }, storeDir)
  await checkCopiedStore(deps.openStore(location), location.path, {
    name: base.name,
    experimentName: merged.experimentName
  })
  for (const partial of partials) {
    if (partial === base || partial.storeDir === undefined) continue
    const mine = records.filter(
      r => r.runId !== undefined && merged.from.get(r.name)?.name === partial.name
    )
    if (mine.length === 0) continue
    const source = path.join(partial.storeDir, 'mlflow.db')
    const ids = await deps.log.group(
      `Copying the test runs of '${partial.name}' into the store`,
      () =>
        deps.runner.importRuns({
          sourceUri: sqliteUri(source),
          targetUri: location.uri,
          experimentId: merged.experimentId,
          runIds: mine.flatMap(r => (r.runId === undefined ? [] : [r.runId])),
          artifactsDir: path.join(partial.storeDir ?? '', 'artifacts')
        })
    )
    for (const record of mine) record.runId = record.runId && ids[record.runId]
  }
  return records
}
