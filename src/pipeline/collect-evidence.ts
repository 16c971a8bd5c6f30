/**
 * Step 7: what the report shows beside the verdict, read while the stores are open: the metric
 * histories for the charts, and each run's page (its store's UI, or the artifact that holds it).
 */
import type { CareLabelConfig } from '../core/config/types.js'
import type { Run } from '../core/runs.js'
import type { MetricHistory } from '../core/report/types.js'
import type { Log } from '../ports.js'
import type { Notes } from './notes.js'
import type { Candidate } from './obtain-candidate.js'
import type { Stores } from './open-stores.js'
import { readHistories } from './read-histories.js'
import type { Baseline } from './select-baseline.js'

export interface Evidence {
  histories: MetricHistory[]
  /** Each run's page by run id; undefined where its store has no UI. */
  links: Record<string, string | undefined>
  /** Where the runs are, in words with no secrets (and no path of this machine). */
  store: string
}

/** The candidate's runs and the run that groups them. */
export function withParent(candidate: Candidate): Run[] {
  const { parent, runs } = candidate.set
  return parent ? [parent, ...runs] : runs
}

export async function collectEvidence(
  config: CareLabelConfig,
  candidate: Candidate,
  baseline: Baseline,
  stores: Stores,
  deps: { log: Log; notes: Notes }
): Promise<Evidence> {
  const [run] = candidate.set.runs
  const histories = run
    ? await deps.log.group('Reading metric histories', () =>
        readHistories(
          {
            configured: config.metrics.map(m => m.metric),
            candidate: run,
            baseline: baseline.set.runs
          },
          { store: stores.primary(), baselineStore: baseline.from.store, ...deps }
        )
      )
    : []
  const links: Record<string, string | undefined> = {}
  const page = (run: Run, url: string | undefined): void => {
    links[run.info.runId] = url
  }
  for (const r of withParent(candidate)) {
    page(r, stores.primary().runUrl(r.info.experimentId, r.info.runId))
  }
  for (const r of baseline.set.runs) {
    page(r, baseline.from.store.runUrl(r.info.experimentId, r.info.runId) ?? baseline.from.url)
  }
  const store =
    stores.location.kind === 'sqlite' ? 'local MLflow store' : stores.primary().description
  return { histories, links, store }
}
