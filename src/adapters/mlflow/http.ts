/** One HTTP request with node:http(s): a per-request timeout and optional insecure TLS. */
import http from 'node:http'
import https from 'node:https'

export interface HttpResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT'
  url: URL
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  insecureTls: boolean
}

export function sendHttp(request: HttpRequest): Promise<HttpResponse> {
  const transport = request.url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = transport.request(
      request.url,
      {
        method: request.method,
        headers: request.headers,
        timeout: request.timeoutMs,
        ...(request.url.protocol === 'https:' ? { rejectUnauthorized: !request.insecureTls } : {})
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
      }
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)))
    req.on('error', reject)
    if (request.body !== undefined) req.write(request.body)
    req.end()
  })
}
