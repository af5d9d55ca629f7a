// Calls to the Loupe REST API (docs/server.md; /openapi.json is the contract). Same origin only: the server's CSP
// allows nothing else, and the page must work offline.

/** An API refusal or an unreachable server, with a message fit to show as is. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function call(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    // fetch rejects only when no HTTP answer came: the server is down or the network is gone.
    throw new ApiError('Cannot reach the Loupe server (' + e.message + '). Is it still running?', 0);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null; // a proxy's HTML error page, say: reported below by status
  }
  if (!response.ok) {
    const reason = body && body.error ? body.error : text.slice(0, 200) || response.statusText;
    throw new ApiError(`${response.status}: ${reason}`, response.status);
  }
  return body;
}

function withIndex(path, index) {
  if (!index) return path;
  return path + (path.includes('?') ? '&' : '?') + 'index=' + encodeURIComponent(index);
}

export const info = () => call('/info');

export const fields = (index) => call(withIndex('/fields', index));

// No threshold: the server takes the measured default of the index's model (docs/quality.md, Duplicates).
export const duplicates = (index, threshold) =>
  call(withIndex(threshold ? '/duplicates?threshold=' + encodeURIComponent(threshold) : '/duplicates', index));

/** The thumbnail URL of an item; ids may hold '/', sent as %2F inside one path segment. */
export const thumbnail = (index, id, size) =>
  withIndex(`/items/${encodeURIComponent(id)}/image?size=${size}`, index);

/**
 * One search. {@code query} is {kind: 'upload', file} (multipart: a file cannot go in JSON), or
 * {kind: 'item', id} / {kind: 'text', text} / {kind: 'feedback'} (JSON). Options: k, filters [[field, value]],
 * like and unlike ids.
 */
export function search(index, query, { k, filters, like, unlike }) {
  const path = withIndex('/search', index);
  if (query.kind === 'upload') {
    const form = new FormData();
    form.append('image', query.file, query.file.name || 'upload');
    form.append('k', String(k));
    for (const [f, v] of filters) form.append('filter', `${f}=${v}`);
    for (const id of like) form.append('like', id);
    for (const id of unlike) form.append('unlike', id);
    return call(path, { method: 'POST', body: form });
  }
  const body = { k };
  if (query.kind === 'item') body.id = query.id;
  if (query.kind === 'text') body.text = query.text;
  if (filters.length) body.filters = Object.fromEntries(filters);
  if (like.length) body.like = like;
  if (unlike.length) body.unlike = unlike;
  return call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/**
 * The heat map of a hit (docs/explain.md) as a data: URL for an img (the CSP allows no blob: images). The query
 * is {kind: 'item', id} (GET /explain) or {kind: 'upload', file} (POST /explain with the image again).
 */
export async function explain(index, query, hitId, size) {
  let response;
  try {
    if (query.kind === 'upload') {
      const form = new FormData();
      form.append('image', query.file, query.file.name || 'upload');
      form.append('hit', hitId);
      form.append('size', String(size));
      response = await fetch(withIndex('/explain', index), { method: 'POST', body: form });
    } else {
      response = await fetch(withIndex(`/explain?query=${encodeURIComponent(query.id)}&hit=${encodeURIComponent(hitId)}`
        + `&size=${size}`, index));
    }
  } catch (e) {
    throw new ApiError('Cannot reach the Loupe server (' + e.message + '). Is it still running?', 0);
  }
  if (!response.ok) {
    const text = await response.text();
    let reason = text.slice(0, 200) || response.statusText;
    try {
      reason = JSON.parse(text).error || reason;
    } catch (e) {
      // not JSON: the text itself
    }
    throw new ApiError(`${response.status}: ${reason}`, response.status);
  }
  const blob = await response.blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new ApiError('The heat map could not be read', 0));
    reader.readAsDataURL(blob);
  });
}
