/** The tests' HTTP servers on loopback: listening on a free port of 127.0.0.1, and stopping. */
import type http from 'node:http'
import type { Socket } from 'node:net'

export interface Served {
  /** e.g. `http://127.0.0.1:PORT`. */
  url: string
  /** Closes the server and every connection still open (keep-alive ones too). */
  stop(): Promise<void>
}

/** Starts `server` on a free port of 127.0.0.1. */
export async function serveOnLoopback(server: http.Server): Promise<Served> {
  const sockets = new Set<Socket>()
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      })
  }
}
