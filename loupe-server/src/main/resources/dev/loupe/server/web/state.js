// The page's state lives in the URL's fragment, so a search can be shared, bookmarked and reloaded:
//   #index=caltech&q=item:lotus/image_0001.jpg&k=24&filter=label=lotus&like=ID&unlike=ID
//   #q=text:red sneakers      #q=upload (an uploaded image cannot live in a URL)      #view=duplicates&threshold=0.9 (no threshold: the model's measured default)
// The fragment never reaches the server, and changing it does not reload the page (a hashchange event does the work).

export const DEFAULT_K = 24;

/** Reads the state from a fragment ("#..." or ""). Unknown keys are ignored, a bad k falls back to the default. */
export function parse(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const state = {
    view: p.get('view') === 'duplicates' ? 'duplicates' : 'search',
    index: p.get('index') || '',
    query: null,
    k: DEFAULT_K,
    filters: [],
    like: p.getAll('like'),
    unlike: p.getAll('unlike'),
    threshold: p.get('threshold') || '',
  };
  const k = p.get('k');
  // Kept as written when it is a whole number, even over the server's bound: the server's refusal is then shown.
  if (k && /^[0-9]+$/.test(k)) state.k = Number(k);
  const q = p.get('q') || '';
  if (q.startsWith('item:')) state.query = { kind: 'item', id: q.slice(5) };
  else if (q.startsWith('text:')) state.query = { kind: 'text', text: q.slice(5) };
  else if (q === 'upload') state.query = { kind: 'upload' };
  for (const f of p.getAll('filter')) {
    const eq = f.indexOf('=');
    if (eq > 0) state.filters.push([f.slice(0, eq), f.slice(eq + 1)]);
  }
  return state;
}

/** The fragment for a state (with the leading '#'); defaults are left out to keep shared URLs short. */
export function format(state) {
  const p = new URLSearchParams();
  if (state.view === 'duplicates') {
    p.set('view', 'duplicates');
    if (state.index) p.set('index', state.index);
    if (state.threshold) p.set('threshold', state.threshold);
    return '#' + p.toString();
  }
  if (state.index) p.set('index', state.index);
  const q = state.query;
  if (q && q.kind === 'item') p.set('q', 'item:' + q.id);
  if (q && q.kind === 'text') p.set('q', 'text:' + q.text);
  if (q && q.kind === 'upload') p.set('q', 'upload');
  if (state.k !== DEFAULT_K) p.set('k', String(state.k));
  for (const [f, v] of state.filters) p.append('filter', `${f}=${v}`);
  for (const id of state.like) p.append('like', id);
  for (const id of state.unlike) p.append('unlike', id);
  return '#' + p.toString();
}

/** Whether the state asks for a search (a query, or feedback ids alone). */
export const hasSearch = (state) => state.query !== null || state.like.length > 0;
