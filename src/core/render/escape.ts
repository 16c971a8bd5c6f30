/**
 * Escaping of untrusted text (metric names, params, tags, run names: written by code under
 * review) for GitHub-flavoured Markdown. Pure.
 *
 * The comment is read raw too (in e-mail, in the API, when it is quoted), so only what would
 * change its meaning is escaped, and `val_accuracy` or `3.12.3` stay as they are:
 * - `<`, `>` and `&` become entities, so no HTML starts (and no entity the text spells is decoded);
 * - the characters that open Markdown structure get a backslash: `\` `` ` `` `*` `~` `[` `]` `|`,
 *   and `_` where it could close emphasis (not before a letter or digit: `_private` stays, since
 *   an `_` with no closer opens nothing);
 * - `$` becomes `&#36;`: GitHub renders `$…$` as math, and a backslash does not stop that;
 * - a zero-width space (`&#8203;`) after each `@`, after a `#` before a digit, inside `://` and
 *   after `www`, because GitHub finds mentions, issue references and links in the decoded text,
 *   where no escape survives;
 * - bidi controls and zero-width characters are shown as escapes (`\u202e`), so the text can
 *   neither show itself in another order than it is written nor hide characters.
 */

/**
 * The bidi embedding, override and isolate controls, and the directional marks, as the body of a
 * character class: every renderer (and the terminal's summary) treats the same ones.
 */
export const BIDI_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069'

/** Characters that take no space: they could hide a difference between two names. */
export const ZERO_WIDTH = '\\u200b-\\u200d\\u2060\\ufeff'

const INVISIBLE = new RegExp(`[${BIDI_CONTROLS}${ZERO_WIDTH}]`, 'g')

/** Each bidi control or zero-width character as a visible escape: U+202E → `\u202e`. */
export function showInvisibles(text: string): string {
  return text.replace(INVISIBLE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

const ZWSP = '&#8203;'
const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', $: '&#36;' }

/**
 * One pass over the text, so that nothing an escape writes is escaped again. The alternatives,
 * in order: entities, backslashed structure, an `_` that could close emphasis, mentions, issue references,
 * scheme separators, `www`.
 */
const SPECIAL =
  /([<>&$])|([\\`*~[\]|])|_(?![\p{L}\p{N}])|(@)|(#)(?=\d)|:(?=\/\/)|(?<![\p{L}\p{N}])(www)(?=\.)/giu

function escapeOne(match: string, entity?: string, structure?: string): string {
  if (entity !== undefined) return ENTITY[entity] ?? match
  if (structure !== undefined || match === '_') return `\\${match}`
  return `${match}${ZWSP}`
}

/** Text on one line with no control characters (the report's lines are the renderer's own). */
function oneLine(text: string): string {
  return (
    text
      .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
      // eslint-disable-next-line no-control-regex -- control characters are what is removed here
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
  )
}

/** `text` for inline Markdown (a table cell, a sentence), at most `maxLength` of its characters. */
export function escapeMarkdown(text: string, maxLength = 256): string {
  let value = oneLine(text)
  if (value.length > maxLength) value = `${value.slice(0, maxLength - 1)}…`
  return showInvisibles(value.replace(SPECIAL, escapeOne))
}

/**
 * `text` for the start of a line (after `> `), where `#`, `-`, `+`, `=` or `1.` would start a
 * heading or a list: that first marker gets a backslash too.
 */
export function escapeMarkdownLine(text: string, maxLength = 256): string {
  const escaped = escapeMarkdown(text, maxLength).trimStart()
  return escaped.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')
}

/** Text for inside an HTML comment (the report marker): on one line, no '--', no '<' or '>'. */
export function escapeComment(text: string): string {
  return (
    text
      .replace(INVISIBLE, '')
      // eslint-disable-next-line no-control-regex -- control characters are what is removed here
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/-{2,}/g, '-')
      .replace(/[<>]/g, '')
  )
}
