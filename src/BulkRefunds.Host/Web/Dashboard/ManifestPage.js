// Inline script of the manifest page (embedded, no external file): the audit trail and the resolve forms of rows that
// need review. Everything shown is set as textContent, never as HTML.
(function () {
  const root = document.getElementById('manifest');
  const auditPageSize = 100;

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
  }

  function note(container, text) {
    const p = document.createElement('p');
    p.className = 'text-muted';
    p.id = 'audit-trail-note';
    p.textContent = text;
    container.replaceChildren(p);
  }

  async function loadAudit(after) {
    const container = document.getElementById('audit-trail');
    if (!container) { return; }
    const query = '?limit=' + auditPageSize + (after ? '&after=' + encodeURIComponent(after) : '');
    let entries;
    try {
      const response = await fetch(container.dataset.src + query, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.status === 404) { note(container, 'The audit trail is not available on this server.'); return; }
      if (!response.ok) { note(container, 'The audit trail could not be read (HTTP ' + response.status + ').'); return; }
      entries = await response.json();
    } catch (error) {
      note(container, 'The audit trail could not be read; reload the page to try again.');
      return;
    }
    let table = document.getElementById('audit-table');
    if (!after) {
      if (entries.length === 0) { note(container, 'No operator act recorded for this manifest yet.'); return; }
      table = document.createElement('table');
      table.id = 'audit-table';
      table.className = 'table table-condensed';
      table.innerHTML = '<thead><tr><th>Time (UTC)</th><th>Who</th><th>Act</th><th>Line</th><th>Detail</th></tr></thead><tbody></tbody>';
      container.replaceChildren(table);
    }
    for (const entry of entries) {
      const row = document.createElement('tr');
      row.className = 'audit-entry';
      row.dataset.act = entry.act;
      cell(row, String(entry.recordedAt).replace('T', ' ').replace(/\.\d+/, '').replace('Z', ''));
      cell(row, entry.actor);
      cell(row, entry.act);
      cell(row, entry.lineNumber);
      cell(row, entry.detail);
      table.tBodies[0].appendChild(row);
    }
    const more = document.getElementById('audit-more');
    if (more) { more.remove(); }
    if (entries.length === auditPageSize) {
      const button = document.createElement('button');
      button.id = 'audit-more';
      button.type = 'button';
      button.className = 'btn btn-sm btn-default';
      button.textContent = 'More';
      button.addEventListener('click', () => loadAudit(entries[entries.length - 1].auditId));
      container.appendChild(button);
    }
  }

  // A row that left needs_review shows its new status at once; a proposal or a rejection changes which form the row
  // has, which the server draws on the next load.
  function showState(form, state) {
    if (state !== 'succeeded' && state !== 'failed') { return; }
    const row = document.querySelector('tr.manifest-row[data-row-id="' + form.dataset.rowId + '"]');
    if (row) {
      row.dataset.state = state;
      row.querySelector('.row-state').textContent = state;
    }
    form.querySelectorAll('button, input, select').forEach(control => { control.remove(); });
  }

  async function post(form, path, body) {
    const result = form.querySelector('.resolve-result');
    const buttons = form.querySelectorAll('button');
    buttons.forEach(button => { button.disabled = true; });
    try {
      const response = await fetch('../../api/manifests/' + encodeURIComponent(root.dataset.manifestId) + '/rows/'
        + encodeURIComponent(form.dataset.rowId) + '/resolution' + path, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', [root.dataset.csrfHeader]: root.dataset.csrfToken },
        body: JSON.stringify(body)
      });
      let answer = null;
      try { answer = await response.json(); } catch { answer = null; }
      result.textContent = answer ? (answer.message || answer.detail || answer.error) : 'The server answered HTTP ' + response.status + '.';
      result.className = 'resolve-result ' + (response.ok ? 'text-success' : 'text-danger');
      if (response.ok) {
        showState(form, answer && answer.state);
        loadAudit(null);
      }
    } catch (error) {
      result.textContent = 'The request did not reach the server; try again.';
      result.className = 'resolve-result text-danger';
    } finally {
      buttons.forEach(button => { button.disabled = false; });
    }
  }

  document.addEventListener('submit', event => {
    const form = event.target.closest('.js-resolve, .js-resolution-pending');
    if (!form) { return; }
    event.preventDefault();
    // Enter in a pending resolution's comment does nothing: confirming takes the button, never a stray key.
    if (!form.classList.contains('js-resolve')) { return; }
    const refundId = form.elements.refundId.value.trim();
    post(form, '', { outcome: form.elements.outcome.value, refundId: refundId === '' ? null : refundId, comment: form.elements.comment.value.trim() });
  });

  document.addEventListener('click', event => {
    const button = event.target.closest('.js-resolution-step');
    if (!button) { return; }
    const form = button.closest('.js-resolution-pending');
    post(form, '/' + button.dataset.step, { comment: form.elements.comment.value.trim() });
  });

  loadAudit(null);
})();
