// Inline script of the Manifests page (embedded, no external file): the action buttons, a refresh every few seconds, and
// "Find rows" (GET /api/rows), whose answer is shown with textContent, never as HTML.
(function () {
  const refreshMilliseconds = 4000;
  let busy = false;

  function container() { return document.getElementById('manifests'); }

  function say(text, ok) {
    const result = document.getElementById('manifest-action-result');
    result.textContent = text;
    result.className = ok ? 'alert alert-success' : 'alert alert-danger';
  }

  async function refresh() {
    if (busy || document.hidden) { return; }
    try {
      const response = await fetch(location.href, { credentials: 'same-origin' });
      if (!response.ok) { return; }
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('manifests-list');
      const current = document.getElementById('manifests-list');
      if (fresh && current && !busy) { current.replaceWith(fresh); }
    } catch (error) {
      // The next tick tries again; a server restart must not leave an error on the page.
    }
  }

  document.addEventListener('click', async event => {
    const button = event.target.closest('.js-manifest-action');
    if (!button || busy || !window.confirm(button.dataset.confirm)) { return; }
    const root = container();
    busy = true;
    button.disabled = true;
    try {
      const response = await fetch('../api/manifests/' + encodeURIComponent(button.dataset.manifestId) + '/' + button.dataset.action, {
        method: 'POST', credentials: 'same-origin', headers: { [root.dataset.csrfHeader]: root.dataset.csrfToken }
      });
      let body = null;
      try { body = await response.json(); } catch { body = null; }
      say(body ? (body.message || body.error) : 'The server answered HTTP ' + response.status + '.', response.ok);
    } catch (error) {
      say('The request did not reach the server: ' + error.message, false);
    } finally {
      busy = false;
      button.disabled = false;
      refresh();
    }
  });

  function searchCell(row, text, link) {
    const td = document.createElement('td');
    if (link) {
      const a = document.createElement('a');
      a.href = link;
      a.className = 'row-search-open';
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text == null ? '' : String(text);
    }
    row.appendChild(td);
  }

  document.getElementById('row-search').addEventListener('submit', async event => {
    event.preventDefault();
    const key = document.getElementById('row-search-key').value;
    const value = document.getElementById('row-search-value').value.trim();
    const result = document.getElementById('row-search-result');
    const line = text => { const p = document.createElement('p'); p.textContent = text; result.replaceChildren(p); };
    let rows;
    try {
      const response = await fetch('../api/rows?' + key + '=' + encodeURIComponent(value) + '&limit=100', { credentials: 'same-origin' });
      const body = await response.json();
      if (!response.ok) { line(body.detail || body.error || 'The server answered HTTP ' + response.status + '.'); return; }
      rows = body;
    } catch (error) {
      line('The search did not reach the server; try again.');
      return;
    }
    if (rows.length === 0) { line('No row found.'); return; }
    const table = document.createElement('table');
    table.id = 'row-search-table';
    table.className = 'table table-condensed';
    table.innerHTML = '<thead><tr><th>Manifest</th><th>Line</th><th>Order id</th><th>Reference</th><th>Status</th><th>Amount (minor units)</th>'
      + '<th>Refund id</th><th>Correlation id</th><th>Error</th></tr></thead><tbody></tbody>';
    for (const found of rows) {
      const row = document.createElement('tr');
      row.className = 'row-search-hit';
      row.dataset.manifestId = found.manifestId;
      searchCell(row, found.fileName, 'manifests/' + encodeURIComponent(found.manifestId) + '?after=' + (found.lineNumber - 1));
      searchCell(row, found.lineNumber);
      searchCell(row, found.orderId);
      searchCell(row, found.reference);
      searchCell(row, found.state);
      searchCell(row, found.amountMinor == null ? '' : found.currency + ' ' + found.amountMinor);
      searchCell(row, found.refundId);
      searchCell(row, found.correlationId);
      searchCell(row, [found.errorCode, found.errorMessage].filter(Boolean).join(' '));
      table.tBodies[0].appendChild(row);
    }
    result.replaceChildren(table);
  });

  setInterval(refresh, refreshMilliseconds);
})();
