/** Opens the tracking store a location names: the one place that switches on the URI's scheme. */
import type { TrackingStore } from '../../ports.js'
import type { TrackingLocation } from '../../settings/tracking-uri.js'
import { FileTrackingStore } from './filestore/file-store.js'
import { RestTrackingStore, restOptionsFromEnv } from './rest-store.js'
import { SqliteTrackingStore } from './sqlite/sqlite-store.js'

export interface OpenStoreOptions {
  /**
   * MLflow's environment variables: credentials, timeouts, retries of a tracking server; a
   * Databricks workspace's token.
   */
  env: NodeJS.ProcessEnv
  /** Told of each retry of a tracking server's request. */
  notify?: (message: string) => void
}

export function openStore(location: TrackingLocation, options: OpenStoreOptions): TrackingStore {
  switch (location.kind) {
    case 'sqlite':
      return new SqliteTrackingStore(location.path)
    case 'file':
      return new FileTrackingStore(location.root)
    case 'server':
      // A Databricks workspace too: the same API at its host, with its own token.
      return new RestTrackingStore({
        ...restOptionsFromEnv(location, options.env),
        ...(options.notify ? { notify: options.notify } : {})
      })
  }
}
