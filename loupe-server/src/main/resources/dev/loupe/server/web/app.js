// The page's wiring: the URL fragment is the single source of truth (state.js). User actions write a new fragment;
// the hashchange handler reads it and runs the search, so a reload or a shared link repeats exactly what ran.
import * as api from './api.js';
import * as render from './render.js';
import { parse, format, hasSearch } from './state.js';

const $ = (id) => document.getElementById(id);

let indexes = [];          // GET /info's list
let fieldsOf = '';         // the index whose filter menus are shown
// The last uploaded image, in memory only: a URL cannot hold it, but changing k, a filter or feedback re-runs it.
let upload = null;
let sequence = 0;          // answers to superseded searches are dropped (a slow one must not overwrite a newer one)

const current = () => parse(location.hash);

function go(state) {
  const hash = format(state);
  if (hash === location.hash || (hash === '#' && location.hash === '')) run(); // same fragment: no hashchange event
  else location.hash = hash;
}

function indexInfo(name) {
  return indexes.find((i) => i.name === name) || indexes[0];
}

async function run() {
  const state = current();
  const index = indexInfo(state.index);
  if (!index) return;
  // A hand-written or shared fragment is rewritten as the page writes it (no new history entry, no hashchange),
  // so the address bar always shows the one form that repeats this search.
  const canonical = format(state);
  if (canonical !== '#' && canonical !== location.hash) history.replaceState(null, '', canonical);
  render.facts(index);
  render.indexPicker(indexes, index.name);
  render.show('text-row', index.text); // the text box only when the index answers text
  render.show('search-view', state.view === 'search');
  render.show('duplicates-view', state.view === 'duplicates');
  if (state.view === 'duplicates') return runDuplicates(index.name, state);
  await loadFilters(index.name, state);
  // An input the user is typing in is left alone: rewriting it mid-edit would garble what they type.
  if (document.activeElement !== $('k')) $('k').value = String(state.k);
  if (state.query && state.query.kind === 'text' && document.activeElement !== $('text')) $('text').value = state.query.text;
  renderFeedback(state);
  const missingUpload = state.query && state.query.kind === 'upload' && !upload;
  // The preview shows the image being searched by, so only while the query is the upload.
  render.show('preview', Boolean(state.query && state.query.kind === 'upload' && upload && $('preview').src));
  render.show('notice', Boolean(missingUpload));
  $('notice').textContent = missingUpload
    ? 'This link was made from an uploaded image, which cannot be kept in a URL: pick the image again to repeat the search.'
    : '';
  if (!hasSearch(state) || missingUpload) {
    render.status('status', '');
    return;
  }
  await runSearch(index.name, state);
}

async function runSearch(indexName, state) {
  const mine = ++sequence;
  const hash = location.hash;
  const query = state.query && state.query.kind === 'upload' ? { kind: 'upload', file: upload.file }
    : state.query || { kind: 'feedback' };
  render.error('error', '');
  render.status('status', 'Searching…');
  $('results').setAttribute('aria-busy', 'true');
  try {
    // Disliked items are hidden from the grid: ask for as many more so the grid still holds k.
    const answer = await api.search(indexName, query, {
      k: state.k + state.unlike.length, filters: state.filters, like: state.like, unlike: state.unlike });
    if (mine !== sequence) return;
    const hits = answer.hits.filter((h) => !state.unlike.includes(h.id)).slice(0, state.k);
    $('query-title').textContent = title(state);
    // A heat map needs a query image: an item or the upload, not a text or feedback alone.
    const explained = query.kind === 'item' || query.kind === 'upload'
      ? (id) => api.explain(indexName, query, id, 256) : null;
    render.results(indexName, hits, { hrefFor: (id) => itemHref(state, id), onVote: vote, like: state.like,
      explain: explained, onError: (message) => render.error('error', 'Why? failed: ' + message) });
    render.status('status', hits.length === 0 ? 'No results: try removing a filter.'
      : `${hits.length} result${hits.length === 1 ? '' : 's'}`);
  } catch (e) {
    if (mine !== sequence) return;
    render.status('status', '');
    // The grid of an earlier search would read as this one's answer.
    $('results').replaceChildren();
    $('query-title').textContent = '';
    render.error('error', 'Search failed: ' + e.message);
  } finally {
    if (mine === sequence) {
      $('results').removeAttribute('aria-busy');
      // Which fragment the grid (or the error) answers: lets scripts and tests wait for this search, not an older one.
      $('results').dataset.for = hash;
    }
  }
}

function title(state) {
  const q = state.query;
  if (!q) return 'Results from your feedback';
  if (q.kind === 'item') return `More like ${q.id}`;
  if (q.kind === 'text') return `Results for “${q.text}”`;
  return `More like the uploaded ${upload.file.name || 'image'}`;
}

/** "More like this": a new search by the item, keeping k and filters; earlier feedback belonged to the old query. */
function itemHref(state, id) {
  return format({ ...state, query: { kind: 'item', id }, like: [], unlike: [] });
}

function vote(id, kind) {
  const state = current();
  const other = kind === 'like' ? 'unlike' : 'like';
  state[other] = state[other].filter((x) => x !== id);
  if (!state[kind].includes(id)) state[kind] = [...state[kind], id];
  go(state);
}

