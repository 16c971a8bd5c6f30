/**
 * The label travels with the run (after the report is built, before its files are published):
 * care-label.svg, report.json and report.html are logged as artifacts of the run the report shows (under care-label/), and the letters as its tags, so
 * the MLflow UI shows the label beside the run. It never fails the job: what cannot be logged is
 * a warning that says what to fix, and the report, its bundle and the local store go on.
 *
 * Which run: the one the report shows. That is the candidate run itself, or, for repeats, the
 * parent run that groups them (the label judges the set, and MLflow's UI nests the repeats under
 * it); never a baseline run.
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { LABEL_ARTIFACT_PATH, labelArtifactsOf } from '../core/report/build.js'
import type { HistoryChart } from '../core/render/html.js'
import type { LabelArtifacts, Report } from '../core/report/types.js'
import type { Run } from '../core/runs.js'
import { errorMessage } from '../errors.js'
import type { ArtifactFile, Log, ProjectRunner } from '../ports.js'
import { redactText, redactUri } from '../util/redact.js'
import { TAG, labelTags } from '../core/tags.js'
import type { Notes } from './notes.js'
import type { Stores } from './open-stores.js'
import { writeReportFiles, type ReportFiles } from './write-files.js'

export interface LabelRequest {
  /** The run the report shows. */
  run: Run
  trackingUri: string
  /** A directory of its own: exactly the files in it are logged. */
  dir: string
  /** The report's charts, drawn once for every copy of it. */
  charts: ReadonlyMap<string, HistoryChart>
}

/**
 * Tags the report's run with its letters, then logs the label's files with it; returns where the
 * files are (and whether the tags were set), or undefined when the files could not be logged
 * (the warning says why). Call it while the stores are open. Never throws.
 */
export async function logLabel(
  report: Report,
  request: LabelRequest,
  deps: { runner: ProjectRunner; stores: Stores; log: Log; notes: Notes }
): Promise<LabelArtifacts | undefined> {
  const runId = request.run.info.runId
  return deps.log.group(`Logging the care label with run ${runId}`, async () => {
    const tags = labelTags(report)
    const tagged = await tagRun(runId, tags, deps)
    const logged = await logFiles(report, tagged, request, deps)
    const said = [
      tagged ? `tagged the run ${TAG.grade}=${tags[TAG.grade] ?? '?'}` : '',
      logged ? `logged care-label.svg, report.json and report.html to ${logged.uri}` : ''
    ].filter(Boolean)
    if (said.length > 0) deps.log.info(`Care label: ${said.join(', and ')}.`)
    return logged
  })
}

/** The files, through the runner (MLflow, into whatever artifact store the run's are in). */
async function logFiles(
  report: Report,
  tagged: boolean,
  request: LabelRequest,
  deps: { runner: ProjectRunner; stores: Stores; notes: Notes }
): Promise<LabelArtifacts | undefined> {
  const { runId, artifactUri } = request.run.info
  const artifacts = { ...labelArtifactsOf(runId), tagged }
  try {
    // A clean directory: a file left from an earlier run here would be logged too.
    rmSync(request.dir, { recursive: true, force: true })
    const files = writeReportFiles(
      request.dir,
      { ...report, labelArtifacts: artifacts },
      request.charts
    )
    // A tracking server's artifact proxy takes them over its own API; any other root through
    // MLflow's client, which knows every artifact store.
    const store = deps.stores.primary()
    const sent = await store.logArtifactFiles?.(artifactUri, labelFiles(files))
    if (sent !== true) {
      await deps.runner.logArtifacts({
        trackingUri: request.trackingUri,
        runId,
        artifactUri,
        dir: request.dir,
        artifactPath: LABEL_ARTIFACT_PATH
      })
    }
    return artifacts
  } catch (error) {
    const where = artifactUri ? ` (${redactUri(artifactUri)})` : ''
    deps.notes.warn(
      `Could not log the care label with run ${runId} (artifacts under ${LABEL_ARTIFACT_PATH}/): ${sentence(redactText(errorMessage(error)))} ` +
        `Check that this job can write to the run's artifact store${where}: a tracking server's --artifacts-destination, or the credentials of its bucket in the job's environment. The report is not affected.`
    )
    return undefined
  }
}

/** The label's three files as artifacts under care-label/. */
function labelFiles(files: ReportFiles): ArtifactFile[] {
  return [files.svg, files.json, files.html].map(file => ({
    path: `${LABEL_ARTIFACT_PATH}/${path.basename(file)}`,
    body: readFileSync(file, 'utf8')
  }))
}

/** The tags, through the tracking store (still open: the caller closes it). */
async function tagRun(
  runId: string,
  tags: Record<string, string>,
  deps: { stores: Stores; notes: Notes }
): Promise<boolean> {
  try {
    await deps.stores.primary().setTags(runId, tags)
    return true
  } catch (error) {
    deps.notes.warn(
      `Could not tag run ${runId} with its care label (${TAG.grade} and the category letters): ${sentence(redactText(errorMessage(error)))} ` +
        'Check that the tracking credentials may write to the run.'
    )
    return false
  }
}

/** Ends a message from elsewhere with a full stop, so that the advice after it reads apart. */
function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}
