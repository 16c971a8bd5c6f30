/**
 * decideStickyWrite: the one choice behind GitHub's sticky comment and GitLab's sticky note,
 * which comment of ours to update, or whether to create one.
 */
import {
  decideStickyWrite,
  type StickyCandidate,
  type StickyDecision
} from '../../src/core/report/sticky.js'

const MARKER = '<!-- mlflow-care-label key="ci/job" -->'

type Comment = StickyCandidate & { id: number }

const comment = (id: number, body: string, ours = true): Comment => ({ id, body, ours })

describe('decideStickyWrite', () => {
  it.each<[string, Comment[], boolean, StickyDecision<Comment>]>([
    ['no comments: create', [], true, { action: 'create' }],
    ['no comments, no new one wanted: none', [], false, { action: 'none' }],
    [
      'ours with another body: update it',
      [comment(1, 'review'), comment(2, `${MARKER}\nv1`)],
      true,
      { action: 'update', existing: comment(2, `${MARKER}\nv1`) }
    ],
    [
      'ours is updated even when no new one is wanted',
      [comment(2, `${MARKER}\nv1`)],
      false,
      { action: 'update', existing: comment(2, `${MARKER}\nv1`) }
    ],
    [
      'ours with this very body: unchanged',
      [comment(3, `${MARKER}\nv2`)],
      true,
      { action: 'unchanged', existing: comment(3, `${MARKER}\nv2`) }
    ],
    [
      "the marker in someone else's comment: not ours, create",
      [comment(4, `quoting ${MARKER}`, false)],
      true,
      { action: 'create' }
    ],
    [
      "the marker in someone else's comment, no new one wanted: none",
      [comment(4, `quoting ${MARKER}`, false)],
      false,
      { action: 'none' }
    ],
    [
      'our comment without the marker: not the sticky one',
      [comment(5, 'an earlier remark of ours')],
      true,
      { action: 'create' }
    ],
    [
      'two of ours: the first in the order given',
      [comment(6, `quoting ${MARKER}`, false), comment(7, `${MARKER}\na`), comment(8, MARKER)],
      true,
      { action: 'update', existing: comment(7, `${MARKER}\na`) }
    ]
  ])('%s', (_what, comments, create, expected) => {
    expect(decideStickyWrite(comments, { marker: MARKER, body: `${MARKER}\nv2`, create })).toEqual(
      expected
    )
  })
})
