// What the calculator page needs that is not WeChat: the web-view address, the
// calculator's results message, the share card. No wx here, so Node tests it.
var SOURCE = 'anyang-policy-calculator';
var STATUSES = ['eligible', 'meets_entry_conditions', 'undetermined', 'not_eligible', 'expired', 'not_yet_in_force'];
var PAGE = '/pages/calculator/index';

// The part of a calculator address after `base`: "", "?lang=en", "#v=1&…" or
// both. Anything else (another site or path) is null, so a share card can only
// ever open the calculator.
function tailOf(base, url) {
  if (typeof url !== 'string' || url.indexOf(base) !== 0) return null;
  var tail = url.slice(base.length);
  if (tail.indexOf('index.html') === 0) tail = tail.slice('index.html'.length);
  return tail === '' || tail.charAt(0) === '?' || tail.charAt(0) === '#' ? tail : null;
}

// The web-view address for the page's query: `s` is the tail of a shared
// calculator address (its share-link fragment holds the answers).
function calculatorUrl(base, query) {
  var s = query && typeof query.s === 'string' ? query.s : '';
  if (/^%(23|3F)/i.test(s)) {
    try { s = decodeURIComponent(s); } catch (e) { s = ''; }
  }
  var tail = tailOf(base, base + s);
  return base + (tail === null ? '' : tail);
}

function isCount(n) {
  return typeof n === 'number' && n >= 0 && Math.floor(n) === n;
}

// The calculator's message, exactly as documented (README "WeChat mini-program").
function isResults(m) {
  if (!m || m.source !== SOURCE || m.type !== 'results' || m.version !== 1) return false;
  if (typeof m.rulesVersion !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(m.date)) return false;
  if (!m.counts || !STATUSES.every(function (k) { return isCount(m.counts[k]); })) return false;
  if (!Array.isArray(m.eligible) || !m.eligible.every(function (id) { return typeof id === 'string'; })) return false;
  return m.answers === undefined || typeof m.answers === 'string';
}

// WeChat hands over every message posted since the last delivery; the last
// valid one is the current state.
function latestResults(messages) {
  if (!Array.isArray(messages)) return null;
  for (var i = messages.length - 1; i >= 0; i--) if (isResults(messages[i])) return messages[i];
  return null;
}

// The share card opens this page with the calculator's current address: the
// web-view's URL (answers in its fragment), else the answers the page sent.
function shareMessage(base, webViewUrl, results) {
  var tail = tailOf(base, webViewUrl) || '';
  if (tail.indexOf('#') === -1 && results && results.answers) tail += '#' + results.answers.replace(/^#/, '');
  var n = results ? results.counts.eligible : 0;
  return {
    title: n > 0 ? '安阳惠企政策计算器：' + n + ' 项政策符合条件（仅供参考）' : '安阳惠企政策计算器',
    path: PAGE + (tail ? '?s=' + encodeURIComponent(tail) : ''),
  };
}

module.exports = { tailOf: tailOf, calculatorUrl: calculatorUrl, isResults: isResults, latestResults: latestResults, shareMessage: shareMessage };
