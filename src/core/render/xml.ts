/**
 * Escaping of untrusted text for SVG and HTML, in text and in attribute values: on one line, cut
 * to `maxLength`, bidi and zero-width characters shown as escapes (after the cut, so that no
 * escape is cut in half). Pure.
 */
import { showInvisibles } from './escape.js'

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/** Text on one line without control characters, cut to `maxLength`, invisibles shown. */
export function plainLine(text: string, maxLength = 256): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed here
  let value = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '')
  if (value.length > maxLength) value = `${value.slice(0, maxLength - 1)}…`
  return showInvisibles(value)
}

export function escapeXml(text: string, maxLength = 256): string {
  return plainLine(text, maxLength).replace(/[&<>"']/g, ch => ENTITIES[ch] ?? ch)
}
