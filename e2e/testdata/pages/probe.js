// Harness self-check page: waits for the marks the stub extension's content
// script leaves on <html> and reports them.
(function () {
  'use strict';
  var root = document.getElementById('fx-root');
  E2E.render(root, '<p id="probe">probe</p>');
  var t0 = performance.now();
  (function check() {
    var de = document.documentElement;
    var loaded = de.getAttribute('data-otpfill-stub');
    var host = de.getAttribute('data-otpfill-stub-host');
    if ((loaded && host) || performance.now() - t0 > (window.__fx.wait || 10000)) {
      E2E.send('probe', { stub: loaded || '', host: host || '' });
      return;
    }
    setTimeout(check, 50);
  })();
  // The stub's in-page button (closed shadow root) marks a trusted click.
  new MutationObserver(function () {
    var c = document.documentElement.getAttribute('data-otpfill-stub-click');
    if (c && !window.__clicked) { window.__clicked = true; E2E.send('clicked', { how: c }); }
  }).observe(document.documentElement, { attributes: true });
})();
