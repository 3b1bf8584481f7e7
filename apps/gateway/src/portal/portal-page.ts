/**
 * The app portal: one self-contained page where an end customer manages the endpoints of one app
 * and sees what was sent to them, using the REST API with the portal token from the URL fragment.
 */
export const PORTAL_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Webhooks</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d232b; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e3e6ea; }
  code { background: #f3f4f6; padding: 0 .3rem; border-radius: 3px; }
  form { display: flex; gap: .5rem; flex-wrap: wrap; } input { padding: .4rem; min-width: 16rem; }
  .ok { color: #0a7a3a; } .fail { color: #b42318; } .pending { color: #8a6100; } #error { color: #b42318; }
</style>
</head>
<body>
<h1>Webhooks for <span id="app">…</span></h1>
<p id="error"></p>
<h2>Endpoints</h2>
<table id="endpoints"><tr><th>URL</th><th>Event types</th><th>Status</th></tr></table>
<form id="add">
  <input name="url" type="url" placeholder="https://example.com/webhooks" required>
  <input name="filterTypes" placeholder="event types, comma-separated (optional)">
  <button>Add endpoint</button>
</form>
<h2>Recent messages</h2>
<table id="messages"><tr><th>Id</th><th>Event type</th><th>Sent</th></tr></table>
<script>
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const appId = JSON.parse(atob(token.slice(4).split('.')[0].replace(/-/g, '+').replace(/_/g, '/'))).appId;
  const api = (path, init = {}) => fetch('/api/v1/app/' + appId + path, { ...init, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } })
    .then(async (r) => { if (!r.ok) throw new Error((await r.json()).detail || r.statusText); return r.status === 204 ? null : r.json(); });
  const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; };
  const row = (table, cells) => { const tr = document.createElement('tr'); cells.forEach((c) => tr.append(c)); document.getElementById(table).append(tr); };
  const show = (error) => { document.getElementById('error').textContent = error.message; };
  async function load() {
    document.querySelectorAll('tr + tr').forEach((tr) => tr.remove());
    const app = await api('');
    document.getElementById('app').textContent = app.name;
    for (const e of (await api('/endpoint')).data) row('endpoints', [cell(e.url), cell((e.filterTypes || ['all']).join(', ')), cell(e.disabled ? 'disabled' : 'enabled', e.disabled ? 'fail' : 'ok')]);
    for (const m of (await api('/msg?limit=20')).data) row('messages', [cell(m.id), cell(m.eventType), cell(new Date(m.timestamp).toLocaleString())]);
  }
  document.getElementById('add').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const filterTypes = String(form.get('filterTypes')).split(',').map((t) => t.trim()).filter(Boolean);
    api('/endpoint', { method: 'POST', body: JSON.stringify({ url: form.get('url'), ...(filterTypes.length ? { filterTypes } : {}) }) })
      .then(() => { event.target.reset(); return load(); }).catch(show);
  });
  load().catch(show);
</script>
</body>
</html>
`;
