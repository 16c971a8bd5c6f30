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

/**
 * Every URL in `text` (a message from MLflow, an error of the network) without its credentials,
 * and without its query, where a presigned URL keeps its signature.
 */
export function redactText(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi, url => {
    const bare = redactUri(url)
    const query = bare.indexOf('?')
    return query < 0 ? bare : `${bare.slice(0, query)}?…`
  })
}
