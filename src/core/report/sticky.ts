/**
 * The sticky comment's one decision, the same on GitHub and GitLab: given the comments (or notes)
 * already on the pull request, which one is ours to update, or whether to create one. Pure: each
 * adapter lists and writes over its own API.
 */

/** A comment already there, as far as choosing ours needs it. */
export interface StickyCandidate {
  body: string
  /**
   * Written by the token's own user (and not by the platform itself): a marker copied into
   * someone else's comment does not make it ours to edit.
   */
  ours: boolean
}

export type StickyDecision<T> =
  /** Ours is there with another body: write the new one into it. */
  | { action: 'update'; existing: T }
  /** Ours is there with this very body: writing it again would only add noise to the history. */
  | { action: 'unchanged'; existing: T }
  | { action: 'create' }
  /** None of ours, and a new one is not wanted (comment: on-change without a change). */
  | { action: 'none' }

/**
 * Picks the first comment of ours that carries `marker`, in the order given (oldest first, so
 * that the first of two stays the one kept up to date), and compares its body with `body`.
 */
export function decideStickyWrite<T extends StickyCandidate>(
  comments: readonly T[],
  wanted: { marker: string; body: string; create: boolean }
): StickyDecision<T> {
  const existing = comments.find(c => c.ours && c.body.includes(wanted.marker))
  if (existing === undefined) return { action: wanted.create ? 'create' : 'none' }
  return { action: existing.body === wanted.body ? 'unchanged' : 'update', existing }
}
