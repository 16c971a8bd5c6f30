/** Removes credentials from URIs before they reach a log, a comment or a file. */
export function redactUri(uri: string): string {
  // Without `://`, URL would read `user:pass@host` (a DATABRICKS_HOST may name no scheme, as the
  // Databricks SDK allows) as a scheme and a path, and keep the password.
  if (!uri.includes('://')) return redactUserinfo(uri).replace(/^[^/@\s]*@/, '***@')
  try {
    const url = new URL(uri)
    if (url.username === '' && url.password === '') return uri
    url.username = url.username === '' ? '' : '***'
    url.password = url.password === '' ? '' : '***'
    return url.toString()
  } catch {
    return redactUserinfo(uri)
  }
}

function redactUserinfo(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@')
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

/**
 * The variables that hold tracking credentials: MLflow's for a tracking server, and those the
 * Databricks SDK reads for a workspace (MLflow's client passes them on to `mlflow run`'s code).
 */
const SECRET_VARIABLES = [
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_TOKEN',
  'DATABRICKS_TOKEN',
  'DATABRICKS_PASSWORD',
  'DATABRICKS_CLIENT_SECRET'
]

/**
 * Each value a log must hide, whatever the tracking URI: the credentials in `env`, and the
 * password of the tracking URI and of DATABRICKS_HOST (as written and percent-decoded).
 */
export function trackingSecrets(env: NodeJS.ProcessEnv, trackingUri: string): string[] {
  const secrets = new Set<string>()
  for (const name of SECRET_VARIABLES) {
    const value = env[name] ?? ''
    // A secret pasted with a line break: as given (what is sent) and without it (what is shown).
    for (const form of [value, value.trim()]) if (form.trim() !== '') secrets.add(form)
  }
  const host = env['DATABRICKS_HOST']?.trim() ?? ''
  for (const uri of [trackingUri, host.includes('://') || host === '' ? host : `https://${host}`]) {
    let password: string
    try {
      password = new URL(uri).password
    } catch {
      continue // not a URL: no password in it
    }
    if (password === '') continue
    secrets.add(password)
    try {
      secrets.add(decodeURIComponent(password))
    } catch {
      // not percent-encoded as a URI writes it: the raw form is masked
    }
  }
  return [...secrets]
}
