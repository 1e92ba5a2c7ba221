// Admin console: reads the node's own HTTP API (same origin) and follows its SSE watch.
// No build step, no dependencies. All text goes through textContent, never innerHTML.
'use strict';

const state = { selected: null, refreshTimer: null };
const MAX_EVENTS = 200;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(path + ': ' + r.status);
  return r.json();
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function time(ms) {
  return ms ? new Date(ms).toLocaleTimeString() : '';
}

async function loadServices() {
  const services = await getJson('/v1/services');
  const rows = services.map(s => {
    const tr = el('tr', undefined, 'clickable' + (s.name === state.selected ? ' selected' : ''));
    tr.append(el('td', s.name), el('td', s.instances), el('td', s.healthy), el('td', s.index));
    tr.addEventListener('click', () => { state.selected = s.name; refresh(); });
    return tr;
  });
  if (!state.selected && services.length > 0) state.selected = services[0].name;
  fill(document.querySelector('#services tbody'), rows);
  document.getElementById('services-empty').hidden = services.length > 0;
}

async function loadInstances() {
  const tbody = document.querySelector('#instances tbody');
  if (!state.selected) { fill(tbody, []); return; }
  document.getElementById('selected').textContent = state.selected;
  const list = await getJson('/v1/services/' + encodeURIComponent(state.selected) + '/instances');
  fill(tbody, list.map(i => {
    const tr = el('tr');
    tr.append(el('td', i.id), el('td', i.host + ':' + i.port), el('td', i.zone || ''),
      el('td', i.status, i.status), el('td', i.health, i.health), el('td', (i.tags || []).join(', ')),
      el('td', i.owner || ''), el('td', time(i.updatedAt)));
    return tr;
  }));
}

async function loadCluster() {
  const [status, members] = await Promise.all([getJson('/v1/cluster/status'), getJson('/v1/cluster/members')]);
  document.getElementById('node').textContent = 'node ' + status.id + (status.degraded ? ' (degraded)' : '');
  const dl = document.getElementById('status');
  const facts = [['leader', status.leader], ['raft role', status.raftRole], ['epoch', status.epoch],
    ['ready', status.ready], ['degraded', status.degraded], ['services', status.services],
    ['instances', status.instances], ['index', status.index], ['digest', status.digest],
    ['lag by peer', JSON.stringify(status.lagByPeer || {})]];
  dl.replaceChildren(...facts.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  fill(document.querySelector('#members tbody'), (members.members || []).map(m => {
    const tr = el('tr');
    tr.append(el('td', m.id + (m.id === members.leader ? ' (leader)' : '')), el('td', m.httpAddress),
      el('td', m.role), el('td', m.state), el('td', time(m.lastSeen)));
    return tr;
  }));
}

async function refresh() {
  try {
    await Promise.all([loadServices(), loadCluster()]);
    await loadInstances();
  } catch (e) {
    document.getElementById('node').textContent = 'error: ' + e.message;
  }
}

// Bursts of events cause one refresh, not one per event.
function refreshSoon() {
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(() => { state.refreshTimer = null; refresh(); }, 250);
}

function watch() {
  const live = document.getElementById('live');
  const source = new EventSource('/v1/watch');
  source.onopen = () => { live.textContent = 'watch: live'; live.className = 'badge on'; };
  source.onerror = () => { live.textContent = 'watch: reconnecting'; live.className = 'badge off'; };
  for (const type of ['registered', 'updated', 'deregistered', 'expired']) {
    source.addEventListener(type, msg => {
      const ev = JSON.parse(msg.data);
      const list = document.getElementById('events');
      const i = ev.instance || {};
      list.prepend(el('li', new Date().toLocaleTimeString() + ' #' + ev.index + ' ' + type + ' '
        + i.service + '/' + i.id + ' ' + (i.status || '') + ' ' + (i.health || '')));
      while (list.children.length > MAX_EVENTS) list.lastChild.remove();
      refreshSoon();
    });
  }
}

refresh();
watch();
setInterval(refresh, 10000);
