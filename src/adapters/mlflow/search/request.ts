/** What both local stores do with a search request before searching: parse it, read the page. */
import { StoreError } from '../../../errors.js'
import { isObject } from '../../../util/guards.js'
import type { SearchRunsRequest } from '../../../core/runs.js'
import {
  parseFilter,
  parseOrderBy,
  SearchSyntaxError,
  type Comparison,
  type OrderClause
} from './filter.js'

export interface ParsedSearch {
  comparisons: Comparison[]
  order: OrderClause[]
  offset: number
  max: number
}

/** Parses the filter, order and page of a request; an invalid one is a StoreError. */
export function parseSearchRequest(request: SearchRunsRequest): ParsedSearch {
  try {
    return {
      comparisons: parseFilter(request.filter ?? ''),
      order: (request.orderBy ?? []).map(parseOrderBy),
      offset: decodePageToken(request.pageToken),
      max: request.maxResults ?? 1000
    }
  } catch (error) {
    if (error instanceof SearchSyntaxError) {
      throw new StoreError(`Invalid MLflow search: ${error.message}`, { cause: error })
    }
    throw error
  }
}

/** Page tokens in MLflow's own format: base64 of {"offset": n}. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64')
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))
    const offset = isObject(parsed) ? Number(parsed['offset']) : Number.NaN
    if (Number.isInteger(offset) && offset >= 0) return offset
  } catch {
    // fall through
  }
  throw new StoreError(`Invalid page token '${token}'.`)
}
