/**
 * The sticky merge-request note: one per merge request and report key, found again by its hidden
 * marker among the notes of the token's own user, and updated in place.
 */
import { decideStickyWrite } from '../../core/report/sticky.js'
import { DataFormatError, errorMessage } from '../../errors.js'
import { isObject, optNumber, optObject, optString } from '../../util/guards.js'
import { GitLabApiError, type GitLabClient } from './api.js'
import type { GitLabTarget } from './context.js'
import { TOKEN_NEEDS } from './context.js'

/**
 * Which merge request: its project (and the variable that named it) and number, and its page
 * (for the note's link).
 */
export type NoteTarget = Pick<
  GitLabTarget,
  'projectId' | 'projectIdVariable' | 'mergeRequestIid' | 'mergeRequestUrl'
>

/** A note as far as finding ours needs it. */
export interface GitLabNote {
  id: number
  body: string
  authorId: number
  /** GitLab's own notes ("added 1 commit", "changed the description"): never ours. */
  system: boolean
}

export interface NoteResult {
  action: 'created' | 'updated' | 'unchanged'
  id: number
  /** The note's place on the merge request's page, when that page is known. */
  url?: string
}

/** The id of the token's user (GET /user): the author whose notes may be ours. */
export async function currentUserId(client: GitLabClient): Promise<number> {
  const user = await client.get('user')
  const id = isObject(user) ? optNumber(user, 'id') : undefined
  if (id === undefined) throw new DataFormatError("GitLab's answer to GET /user has no user id.")
  return id
}

/** A note from GitLab's JSON; undefined when it lacks what finding ours needs. */
export function readNote(json: unknown): GitLabNote | undefined {
  if (!isObject(json)) return undefined
  const id = optNumber(json, 'id')
  const author = optObject(json, 'author')
  const authorId = author && optNumber(author, 'id')
  if (id === undefined || authorId === undefined) return undefined
  return { id, authorId, body: optString(json, 'body') ?? '', system: json['system'] === true }
}

function notesPath(target: NoteTarget): string {
  const project = encodeURIComponent(target.projectId)
  return `projects/${project}/merge_requests/${target.mergeRequestIid}/notes`
}

export function noteUrl(target: NoteTarget, id: number): string | undefined {
  return target.mergeRequestUrl && `${target.mergeRequestUrl}#note_${id}`
}

/**
 * Finds the note that carries `marker` among all notes of the merge request (every page, oldest
 * first) written by `authorId`, and updates it, or creates one (unless `create` is false: then
 * undefined). A marker copied into someone else's note is not ours to edit; an unchanged body is
 * not written again.
 */
export async function upsertNote(
  client: GitLabClient,
  target: NoteTarget,
  note: { marker: string; body: string; authorId: number; create: boolean }
): Promise<NoteResult | undefined> {
  const listed = await client.list(notesPath(target), { sort: 'asc', order_by: 'created_at' })
  const candidates = listed.flatMap(json => {
    const n = readNote(json)
    return n === undefined ? [] : [{ ...n, ours: !n.system && n.authorId === note.authorId }]
  })
  const decision = decideStickyWrite(candidates, note)
  switch (decision.action) {
    case 'none':
      return undefined
    case 'create':
      return createNote(client, target, note.body)
    case 'unchanged': {
      const { id } = decision.existing
      return { action: 'unchanged', id, url: noteUrl(target, id) }
    }
    case 'update': {
      const path = `${notesPath(target)}/${decision.existing.id}`
      return written('updated', await client.put(path, { body: note.body }), target)
    }
  }
}

/** A new note on the merge request. */
export async function createNote(
  client: GitLabClient,
  target: NoteTarget,
  body: string
): Promise<NoteResult> {
  return written('created', await client.post(notesPath(target), { body }), target)
}

function written(action: 'created' | 'updated', json: unknown, target: NoteTarget): NoteResult {
  const id = isObject(json) ? optNumber(json, 'id') : undefined
  if (id === undefined)
    throw new DataFormatError(`GitLab's answer for the ${action} note has no id.`)
  return { action, id, url: noteUrl(target, id) }
}

/** One line that says what went wrong with the note and what to change. */
export function explainGitLabError(error: unknown, target: NoteTarget): string {
  if (!(error instanceof GitLabApiError) || error.details.status === undefined) {
    return `Could not post the merge request note: ${errorMessage(error)}`
  }
  const { status, reason, scope } = error.details
  const said = `HTTP ${status}: ${reason}`
  const mr = `merge request !${target.mergeRequestIid} of project ${target.projectId}`
  if (status === 401) {
    return `GitLab refused GITLAB_TOKEN (${said}): it is wrong, expired or revoked. Use ${TOKEN_NEEDS}.`
  }
  if (status === 403 && reason?.startsWith('insufficient_scope') === true) {
    return `GitLab refused the note (${said}): GITLAB_TOKEN lacks the ${scope ?? 'api'} scope (read_api only reads). Use ${TOKEN_NEEDS}.`
  }
  if (status === 403) {
    return `GitLab refused the note (${said}): the token's user may not comment on ${mr}. Give it at least the Reporter role in the project (and check the discussion is not locked).`
  }
  if (status === 404) {
    return `GitLab found no ${mr} (${said}): check ${target.projectIdVariable} and CI_MERGE_REQUEST_IID, and that the token's user is a member of the project (GitLab hides private projects from others).`
  }
  if (status === 429) {
    return `GitLab's rate limit stopped the note (${said}); it is posted on the next run.`
  }
  return `Posting the merge request note failed (${said}).`
}
