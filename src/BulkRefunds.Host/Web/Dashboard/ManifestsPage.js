// Inline script of the Manifests page (embedded, no external file): the action buttons and a refresh every few seconds.
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

  setInterval(refresh, refreshMilliseconds);
})();
