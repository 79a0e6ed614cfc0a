/**
 * The console's one script, embedded so `tsc` ships it (no bundler, no CDN). Progressive: every
 * page works as plain links and forms; this adds the live decision rows, the sign-in link's
 * fragment hand-off and "copy as command". Served as a file, so the CSP can forbid inline script.
 */
export const CONSOLE_JS = `
'use strict';
(function () {
  // One-time link: the token is in the fragment (never sent to the server); post it.
  var linkField = document.getElementById('link-token');
  var takeLink = function () {
    if (!linkField || location.hash.length <= 1) return;
    linkField.value = location.hash.slice(1);
    history.replaceState(null, '', location.pathname);
  };
  takeLink();
  window.addEventListener('hashchange', takeLink);

  // Live decisions: poll for rows newer than the newest shown and put them on top.
  var live = document.querySelector('[data-live-url]');
  if (live) {
    var body = live.querySelector('tbody');
    var poll = function () {
      var newest = live.getAttribute('data-newest') || '';
      var url = live.getAttribute('data-live-url') + (newest ? '&after=' + encodeURIComponent(newest) : '');
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || !data.rows || data.rows.length === 0) return;
          var added = data.rows.filter(function (row) { return !document.getElementById('d-' + row.id); }).length;
          live.setAttribute('data-newest', data.newest);
          if (added === 0) return;
          var empty = body.querySelector('tr.empty');
          if (empty) empty.remove();
          for (var i = data.rows.length - 1; i >= 0; i--) {
            if (document.getElementById('d-' + data.rows[i].id)) continue;
            body.insertAdjacentHTML('afterbegin', data.rows[i].html);
            body.firstElementChild.classList.add('fresh');
          }
          var count = document.getElementById('live-status');
          if (count) count.textContent = added + ' new decision' + (added === 1 ? '' : 's') + ' at ' + new Date().toLocaleTimeString();
        })
        .catch(function () {})
        .then(function () { setTimeout(poll, 1500); });
    };
    setTimeout(poll, 1500);
  }

  // Copy as command.
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) return;
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    var text = source.textContent;
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy as command'; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () {});
    else {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { document.execCommand('copy'); done(); } catch (e) {}
    }
  });
})();
`;
