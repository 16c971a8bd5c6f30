/**
 * Steps 9 to 12: the report's files, the report bundle, the comment (the one Markdown rendering)
 * and its posting. Each output is recorded as soon as it exists.
 */
import type { HistoryChart } from '../core/render/html.js'
import type { Report } from '../core/report/types.js'
import type { ArtifactStore, Log, Outputs, Publisher, PublishOutcome } from '../ports.js'
import type { Notes } from './notes.js'
import { uploadBundle } from './upload-bundle.js'
import { writeComment, writeReportFiles } from './write-files.js'

export async function publishReport(
  report: Report,
  outputDir: string,
  charts: ReadonlyMap<string, HistoryChart>,
  deps: {
    artifacts?: ArtifactStore
    publisher: Publisher
    outputs: Outputs
    log: Log
    notes: Notes
  }
): Promise<PublishOutcome> {
  const { outputs } = deps
  const files = writeReportFiles(outputDir, report, charts)
  outputs.set('report', files.json)
  outputs.set('label-svg', files.svg)
  outputs.set('report-html', files.html)
  if (deps.artifacts !== undefined) {
    report.artifactUrl = await uploadBundle(
      deps.artifacts,
      report.key,
      files,
      outputDir,
      deps.notes
    )
    outputs.set('artifact-url', report.artifactUrl ?? '')
  }
  const markdown = writeComment(files, report)
  deps.log.info(
    `Report written to ${outputDir} (report.json, report.md, care-label.svg, report.html).`
  )
  outputs.set('verdict', report.verdict)
  outputs.set('grade', report.label.overall ?? '')
  const published = await deps.publisher.publish(report, markdown)
  outputs.set('comment-url', published.commentUrl ?? '')
  outputs.set('check-url', published.checkUrl ?? '')
  return published
}
