// A web-view with the calculator. Nothing depends on real-time messages: the
// calculator keeps its answers in the URL fragment, which sharing passes on.
var config = require('../../config.js');
var link = require('./link.js');

Page({
  data: { url: '' },
  results: null,

  // A share card opens this page with ?s=<the calculator's ?query#fragment>.
  onLoad: function (query) {
    this.setData({ url: link.calculatorUrl(config.calculatorUrl, query) });
  },

  // Delivered on back, share and when the page closes: keep the last results
  // for the share title and for the host mini-program's other pages.
  onMessage: function (e) {
    var results = link.latestResults(e && e.detail && e.detail.data);
    if (!results) return;
    this.results = results;
    wx.setStorage({ key: 'anyangPolicyResults', data: results });
  },

  onWebViewError: function (e) {
    console.error('calculator failed to load', e && e.detail);
  },

  // options.webViewUrl is the calculator's current address, answers included.
  onShareAppMessage: function (options) {
    return link.shareMessage(config.calculatorUrl, options && options.webViewUrl, this.results);
  },
});
