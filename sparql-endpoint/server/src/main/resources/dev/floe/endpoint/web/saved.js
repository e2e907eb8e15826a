/*
 * The analyst's work kept across reloads: the query in the page's link (#query=..., URL-encoded, with
 * &endpoint=... when it is not /sparql), the editor's text in localStorage, the last 20 distinct queries run, and
 * the queries the analyst saved under a name.
 *
 * Storage may be missing or full (a private window, a quota): the page then works as before, keeping nothing.
 */
(function (global) {
  'use strict';

  var LAST = 'floe.query';
  var HISTORY = 'floe.history';
  var HISTORY_SIZE = 20;
  var NAMED = 'floe.saved';

  /** The query and endpoint a link carries ({query, endpoint}), or null when it carries none. */
  function fromLink(hash) {
    var params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
    var query = params.get('query');
    return query === null ? null : { query: query, endpoint: params.get('endpoint') };
  }

  /** The fragment of a link that opens this query on this endpoint. */
  function linkFor(query, endpoint) {
    return '#query=' + encodeURIComponent(query) +
      (endpoint && endpoint !== 'sparql' ? '&endpoint=' + encodeURIComponent(endpoint) : '');
  }

  /** One line that names a query in a list: its first line after the prologue, shortened. */
  function summary(query) {
    var lines = String(query).split('\n').map(function (l) { return l.trim(); }).filter(function (l) {
      return l && !/^(PREFIX|BASE)\b/i.test(l) && l.charAt(0) !== '#';
    });
    var s = (lines.join(' ') || String(query).trim()).replace(/\s+/g, ' ');
    return s.length > 70 ? s.substring(0, 69) + '…' : s;
  }

  /** The work kept in one Storage (the page's localStorage). */
  function Saved(storage) {
    this.storage = storage;
  }

  Saved.prototype.read = function (key) {
    try { return this.storage ? this.storage.getItem(key) : null; } catch (e) { return null; }
  };

  Saved.prototype.write = function (key, value) {
    try { if (this.storage) { this.storage.setItem(key, value); } } catch (e) { /* full or refused: keep nothing */ }
  };

  /** The editor's text when the page was last left, or null. */
  Saved.prototype.lastQuery = function () {
    return this.read(LAST);
  };

  Saved.prototype.keep = function (query) {
    this.write(LAST, query);
  };

  /** The queries run, newest first: [{query, endpoint, at}]. */
  Saved.prototype.history = function () {
    try {
      var list = JSON.parse(this.read(HISTORY) || '[]');
      return Array.isArray(list) ? list.filter(function (e) { return e && typeof e.query === 'string'; }) : [];
    } catch (e) {
      return [];
    }
  };

  /** Puts a query run at the top of the history, once (an earlier run of the same text moves up). */
  Saved.prototype.record = function (query, endpoint) {
    var text = query.trim();
    var list = this.history().filter(function (e) { return e.query.trim() !== text; });
    list.unshift({ query: query, endpoint: endpoint, at: new Date().toISOString() });
    this.write(HISTORY, JSON.stringify(list.slice(0, HISTORY_SIZE)));
  };

  /** The queries saved under a name, by name: [{name, query, endpoint, at}]. */
  Saved.prototype.named = function () {
    try {
      var list = JSON.parse(this.read(NAMED) || '[]');
      return (Array.isArray(list) ? list : []).filter(function (e) {
        return e && typeof e.name === 'string' && typeof e.query === 'string';
      }).sort(function (a, b) { return a.name.localeCompare(b.name); });
    } catch (e) {
      return [];
    }
  };

  /** Saves a query under a name (trimmed, not empty), replacing one saved under the same name. */
  Saved.prototype.saveAs = function (name, query, endpoint) {
    var key = String(name).trim();
    if (!key) { throw new Error('a saved query needs a name'); }
    var list = this.named().filter(function (e) { return e.name !== key; });
    list.push({ name: key, query: query, endpoint: endpoint, at: new Date().toISOString() });
    this.write(NAMED, JSON.stringify(list));
  };

  /** Forgets the query saved under a name. */
  Saved.prototype.remove = function (name) {
    this.write(NAMED, JSON.stringify(this.named().filter(function (e) { return e.name !== name; })));
  };

  global.FloeSaved = { fromLink: fromLink, linkFor: linkFor, summary: summary, Saved: Saved, HISTORY_SIZE: HISTORY_SIZE };
})(this);
