/**
 * The HTTP requests that bench/team-ours.ts makes, made bare for bench/team.mjs (bundled with
 * ncc): node:http, the client the action's store sends with, the same Basic auth and
 * `JSON.parse`, nothing else (no checking of the JSON, no retries). The floor that the action's
 * overhead is measured against.
 *
 *   node team-bare.js lookup | window <candidate-run-id>
 */
import http from 'node:http'

const [task = 'lookup', candidateId = ''] = process.argv.slice(2)
const started = performance.now()
const cpu = process.cpuUsage()
const env = process.env
const base = `${env['MLFLOW_TRACKING_URI'] ?? ''}/api/2.0/mlflow/`
const authorization = `Basic ${Buffer.from(`${env['MLFLOW_TRACKING_USERNAME']}:${env['MLFLOW_TRACKING_PASSWORD']}`).toString('base64')}`

function call(method: 'GET' | 'POST', url: string, body?: string): Promise<unknown> {
  const headers: Record<string, string> = { authorization }
  if (body !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = String(Buffer.byteLength(body))
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        if (res.statusCode === 200) resolve(JSON.parse(text))
        else reject(new Error(`${method} ${url}: HTTP ${res.statusCode}: ${text}`))
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

const experiment = (await call('GET', `${base}experiments/get-by-name?experiment_name=bench`)) as {
  experiment: { experiment_id: string }
}
const window = task === 'lookup' ? 1 : 100
// The body the action's store sends for this search (bench/team-ours.ts), byte for byte.
const found = (await call(
  'POST',
  `${base}runs/search`,
  JSON.stringify({
    experiment_ids: [experiment.experiment.experiment_id],
    filter:
      "attributes.status = 'FINISHED' AND tags.`care-label.git.ref` = 'refs/heads/main' AND tags.`mlflow.project.entryPoint` = 'main'",
    run_view_type: 'ACTIVE_ONLY',
    max_results: window + 1,
    order_by: ['attributes.start_time DESC']
  })
)) as { runs?: Array<{ info: { run_id: string } }> }
const done = performance.now()
const cpuUsed = process.cpuUsage(cpu)
const result = (found.runs ?? [])
  .map(r => r.info.run_id)
  .filter(id => id !== candidateId)
  .slice(0, window)
  .join(',')
process.stdout.write(
  `${JSON.stringify({ result, work_ms: done - started, cpu_ms: (cpuUsed.user + cpuUsed.system) / 1000, rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`
)
