/**
 * A loopback HTTP proxy placed in front of a real `mlflow server` that injects faults: dropped
 * connections, error statuses (with or without Retry-After) and slow answers. Each fault applies
 * to the next matching requests; everything else is forwarded untouched.
 */
import http from 'node:http'
import type { Socket } from 'node:net'

export type Fault =
  | { kind: 'drop' }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'delay'; ms: number }

export interface FaultProxy {
  url: string
  /** Requests seen, with what was done to each. */
  log: Array<{ method: string; path: string; authorization?: string; fault?: Fault['kind'] }>
  inject(fault: Fault, times?: number, path?: RegExp): void
  /** Drops every fault still queued. */
  clear(): void
  stop(): Promise<void>
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target)
  const queue: Array<{ fault: Fault; left: number; path?: RegExp }> = []
  const log: FaultProxy['log'] = []
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/'
    const entry = queue.find(q => q.left > 0 && (!q.path || q.path.test(path)))
    const forward = (): void => {
      const proxied = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path,
          headers: req.headers
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        }
      )
      proxied.on('error', () => res.destroy())
      req.pipe(proxied)
    }
    log.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      fault: entry?.fault.kind
    })
    if (entry === undefined) return forward()
    entry.left--
    const { fault } = entry
    if (fault.kind === 'drop') {
      req.socket.destroy()
    } else if (fault.kind === 'status') {
      req.resume()
      res.writeHead(fault.status, {
        'content-type': 'text/plain',
        ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {})
      })
      res.end(`injected ${fault.status}`)
    } else {
      setTimeout(forward, fault.ms)
    }
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    log,
    inject: (fault, times = 1, path) => queue.push({ fault, left: times, path }),
    clear: () => queue.splice(0, queue.length),
    stop: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
