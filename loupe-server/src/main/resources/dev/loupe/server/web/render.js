// Builds the page's elements from API answers. Text from the index (ids, paths, metadata) is always set as
// textContent, never parsed as HTML: metadata is whatever a catalogue held.
import { thumbnail } from './api.js';

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') e.className = value;
    else if (key === 'text') e.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) e.setAttribute(key, value);
    else e[key] = value;
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

export function show(id, visible) {
  $(id).classList.toggle('hidden', !visible);
}

export function bytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** The index's facts in the header: items, model, dimension and metric, size on disk. */
export function facts(index) {
  const text = index.text ? ' · answers text' : '';
  $('facts').textContent = `${index.items} items · ${index.model} (${index.dimension}-d, ${index.metric})`
    + ` · ${bytes(index.sizeOnDiskBytes)}${text}`;
}

export function indexPicker(indexes, current) {
  const select = $('index');
  select.replaceChildren(...indexes.map((i) => el('option', { value: i.name, text: `${i.name} (${i.items})` })));
  select.value = current;
  // One index needs no picker.
  show('index-picker', indexes.length > 1);
}

/**
 * One select per metadata field worth filtering on, its values with counts. A field whose values are all unique
 * (a title, a note) would make a menu of single items, so it is left out.
 */
export function filterMenus(fieldList, chosen) {
  const menus = [];
  for (const field of fieldList) {
    if (!field.values.some((v) => v.count > 1)) continue;
    const current = chosen.find(([f]) => f === field.name);
    const select = el('select', { 'data-field': field.name, 'aria-label': `filter by ${field.name}` },
      el('option', { value: '', text: `${field.name}: any` }),
      ...field.values.map((v) => el('option', { value: v.value, text: `${v.value} (${v.count})` })));
    select.value = current ? current[1] : '';
    menus.push(select);
  }
  $('filters').replaceChildren(...menus);
}

export function status(id, text) {
  $(id).textContent = text;
}

export function error(id, message) {
  $(id).textContent = message || '';
  show(id, Boolean(message));
}

/** Metadata shown on a card: a few fields, in the index's order. */
const META_FIELDS = 3;

/**
 * A "Why?" button that swaps the card's thumbnail for its heat map ({@code explain(id)} resolves to its URL) and
 * back; a failure goes to {@code onError(message)}.
 */
function whyButton(hit, img, explain, onError) {
  const plain = img.src;
  const button = el('button', { type: 'button', class: 'why', text: 'Why?', 'aria-pressed': 'false',
    title: 'why did this match: red regions add most to the score, blue ones pull it down',
    'aria-label': `why ${hit.id} matched` });
  button.onclick = async () => {
    if (button.getAttribute('aria-pressed') === 'true') {
      img.src = plain;
      button.setAttribute('aria-pressed', 'false');
      return;
    }
    button.disabled = true;
    try {
      img.src = await explain(hit.id);
      button.setAttribute('aria-pressed', 'true');
    } catch (e) {
      onError(e.message);
    } finally {
      button.disabled = false;
    }
  };
  return button;
}

/**
 * The result grid. Each card's image is a link to "more like this" (so click, Enter and opening in a new tab all
 * work); {@code hrefFor(id)} builds it. Thumbs up / down call {@code onVote(id, 'like' | 'unlike')}. With {@code
 * explain} (a query image exists) each card has a "Why?" toggle showing its heat map.
 */
export function results(index, hits, { hrefFor, onVote, like, explain, onError }) {
  const cards = hits.map((hit) => {
    const meta = Object.entries(hit.metadata).filter(([, v]) => v !== '').slice(0, META_FIELDS);
    const liked = like.includes(hit.id);
    const img = el('img', { src: thumbnail(index, hit.id, 256), alt: hit.path, loading: 'lazy', width: 256, height: 256 });
    return el('li', { class: 'card', 'data-id': hit.id },
      el('a', { class: 'hit', href: hrefFor(hit.id), title: `more like ${hit.path}` }, img),
      el('div', { class: 'about' },
        el('span', { class: 'score', text: hit.score.toFixed(3), title: 'score' }),
        el('span', { class: 'name', text: hit.id, title: hit.path })),
      el('dl', { class: 'meta' }, ...meta.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
      el('div', { class: 'vote' },
        el('button', { type: 'button', class: 'like', text: 'Like', title: 'more like this one', 'aria-label': `like ${hit.id}`,
          'aria-pressed': String(liked), onclick: () => onVote(hit.id, 'like') }),
        el('button', { type: 'button', class: 'unlike', text: 'Hide', title: 'not relevant: hide it and rank its look-alikes lower',
          'aria-label': `hide ${hit.id}`,
          onclick: () => onVote(hit.id, 'unlike') }),
        explain ? whyButton(hit, img, explain, onError) : null));
  });
  $('results').replaceChildren(...cards);
}

/** What a group member is, for its tooltip: the best copy, a byte-identical copy, or a near-duplicate's score. */
function memberRole(m) {
  if (m.best) return 'best copy';
  return m.exact ? 'exact copy' : `score ${Number(m.score).toFixed(3)}`;
}

/** Groups of duplicates, best copy first, each as a row of thumbnails linking to "more like this". */
export function groups(index, groupList, hrefFor) {
  const items = groupList.map((g) => el('li', { class: 'group' },
    el('p', { text: `${g.members.length} items, ${g.members.filter((m) => m.exact).length} exact copies; best copy first` }),
    el('ul', { class: 'strip' }, ...g.members.map((m) => el('li', {},
      el('a', { href: hrefFor(m.id), title: `${m.id} (${memberRole(m)}, ${m.width}×${m.height})` },
        el('img', { src: thumbnail(index, m.id, 128), alt: m.id, loading: 'lazy', width: 128, height: 128 })))))));
  $('groups').replaceChildren(...items);
}