function renderFeedback(state) {
  const n = state.like.length + state.unlike.length;
  render.show('feedback', n > 0);
  if (n === 0) return;
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.textContent = 'Clear feedback';
  clear.addEventListener('click', () => go({ ...current(), like: [], unlike: [] }));
  $('feedback').replaceChildren(`Feedback: ${state.like.length} liked, ${state.unlike.length} hidden as not relevant. `, clear);
}

async function loadFilters(indexName, state) {
  if (fieldsOf !== indexName) {
    try {
      const answer = await api.fields(indexName);
      render.filterMenus(answer.fields, state.filters);
      fieldsOf = indexName;
    } catch (e) {
      render.error('error', 'Could not read the index\'s fields: ' + e.message);
      return;
    }
  }
  for (const select of $('filters').querySelectorAll('select')) {
    const chosen = state.filters.find(([f]) => f === select.dataset.field);
    select.value = chosen ? chosen[1] : '';
  }
}

async function runDuplicates(indexName, state) {
  const mine = ++sequence;
  const hash = location.hash;
  $('threshold').value = state.threshold;
  render.error('duplicates-error', '');
  render.status('duplicates-status', 'Looking for near-duplicates…');
  $('groups').setAttribute('aria-busy', 'true');
  try {
    const answer = await api.duplicates(indexName, state.threshold);
    if (mine !== sequence) return;
    const base = { ...parse(''), index: state.index };
    render.groups(indexName, answer.groups, (id) => format({ ...base, query: { kind: 'item', id } }));
    render.status('duplicates-status', answer.groups.length === 0
      ? `No groups at threshold ${answer.threshold}: try a lower one.`
      : `${answer.groups.length} group${answer.groups.length === 1 ? '' : 's'} at threshold ${answer.threshold}`
        + (answer.thresholdSource === 'default' ? ' (the measured default of this model)' : ''));
  } catch (e) {
    if (mine !== sequence) return;
    render.status('duplicates-status', '');
    render.error('duplicates-error', 'Duplicates failed: ' + e.message);
  } finally {
    if (mine === sequence) {
      $('groups').removeAttribute('aria-busy');
      $('groups').dataset.for = hash;
    }
  }
}

/** A new image to search by: kept in memory, shown as a preview (a data: URL: the CSP allows no blob: images). */
function searchByFile(file) {
  if (!file) return;
  upload = { file };
  const reader = new FileReader();
  reader.onload = () => {
    $('preview').src = reader.result;
    render.show('preview', current().query?.kind === 'upload');
  };
  reader.readAsDataURL(file);
  const state = current();
  go({ ...state, view: 'search', query: { kind: 'upload' }, like: [], unlike: [] });
}

function validK() {
  const k = Number($('k').value);
  return $('k').value !== '' && Number.isInteger(k) && k > 0 ? k : null;
}

function optionsChanged() {
  const state = current();
  const k = validK();
  if (k) state.k = k; // else the field is mid-edit (empty): the current k stands
  state.filters = [...$('filters').querySelectorAll('select')]
    .filter((s) => s.value !== '').map((s) => [s.dataset.field, s.value]);
  go(state);
}

function wire() {
  window.addEventListener('hashchange', run);
  $('file').addEventListener('change', (e) => searchByFile(e.target.files[0]));
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const state = current();
    const text = $('text').value.trim();
    if (indexInfo(state.index).text && text) {
      go({ ...state, query: { kind: 'text', text }, like: [], unlike: [] });
    } else if ($('file').files[0] && (!upload || upload.file !== $('file').files[0])) {
      searchByFile($('file').files[0]);
    } else {
      optionsChanged(); // re-runs the current query with the options as they stand
    }
  });
  $('k').addEventListener('change', () => {
    if (validK()) optionsChanged(); // a cleared field is not a new k; the search runs once a number is typed
  });
  $('filters').addEventListener('change', optionsChanged);
  $('index').addEventListener('change', () => {
    upload = null; // another index, another model: the upload's results do not carry over
    $('file').value = '';
    go({ ...parse(''), view: current().view, index: $('index').value });
  });
  $('duplicates-form').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ ...current(), view: 'duplicates', threshold: $('threshold').value });
  });
  $('nav-duplicates').addEventListener('click', (e) => {
    e.preventDefault();
    go({ ...parse(''), view: 'duplicates', index: current().index });
  });
  for (const id of ['nav-search', 'home']) {
    $(id).addEventListener('click', (e) => {
      e.preventDefault();
      go({ ...parse(''), index: current().index });
    });
  }
  // Drop anywhere on the page: without this, a file dropped beside the zone would make the browser open it.
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    $('drop').classList.add('over');
  });
  document.addEventListener('dragleave', () => $('drop').classList.remove('over'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    $('drop').classList.remove('over');
    searchByFile(e.dataTransfer.files[0]);
  });
  document.addEventListener('paste', (e) => {
    const file = [...e.clipboardData.files].find((f) => f.type.startsWith('image/'));
    if (file) searchByFile(file);
  });
}

async function start() {
  wire();
  try {
    indexes = (await api.info()).indexes;
  } catch (e) {
    render.error('error', 'Could not read the server\'s indexes: ' + e.message);
    return;
  }
  await run();
}

start();
