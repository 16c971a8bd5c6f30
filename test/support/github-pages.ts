/** GitHub's pagination, for the loopback GitHub API's routes. */

/**
 * One page of `items` as GitHub serves it for `url`: `per_page` 30 unless asked, at most 100;
 * `page` from 1; the Link header keeps the request's other parameters and puts `page` last.
 */
export function pageOf<T>(items: T[], url: URL): { items: T[]; headers: Record<string, string> } {
  const asked = Number.parseInt(url.searchParams.get('per_page') ?? '', 10)
  const perPage = Number.isNaN(asked) || asked < 1 ? 30 : Math.min(asked, 100)
  const wanted = Number.parseInt(url.searchParams.get('page') ?? '', 10)
  const page = Number.isNaN(wanted) || wanted < 1 ? 1 : wanted
  const last = Math.ceil(items.length / perPage)
  const link = (p: number, rel: string): string => {
    const params = new URLSearchParams(url.searchParams)
    params.delete('page')
    params.append('page', String(p))
    return `<${url.origin}${url.pathname}?${params}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(Math.min(page - 1, Math.max(last, 1)), 'prev'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) links.push(link(1, 'first'))
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {}
  }
}
