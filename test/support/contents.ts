/**
 * GitHub's contents API for the loopback GitHub (`extraRoutes`):
 * `GET /repos/{owner}/{repo}/contents/{path}?ref=…`, answered as GitHub answers for a file (its
 * bytes in base64, in lines of 60 characters), and with 404 `Not Found` where the test's
 * repository has no such file at that ref.
 */
import { createHash } from 'node:crypto'
import type http from 'node:http'
import { send } from './compare-commits.js'

/** The text of `file` at commit or branch `ref`, or undefined when it is not there. */
export type FileAt = (file: string, ref: string) => string | undefined

export function contentsRoute(
  owner: string,
  repo: string,
  fileAt: FileAt
): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean {
  const prefix = `/repos/${owner}/${repo}/contents/`
  return (req, res, url) => {
    if (req.method !== 'GET' || !url.pathname.startsWith(prefix)) return false
    const file = decodeURIComponent(url.pathname.slice(prefix.length))
    // Without a ref, GitHub reads the default branch.
    const ref = url.searchParams.get('ref') ?? 'main'
    const text = fileAt(file, ref)
    if (text === undefined) {
      send(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
        status: '404'
      })
      return true
    }
    const bytes = Buffer.from(text, 'utf8')
    const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
    const self = `${url.origin}${prefix}${file}?ref=${ref}`
    send(res, 200, {
      type: 'file',
      encoding: 'base64',
      size: bytes.length,
      name: file.split('/').at(-1),
      path: file,
      content: (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n',
      sha,
      url: self,
      html_url: `https://github.com/${owner}/${repo}/blob/${ref}/${file}`,
      git_url: `${url.origin}/repos/${owner}/${repo}/git/blobs/${sha}`,
      download_url: `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${file}`,
      _links: { self, git: `${url.origin}/repos/${owner}/${repo}/git/blobs/${sha}` }
    })
    return true
  }
}
