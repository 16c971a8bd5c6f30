/**
 * Escaping of untrusted text (metric names, params, tags, run names: written by code under
 * review) for GitHub-flavoured Markdown. Pure.
 *
 * Every character with a meaning in Markdown or HTML becomes a numeric character reference, so
 * the text cannot break a table, close a <details>, open a link or an image, or start HTML. A
 * zero-width space after each '@' and inside '://' and 'www.' keeps GitHub from turning the text
 * into @-mentions or links (its autolinker and mention filter see the decoded text). Bidi
 * controls are removed, so the text cannot show itself in another order than it is written.
 */
const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>&"'~:=$^%/]/g
const ZWSP = '&#8203;'

/**
 * The bidi embedding, override and isolate controls, and the directional marks, as the body of a
 * character class: every renderer (and the terminal's summary) treats the same ones.
 */
export const BIDI_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069'
const BIDI = new RegExp(`[${BIDI_CONTROLS}]`, 'g')

/** The text without bidi controls (U+202E and the like), for every renderer. */
export function removeBidiControls(text: string): string {
  return text.replace(BIDI, '')
}

/** Of SPECIAL, the characters that mean nothing in the middle of a line, for `keep`. */
export type InlineSafe = '.' | '%' | '+' | '-'

/**
 * `keep` leaves some of the harmless characters as they are (a rule such as "≥ baseline + 0.001"
 * then reads as written in the source of the comment too); 'www.' is still broken up.
 */
export function escapeMarkdown(
  text: string,
  maxLength = 256,
  keep: readonly InlineSafe[] = []
): string {
  let value = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ')
  // eslint-disable-next-line no-control-regex -- control characters are what is removed here
  value = removeBidiControls(value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''))
  if (value.length > maxLength) value = `${value.slice(0, maxLength - 1)}…`
  const kept = new Set<string>(keep)
  return value
    .replace(SPECIAL, ch => (kept.has(ch) ? ch : `&#${ch.charCodeAt(0)};`))
    .replace(/@/g, `@${ZWSP}`)
    .replace(/&#58;&#47;&#47;/g, `&#58;${ZWSP}&#47;&#47;`)
    .replace(/(w)(w)(w)(&#46;|\.)/gi, `$1$2$3${ZWSP}$4`)
}

/** Text for inside an HTML comment (the report marker): on one line, no '--', no '<' or '>'. */
export function escapeComment(text: string): string {
  return (
    removeBidiControls(text)
      // eslint-disable-next-line no-control-regex -- control characters are what is removed here
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/-{2,}/g, '-')
      .replace(/[<>]/g, '')
  )
}
