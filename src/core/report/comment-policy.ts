/**
 * When a report deserves a new pull-request comment or merge-request note, and the words for why
 * it got none. Pure: the GitHub and GitLab publishers apply the same `comment` modes.
 */
import type { CommentMode } from '../../settings/types.js'
import type { Report } from './types.js'

/**
 * Whether a report is worth a new comment under `mode` (an existing one is always updated, so it
 * never goes stale): on-failure when a rule fails; on-change also when the grade or a category's
 * letter differs from the baseline's.
 */
export function worthAComment(report: Report, mode: CommentMode): boolean {
  if (mode === 'off') return false
  if (report.verdict === 'fail' || (mode !== 'on-change' && mode !== 'on-failure')) return true
  if (mode === 'on-failure') return false
  const { label } = report
  if (label.baselineOverall !== undefined && label.overall !== label.baselineOverall) return true
  return label.categories.some(c => c.baselineLetter !== undefined && c.letter !== c.baselineLetter)
}

/**
 * Why no comment was created under `mode`, for the log: what `worthAComment` found missing. Only
 * on-failure and on-change ever leave a report without one.
 */
export function noCommentReason(mode: CommentMode): string {
  return mode === 'on-failure' ? 'no rule failed' : 'no rule failed and no letter changed'
}
