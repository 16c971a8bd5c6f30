/**
 * Escaping of untrusted text (metric names, params, tags, run names: written by code under
 * review) for GitHub-flavoured Markdown. Pure.
 *
 * Every character with a meaning in Markdown or HTML becomes a numeric character reference, so
 * the text cannot break a table, close a <details>, open a link or an image, or start HTML. A
 * zero-width space after each '@' and inside '://' and 'www.' keeps GitHub from turning the text
 * into @-mentions or links (its autolinker and mention filter see the decoded text).
 */
const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>&"'~:=$^%/]/g
const ZWSP = '&#8203;'

export function escapeMarkdown(text: string, maxLength = 256): string {
  let value = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ')
  // eslint-disable-next-line no-control-regex -- control characters are what is removed here
  value = value.replace(/[\u0000-\u001f\u007f]/g, '')
  if (value.length > maxLength) value = `${value.slice(0, maxLength - 1)}…`
  return value
    .replace(SPECIAL, ch => `&#${ch.charCodeAt(0)};`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/&#58;&#47;&#47;/g, `&#58;${ZWSP}&#47;&#47;`)
    .replace(/(w)(w)(w)&#46;/gi, `$1$2$3${ZWSP}&#46;`)
}

/** Text for inside an HTML comment (the report marker): no '--' and no '>'. */
export function escapeComment(text: string): string {
  return text.replace(/-{2,}/g, '-').replace(/[<>]/g, '')
}
