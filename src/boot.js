// Loads the wasm module and mounts the app. ES2019 at most: old WebViews parse it.
import init, { mountApp, loadTexts, textsUnavailable } from './pkg/anyang_policy.js';

function fail(e) {
  var p = document.getElementById('loading');
  if (p) {
    p.className = 'error';
    p.textContent = '加载失败，请刷新或更换浏览器。Failed to load: ' + (e && e.message ? e.message : e);
  }
}

// A wasm trap (a panic aborts into one; so do running out of memory and
// stack overflow) leaves the module unusable: say so instead of freezing.
function onTrap(e) {
  if (e && typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError) {
    var c = document.getElementById('crash');
    if (c) c.hidden = false;
  }
}
window.addEventListener('error', function (ev) { onTrap(ev.error); });
window.addEventListener('unhandledrejection', function (ev) { onTrap(ev.reason); });

// Quotes and notes come second, once the first screen is up: the results do
// not depend on them, and the first load stays small.
function fetchTexts() {
  fetch(new URL('pkg/anyang_policy_texts.bin', document.baseURI).href)
    .then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.arrayBuffer();
    })
    .then(function (b) { loadTexts(new Uint8Array(b)); })
    .catch(function (e) { textsUnavailable(String(e && e.message ? e.message : e)); });
}

// Once the first screen is up and the main thread has a moment: joining the
// texts takes a few milliseconds that the first answer should not wait for.
function whenIdle(f) {
  if (window.requestIdleCallback) window.requestIdleCallback(f, { timeout: 2000 });
  else setTimeout(f, 300); // iOS 14 Safari has no requestIdleCallback
}

// wasm-bindgen's init falls back to a non-streaming instantiate when the
// server sends the wrong MIME type for .wasm.
// Relative to the page, so the app works at the site root or under a sub-path.
init({ module_or_path: new URL('pkg/anyang_policy_bg.wasm', document.baseURI) })
  .then(function () {
    var p = document.getElementById('loading');
    if (p) p.remove();
    mountApp();
    whenIdle(fetchTexts);
  })
  .catch(fail);
