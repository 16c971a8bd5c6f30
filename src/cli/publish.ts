/**
 * The CLI's publisher: the report on stdout, then, in a GitLab merge-request pipeline, the
 * merge request's sticky note. Wiring only: the note's logic is in adapters/gitlab.
 */
import path from 'node:path'
import { gitlabClient } from '../adapters/gitlab/api.js'
import type { GitLabJob } from '../adapters/gitlab/context.js'
import { gitlabNotePublisher, skippedNotePublisher } from '../adapters/gitlab/publish.js'
import { toJson } from '../core/report/build.js'
import type { Report } from '../core/report/types.js'
import type { Log, Publisher } from '../ports.js'
import type { CommentMode } from '../settings/types.js'
import { terminalSummary } from './summary.js'

export const FORMATS = ['text', 'markdown', 'json']

/** Prints the report as `format` says, then hands it to `next` (the note), if any. */
export function cliPublisher(format: string, outputDir: string, next?: Publisher): Publisher {
  return {
    async publish(report, markdown) {
      process.stdout.write(printed(report, markdown, format, outputDir))
      return next === undefined ? { warnings: [] } : next.publish(report, markdown)
    }
  }
}

/**
 * The merge-request note's publisher when the environment is GitLab CI: one that posts, or one
 * that says why it does not; undefined outside GitLab CI. The token is masked in the log first.
 */
export function gitlabPublisher(
  job: GitLabJob,
  options: { comment: CommentMode; outputDir: string },
  log: Log
): Publisher | undefined {
  if (job.kind === 'none') return undefined
  if (job.kind === 'skip') return skippedNotePublisher(job, log)
  const { target } = job
  log.mask(target.token)
  const client = gitlabClient({ apiUrl: target.apiUrl, token: target.token, onRetry: log.info })
  const reportFile = path.join(options.outputDir, 'report.md')
  return gitlabNotePublisher(target, { comment: options.comment, reportFile }, { client, log })
}

/** What stdout gets: a summary (colour on a terminal), the comment's Markdown, or report.json. */
function printed(report: Report, markdown: string, format: string, outputDir: string): string {
  if (format === 'json') return `${toJson(report)}\n`
  if (format === 'markdown') return markdown
  const colour = process.stdout.isTTY === true && !process.env['NO_COLOR']
  const shown = path.relative(process.cwd(), outputDir)
  const inside = shown !== '' && !shown.startsWith('..') && !path.isAbsolute(shown)
  return terminalSummary(report, { colour, outputDir: inside ? shown : outputDir })
}
