/**
 * The app portal: one self-contained page where an end customer manages the endpoints of one app
 * (add, edit, disable, delete, signing secret, test event) and sees what was sent to them and how
 * each attempt went (page by page, messages by event type, attempts by result), resending failed
 * deliveries. It calls the REST API with the portal token from
 * the URL fragment; a read-only token gets the same views without the controls that change things
 * or the signing secret.
 */
export const PORTAL_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Webhooks</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; color: #1d232b; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; } h3 { font-size: 1rem; margin-top: 1.5rem; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e3e6ea; }
  tr.pick { cursor: pointer; } tr.pick:hover { background: #f6f7f9; }
  code { background: #f3f4f6; padding: 0 .3rem; border-radius: 3px; word-break: break-all; }
  form { display: flex; gap: .5rem; flex-wrap: wrap; margin: .5rem 0; } input { padding: .4rem; min-width: 16rem; }
  button { padding: .35rem .8rem; } section { border: 1px solid #e3e6ea; border-radius: 6px; padding: 0 1rem 1rem; margin-top: 1rem; }
  .ok { color: #0a7a3a; } .fail { color: #b42318; } .pending { color: #8a6100; } #error { color: #b42318; }
  body.read-only .full-access { display: none; } /* what only a full-access token may use or see */
</style>
</head>
<body>
<h1>Webhooks for <span id="app">…</span></h1>
<p id="error" role="alert"></p>

<h2>Endpoints</h2>
<table id="endpoints"><thead><tr><th>URL</th><th>Description</th><th>Event types</th><th>Status</th></tr></thead><tbody></tbody></table>
<form id="add" class="full-access">
  <input name="url" type="url" placeholder="https://example.com/webhooks" required aria-label="Endpoint URL">
  <input name="description" placeholder="description (optional)" aria-label="Description">
  <input name="filterTypes" list="event-types" placeholder="event types, comma-separated (default: all)" aria-label="Event types">
  <button>Add endpoint</button>
</form>
<datalist id="event-types"></datalist>

<section id="endpoint" hidden>
  <h2>Endpoint <code id="ep-id"></code></h2>
  <form id="edit" class="full-access">
    <input name="url" type="url" required aria-label="URL">
    <input name="description" placeholder="description" aria-label="Description">
    <input name="filterTypes" list="event-types" placeholder="event types, comma-separated (default: all)" aria-label="Event types">
    <button>Save</button>
  </form>
  <p>Status: <span id="ep-status"></span>
    <button id="toggle" class="full-access"></button> <button id="delete" class="full-access">Delete</button></p>
  <h3 class="full-access">Signing secret</h3>
  <p class="full-access">Verify each request's <code>webhook-signature</code> with it (Standard Webhooks).</p>
  <p class="full-access"><code id="secret">••••••••</code> <button id="reveal" class="full-access">Reveal</button> <button id="rotate" class="full-access">Rotate</button></p>
  <form id="test" class="full-access">
    <input name="eventType" list="event-types" placeholder="event type" required aria-label="Test event type">
    <button>Send test event</button>
  </form>
  <h3>Recent attempts</h3>
  <select id="attempt-status" aria-label="Attempts shown">
    <option value="">all</option><option value="2">failed</option><option value="0">succeeded</option><option value="1">pending</option>
  </select>
  <table id="attempts"><thead><tr><th>Time</th><th>Message</th><th>Response</th><th>Result</th><th></th></tr></thead><tbody></tbody></table>
  <button id="more-attempts" hidden>Older attempts</button>
</section>

<h2>Recent messages</h2>
<input id="message-type" list="event-types" placeholder="event type (default: all)" aria-label="Messages of event type">
<table id="messages"><thead><tr><th>Id</th><th>Event type</th><th>Sent</th></tr></thead><tbody></tbody></table>
<button id="more-messages" hidden>Older messages</button>
<section id="message" hidden>
  <h2>Message <code id="msg-id"></code></h2>
  <pre id="msg-payload"></pre>
  <table id="msg-attempts"><thead><tr><th>Time</th><th>Endpoint</th><th>Response</th><th>Result</th></tr></thead><tbody></tbody></table>
</section>

<script>
  // The token arrives in the fragment and moves to this tab's storage, out of the address bar and history.
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem('hookline-portal-token') || '';
  if (location.hash) { sessionStorage.setItem('hookline-portal-token', token); history.replaceState(null, '', location.pathname); }
  const claimsOf = (text) => { try { return JSON.parse(atob(text.slice(4).split('.')[0].replace(/-/g, '+').replace(/_/g, '/'))); } catch { return null; } };
  const claims = claimsOf(token) || {};
  const appPath = '/api/v1/app/' + encodeURIComponent(claims.appId || '');
  const $ = (id) => document.getElementById(id);
  /** An error body's detail as a sentence: validation errors carry a list of issues. */
  const detailOf = (body, fallback) => Array.isArray(body && body.detail) ? body.detail.map((issue) => issue.msg).join('; ') : (body && body.detail) || fallback;
  const call = (path, init = {}) => fetch(path, { ...init, headers: { authorization: 'Bearer ' + token, ...(init.body ? { 'content-type': 'application/json' } : {}) } })
    .then(async (r) => {
      if (!r.ok) throw new Error(detailOf(await r.json().catch(() => null), r.status + ' ' + r.statusText));
      return r.status === 204 ? null : r.json();
    });
  const api = (path, init) => call(appPath + path, init);
  const send = (method, path, body) => api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const cell = (content, cls) => { const td = document.createElement('td'); td.append(content); if (cls) td.className = cls; return td; };
  const rows = (table, items, toCells, onPick, append = false) => {
    const body = $(table).tBodies[0];
    body[append ? 'append' : 'replaceChildren'](...items.map((item) => {
      const tr = document.createElement('tr');
      tr.append(...toCells(item));
      if (onPick) { tr.className = 'pick'; tr.addEventListener('click', (event) => { if (event.target.tagName !== 'BUTTON') onPick(item).catch(show); }); }
      return tr;
    }));
  };
  /**
   * A list of pages: show(path) puts up its first page, the button appends the next ones. A page
   * that comes back after the list was put up again (another endpoint opened, say) is dropped.
   */
  const pagedList = (table, button, toCells, onPick) => {
    let path = null, iterator = null, shown = 0;
    const put = async (append) => {
      const mine = append ? shown : ++shown;
      const page = await api(path + (append ? '&iterator=' + encodeURIComponent(iterator) : ''));
      if (mine !== shown) return;
      rows(table, page.data, toCells, onPick, append);
      iterator = page.iterator;
      $(button).hidden = page.done;
    };
    $(button).addEventListener('click', () => put(true).catch(show));
    return { show: (listPath) => { path = listPath; return put(false); } };
  };
  const show = (error) => { $('error').textContent = error.message; };
  const done = () => { $('error').textContent = ''; };
  const types = (text) => String(text).split(',').map((t) => t.trim()).filter(Boolean);
  const when = (iso) => new Date(iso).toLocaleString();
  const RESULT = { 0: ['succeeded', 'ok'], 1: ['pending', 'pending'], 2: ['failed', 'fail'], 3: ['sending', 'pending'] };
  const result = (status) => cell(RESULT[status][0], RESULT[status][1]);
  let current = null;
  /** The edit form holds changes not saved yet. */
  let editing = false;
  // Each view remembers which opening it belongs to, so that a late reply never fills another's.
  let openings = 0;

  const messages = pagedList('messages', 'more-messages', (m) => [cell(m.id), cell(m.eventType), cell(when(m.timestamp))], openMessage);
  const attempts = pagedList('attempts', 'more-attempts', (a) => {
    const resend = Object.assign(document.createElement('button'), { textContent: 'Resend', className: 'full-access' });
    const endpointId = current.id;
    resend.addEventListener('click', () => send('POST', '/msg/' + a.msgId + '/endpoint/' + endpointId + '/resend').then(done).catch(show));
    return [cell(when(a.timestamp)), cell(a.msgId), cell(String(a.responseStatusCode)), result(a.status), cell(resend)];
  });

  const showMessages = () => {
    const eventType = $('message-type').value.trim();
    return messages.show('/msg?limit=20' + (eventType ? '&event_types=' + encodeURIComponent(eventType) : ''));
  };
  $('message-type').addEventListener('change', () => showMessages().then(done).catch(show));

  async function load() {
    const [app, endpoints, eventTypes] = await Promise.all([api(''), api('/endpoint?limit=250'), call('/api/v1/event-type?limit=250'), showMessages()]);
    $('app').textContent = app.name;
    $('event-types').replaceChildren(...eventTypes.data.map((t) => Object.assign(document.createElement('option'), { value: t.name })));
    rows('endpoints', endpoints.data, (e) => [cell(e.url), cell(e.description), cell((e.filterTypes || ['all']).join(', ')),
      cell(e.disabled ? 'disabled' : 'enabled', e.disabled ? 'fail' : 'ok')], openEndpoint);
    if (current) await openEndpoint(current).catch(() => { $('endpoint').hidden = true; current = null; });
  }

  async function openEndpoint(endpoint) {
    const opening = ++openings;
    const e = await api('/endpoint/' + endpoint.id);
    if (opening !== openings) return;
    // A reload after another change leaves what the customer is typing into this endpoint's form alone.
    const form = $('edit').elements;
    if (!(current && current.id === e.id && editing)) {
      form.url.value = e.url; form.description.value = e.description; form.filterTypes.value = (e.filterTypes || []).join(', ');
      editing = false;
    }
    current = e;
    $('endpoint').hidden = false;
    $('ep-id').textContent = e.id;
    $('ep-status').textContent = e.disabled ? 'disabled' : 'enabled';
    $('toggle').textContent = e.disabled ? 'Enable' : 'Disable';
    $('secret').textContent = '••••••••';
    await showAttempts();
  }

  const showAttempts = () => {
    const status = $('attempt-status').value;
    return attempts.show('/attempt/endpoint/' + current.id + '?limit=20' + (status ? '&status=' + status : ''));
  };
  $('attempt-status').addEventListener('change', () => showAttempts().catch(show));

  let messageOpenings = 0;
  async function openMessage(message) {
    const opening = ++messageOpenings;
    $('message').hidden = false;
    $('msg-id').textContent = message.id;
    $('msg-payload').textContent = JSON.stringify(message.payload, null, 2);
    const tried = await api('/attempt/msg/' + message.id + '?limit=50');
    if (opening !== messageOpenings) return;
    rows('msg-attempts', tried.data, (a) => [cell(when(a.timestamp)), cell(a.url), cell(String(a.responseStatusCode)), result(a.status)]);
  }

  const act = (id, event, action) => $(id).addEventListener(event, (e) => { e.preventDefault(); action(e).then(done).then(load).catch(show); });
  act('add', 'submit', async (event) => {
    const form = new FormData(event.target);
    const filterTypes = types(form.get('filterTypes'));
    await send('POST', '/endpoint', { url: form.get('url'), description: form.get('description'), ...(filterTypes.length ? { filterTypes } : {}) });
    event.target.reset();
  });
  $('edit').addEventListener('input', () => { editing = true; });
  act('edit', 'submit', async (event) => {
    const form = new FormData(event.target);
    const filterTypes = types(form.get('filterTypes'));
    await send('PATCH', '/endpoint/' + current.id, { url: form.get('url'), description: form.get('description'), filterTypes: filterTypes.length ? filterTypes : null });
    editing = false;
  });
  act('toggle', 'click', () => send('PATCH', '/endpoint/' + current.id, { disabled: !current.disabled }));
  act('delete', 'click', async () => {
    if (!confirm('Delete this endpoint? Nothing more will be sent to it.')) return;
    await send('DELETE', '/endpoint/' + current.id);
    current = null;
    $('endpoint').hidden = true;
  });
  $('reveal').addEventListener('click', () => {
    const opening = openings;
    api('/endpoint/' + current.id + '/secret').then((s) => { if (opening === openings) $('secret').textContent = s.key; }).catch(show);
  });
  act('rotate', 'click', async () => {
    if (!confirm('Rotate the secret? The old one keeps signing for 24 hours.')) return;
    await send('POST', '/endpoint/' + current.id + '/secret/rotate', {});
  });
  act('test', 'submit', async (event) => {
    await send('POST', '/endpoint/' + current.id + '/send-example', { eventType: new FormData(event.target).get('eventType') });
  });

  if (claims.readOnly) document.body.classList.add('read-only');
  if (claims.appId) load().catch(show);
  else show(new Error('This link is incomplete: open the portal link you were given again.'));
</script>
</body>
</html>
`;
