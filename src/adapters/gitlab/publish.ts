/**
 * Publishing in GitLab CI: the report's Markdown as the merge request's sticky note. What GitLab
 * refuses is a warning in the outcome (and the log), never an exception: the report's files are
 * written before, and stay.
 */
import { reportMarker } from '../../core/render/markdown.js'
import { noCommentReason, worthAComment } from '../../core/report/comment-policy.js'
import type { Report } from '../../core/report/types.js'
import type { Log, PublishOutcome, Publisher } from '../../ports.js'
import type { CommentMode } from '../../settings/types.js'
import type { GitLabClient } from './api.js'
import type { GitLabJob } from './context.js'
import {
  createNote,
  currentUserId,
  explainGitLabError,
  upsertNote,
  type NoteResult,
  type NoteTarget
} from './notes.js'

export interface NoteOptions {
  /** The action's `comment` modes, applied to the note. */
  comment: CommentMode
  /** Where the report is when the note could not be posted (report.md). */
  reportFile: string
}

/**
 * Posts the note on `target` (GitLab's Markdown renders the comment's GitHub-flavoured Markdown
 * alike; the comment is sized for GitHub's 65,536 characters, far below a note's 1,000,000).
 */
export function gitlabNotePublisher(
  target: NoteTarget,
  options: NoteOptions,
  deps: { client: GitLabClient; log: Log }
): Publisher {
  return {
    async publish(report, markdown) {
      const outcome: PublishOutcome = { warnings: [] }
      if (options.comment === 'off') return outcome
      try {
        const result = await postNote(deps.client, target, options.comment, report, markdown)
        if (result === undefined) {
          deps.log.info(
            `No merge request note (comment: ${options.comment}): ${quiet(options.comment)}.`
          )
        } else {
          deps.log.info(`Merge request note ${result.action}: ${where(result, target)}`)
          outcome.commentUrl = result.url
        }
      } catch (error) {
        const message = `${explainGitLabError(error, target)} The report is in ${options.reportFile}.`
        deps.log.warning(message)
        outcome.warnings.push(message)
      }
      return outcome
    }
  }
}

/** A publisher that posts nothing and says why (a GitLab job without a merge request or token). */
export function skippedNotePublisher(
  job: Extract<GitLabJob, { kind: 'skip' }>,
  log: Log
): Publisher {
  return {
    async publish() {
      if (job.level === 'info') {
        log.info(job.message)
        return { warnings: [] }
      }
      log.warning(job.message)
      return { warnings: [job.message] }
    }
  }
}

async function postNote(
  client: GitLabClient,
  target: NoteTarget,
  mode: Exclude<CommentMode, 'off'>,
  report: Report,
  markdown: string
): Promise<NoteResult | undefined> {
  if (mode === 'new') return createNote(client, target, markdown)
  const authorId = await currentUserId(client)
  const create = worthAComment(report, mode)
  const marker = reportMarker(report.key)
  return upsertNote(client, target, { marker, body: markdown, authorId, create })
}

function quiet(mode: CommentMode): string {
  return `${noCommentReason(mode)}, and there is no earlier note to update`
}

function where(result: NoteResult, target: NoteTarget): string {
  return (
    result.url ??
    `note ${result.id} on merge request !${target.mergeRequestIid} of project ${target.projectId}`
  )
}
