/** Removes credentials from URIs before they reach a log, a comment or a file. */
export function redactUri(uri: string): string {
  try {
    const url = new URL(uri)
    if (url.username === '' && url.password === '') return uri
    url.username = url.username === '' ? '' : '***'
    url.password = url.password === '' ? '' : '***'
    return url.toString()
  } catch {
    return uri.replace(/\/\/[^/@\s]*@/, '//***@')
  }
}
