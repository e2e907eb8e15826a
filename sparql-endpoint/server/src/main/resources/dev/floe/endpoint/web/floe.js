/*
 * The floe analyst page: a GeoSPARQL editor (CodeMirror), a paged results table, a map (mapview.js) of the
 * geometries in the results, and a describe view of the IRIs in them (describe.js). Talks to the server's SPARQL 1.1
 * Protocol endpoints only, sending the analyst's API key (kept in sessionStorage) with every request.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 50;
  var KEY = 'floe.apiKey';
  // a result with a ?class column is coloured by it at first (queries/predicted-land-cover.rq)
  var CLASS_VAR = 'class';
  var WKT_TYPE = 'http://www.opengis.net/ont/geosparql#wktLiteral';
  var DEFAULT_QUERY = [
    'PREFIX geo: <http://www.opengis.net/ont/geosparql#>',
    'PREFIX floe: <https://w3id.org/floe/ontology#>',
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>',
    '',
    'SELECT ?product ?platform ?footprint WHERE {',
    '  ?p a floe:EOProduct ; floe:productId ?product ; floe:platform ?platform ;',
    '     geo:hasDefaultGeometry/geo:asWKT ?footprint .',
    '} ORDER BY ?product',
    ''].join('\n');

  var $ = function (id) { return document.getElementById(id); };
  var state = { vars: [], rows: [], page: 0, selected: -1, prefixes: {} };

  var editor = CodeMirror.fromTextArea($('query'), {
    mode: 'application/sparql-query', lineNumbers: true, matchBrackets: true, indentUnit: 2,
    extraKeys: { 'Ctrl-Enter': run, 'Cmd-Enter': run }
  });
  // the query of a link first, else the text the analyst left, else the default; a link's query is not run on
  // opening (it may be a long or federated query the reader did not ask for): Run is one key away
  var saved = new FloeSaved.Saved(storageOrNull());
  var linked = FloeSaved.fromLink(location.hash);
  var pendingEndpoint = linked ? linked.endpoint : null;
  editor.setValue(linked ? linked.query : saved.lastQuery() || DEFAULT_QUERY);
  if (linked) { $('status').textContent = 'Query from the link: press Run (Ctrl-Enter) to run it'; }
  editor.on('change', function () { saved.keep(editor.getValue()); });
  window.addEventListener('hashchange', function () {
    var l = FloeSaved.fromLink(location.hash);
    if (l && l.query !== editor.getValue()) { editor.setValue(l.query); chooseEndpoint(l.endpoint); }
  });

  function storageOrNull() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // --- the API key: sent as Authorization: Bearer on every request, kept for this browser session only ---------
  function sessionOrNull() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  var session = sessionOrNull();
  $('api-key').value = (session && session.getItem(KEY)) || '';
  $('api-key').addEventListener('change', function () {
    var key = $('api-key').value.trim();
    try { if (session) { if (key) { session.setItem(KEY, key); } else { session.removeItem(KEY); } } } catch (e) { /* refused */ }
    loadEndpoints();
  });

  /** fetch with the analyst's key, if one is entered. */
  function send(url, init) {
    init = init || {};
    var headers = Object.assign({}, init.headers || {});
    var key = $('api-key').value.trim();
    if (key) { headers.Authorization = 'Bearer ' + key; }
    return fetch(url, Object.assign({}, init, { headers: headers }));
  }

  // --- map: no tiles (no network); Natural Earth land as the basemap -------------------------------
  var mapView = new FloeMapView.MapView('map', {
    onSelect: function (i) { select(i, false); },
    popup: function (row) { return popup(row); }
  });
  $('projection').addEventListener('change', function () { mapView.setProjection($('projection').value); });
  $('colour-by').addEventListener('change', function () { drawShapes(); });

  var describe = new FloeDescribe.Describe({
    mapView: mapView,
    shortIri: function (iri) { return shortIri(iri); },
    show: function (term) { return cell(term); },
    select: function (text) {
      return send($('endpoint').value || 'sparql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/sparql-results+json' },
        body: 'query=' + encodeURIComponent(text)
      }).then(function (r) {
        if (!r.ok) { return r.text().then(function (b) { throw new Error(r.status + ' ' + b.trim()); }); }
        return r.json();
      }).then(function (json) { return json.results.bindings; });
    }
  });
  $('results').addEventListener('click', function (e) {
    var a = e.target.closest('a.iri');
    if (a) { e.preventDefault(); describe.open(a.dataset.iri); }
  });

  // --- endpoints and examples ------------------------------------------------------------------
  /** Lists the query endpoints the server offers (none while it refuses the key: the page then queries /sparql). */
  function loadEndpoints() {
    send('health').then(function (r) { return r.ok ? r.json() : { endpoints: [] }; }).then(function (h) {
      var chosen = $('endpoint').value || pendingEndpoint;
      $('endpoint').length = 0;
      (h.endpoints || ['sparql']).forEach(function (e) {
        var o = document.createElement('option');
        o.value = e; o.textContent = '/' + e;
        $('endpoint').appendChild(o);
      });
      chooseEndpoint(chosen);
    });
  }
  loadEndpoints();

  /** Selects an endpoint the server offers; an unknown one (a link from another server) leaves the choice. */
  function chooseEndpoint(endpoint) {
    var offered = Array.prototype.some.call($('endpoint').options, function (o) { return o.value === endpoint; });
    if (endpoint && offered) { $('endpoint').value = endpoint; }
  }

  // --- history: the last queries run ---------------------------------------------------------------
  function showHistory() {
    var select = $('history');
    var entries = saved.history();
    select.length = 1;
    entries.forEach(function (e, i) {
      var o = document.createElement('option');
      o.value = String(i); o.textContent = FloeSaved.summary(e.query); o.title = e.query;
      select.appendChild(o);
    });
    select.disabled = entries.length === 0;
  }
  showHistory();
  $('history').addEventListener('change', function () {
    var e = saved.history()[Number($('history').value)];
    $('history').value = '';
    if (e) {
      editor.setValue(e.query); chooseEndpoint(e.endpoint); editor.focus();
      $('status').textContent = 'Query from the history (run ' + e.at.replace('T', ' ').substring(0, 16) + ' UTC): press Run to run it again';
    }
  });
  // --- saved queries: named, in this browser's localStorage -----------------------------------------------
  function showSaved(chosen) {
    var select = $('saved');
    var entries = saved.named();
    select.length = 1;
    entries.forEach(function (e) {
      var o = document.createElement('option');
      o.value = e.name; o.textContent = e.name; o.title = e.query;
      select.appendChild(o);
    });
    select.disabled = entries.length === 0;
    select.value = chosen && entries.some(function (e) { return e.name === chosen; }) ? chosen : '';
    $('delete-saved').disabled = !select.value;
  }
  showSaved(null);
  $('save-as').addEventListener('click', function () {
    var name = $('save-name').value.trim();
    if (!name) { $('status').textContent = 'Give the query a name to save it under'; $('save-name').focus(); return; }
    saved.saveAs(name, editor.getValue(), $('endpoint').value || 'sparql');
    showSaved(name);
    $('save-name').value = '';
    $('status').textContent = 'Saved as "' + name + '" in this browser';
  });
  $('saved').addEventListener('change', function () {
    var name = $('saved').value;
    var e = saved.named().filter(function (x) { return x.name === name; })[0];
    $('delete-saved').disabled = !e;
    if (e) {
      editor.setValue(e.query); chooseEndpoint(e.endpoint); editor.focus();
      $('status').textContent = 'Saved query "' + e.name + '": press Run to run it';
    }
  });
  $('delete-saved').addEventListener('click', function () {
    var name = $('saved').value;
    if (!name) { return; }
    saved.remove(name);
    showSaved(null);
    $('status').textContent = 'Deleted the saved query "' + name + '"';
  });

  var examples = [];
  send('queries').then(function (r) { return r.json(); }).then(function (list) {
    examples = list;
    list.forEach(function (q) {
      var o = document.createElement('option');
      o.value = q.name; o.textContent = q.title;
      $('examples').appendChild(o);
    });
    $('examples').dataset.loaded = String(list.length);
  });
  $('examples').addEventListener('change', function () {
    var q = examples.filter(function (x) { return x.name === $('examples').value; })[0];
    if (q) { editor.setValue(q.text); $('example-description').textContent = q.description; }
  });
  $('run').addEventListener('click', run);
  $('add-prefixes').addEventListener('click', addPrefixes);
  $('prev').addEventListener('click', function () { showPage(state.page - 1); });
  $('next').addEventListener('click', function () { showPage(state.page + 1); });

  // --- running a query ----------------------------------------------------------------------------
  function run() {
    var text = editor.getValue();
    var endpoint = $('endpoint').value || 'sparql';
    var started = performance.now();
    window.history.replaceState(null, '', FloeSaved.linkFor(text, endpoint));
    saved.record(text, endpoint);
    showHistory();
    $('run').disabled = true;
    $('error').hidden = true;
    clearErrorMark();
    showDownloads(null);
    $('status').textContent = 'Running…';
    describe.close();
    document.body.dataset.state = 'running';
    send(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded',
                 'Accept': 'application/sparql-results+json, text/turtle;q=0.9' },
      body: 'query=' + encodeURIComponent(text)
    }).then(function (r) {
      return r.text().then(function (body) { return { response: r, body: body }; });
    }).then(function (x) {
      var ms = Math.round(performance.now() - started);
      if (!x.response.ok) {
        var why = FloeErrors.explain(x.body, text);
        markError(why.line, why.column);
        var hint = x.response.status === 401
          ? 'This server needs an API key for reads: enter it in the Key field (kept for this browser session only).'
          : why.hint;
        fail('The server answered ' + x.response.status + ' ' + x.response.statusText + ':\n' + why.message, hint);
        return;
      }
      state.prefixes = prefixesOf(text);
      var type = x.response.headers.get('Content-Type') || '';
      if (type.indexOf('application/sparql-results+json') === 0) {
        var json = JSON.parse(x.body);
        if (typeof json.boolean === 'boolean') {
          showGraph('ASK: ' + json.boolean);
          $('status').textContent = 'ASK answered ' + json.boolean + ' in ' + ms + ' ms';
          showDownloads(downloadLinks(endpoint, text, ['csv', 'tsv', 'json']));
        } else {
          showSolutions(json.head.vars, json.results.bindings);
          $('status').textContent = json.results.bindings.length + ' rows in ' + ms + ' ms';
          showDownloads(downloadLinks(endpoint, text, ['csv', 'tsv', 'json', 'geojson']));
        }
      } else {
        showGraph(x.body);
        $('status').textContent = 'Graph result in ' + ms + ' ms';
      }
      document.body.dataset.state = 'done';
    }).catch(function (e) {
      fail('The request failed: ' + e.message);
    }).then(function () { $('run').disabled = false; });
  }

  // --- the parser's position, marked in the editor until the next edit or run ----------------------
  var errorMark = null, errorLine = null;

  function markError(line, column) {
    clearErrorMark();
    if (!line || line > editor.lineCount()) { return; }
    var l = line - 1, text = editor.getLine(l), ch = Math.min(Math.max(0, (column || 1) - 1), text.length);
    var end = ch + Math.max(1, (/^[^\s{}().;,]*/.exec(text.substring(ch)) || [''])[0].length);
    errorLine = editor.addLineClass(l, 'background', 'floe-error-line');
    errorMark = editor.markText({ line: l, ch: ch }, { line: l, ch: Math.min(end, text.length || 1) },
      { className: 'floe-error-token', attributes: { title: 'the parser stopped here' } });
    editor.setCursor({ line: l, ch: ch });
  }

  function clearErrorMark() {
    if (errorMark) { errorMark.clear(); errorMark = null; }
    if (errorLine) { editor.removeLineClass(errorLine, 'background', 'floe-error-line'); errorLine = null; }
  }
  editor.on('change', function () { clearErrorMark(); });

  // --- downloads: the query again, in the server's own formats (format= on a GET), fetched with the key and saved
  // from a Blob: a plain link cannot send the key's header --------------------------------------------------------
  var DOWNLOAD_FILES = { csv: 'floe-results.csv', tsv: 'floe-results.tsv', json: 'floe-results.srj', geojson: 'floe-results.geojson' };

  function downloadLinks(endpoint, text, formats) {
    var out = {};
    formats.forEach(function (f) { out[f] = endpoint + '?format=' + f + '&query=' + encodeURIComponent(text); });
    return out;
  }

  Object.keys(DOWNLOAD_FILES).forEach(function (f) {
    $('download-' + f).addEventListener('click', function (e) {
      var a = e.currentTarget;
      if (!a.href || a.dataset.saving) { return; }
      e.preventDefault();
      a.dataset.saving = 'yes';
      send(a.href).then(function (r) {
        if (!r.ok) { return r.text().then(function (b) { throw new Error(r.status + ' ' + r.statusText + ': ' + b.trim()); }); }
        return r.blob();
      }).then(function (blob) {
        var url = URL.createObjectURL(blob), save = document.createElement('a');
        save.href = url; save.download = DOWNLOAD_FILES[f];
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        a.dataset.saved = String(blob.size);
        $('status').textContent = 'Saved ' + DOWNLOAD_FILES[f] + ' (' + blob.size + ' bytes)';
      }).catch(function (err) {
        $('status').textContent = 'The download failed: ' + err.message;
      }).then(function () { delete a.dataset.saving; });
    });
  });

  /** Shows a link per format in links ({format: href}); null hides them all. */
  function showDownloads(links) {
    Object.keys(DOWNLOAD_FILES).forEach(function (f) {
      var a = $('download-' + f);
      a.hidden = !links || !links[f];
      if (links && links[f]) { a.href = links[f]; a.download = DOWNLOAD_FILES[f]; } else { a.removeAttribute('href'); }
    });
    $('downloads').hidden = !links;
  }

  /** Shows what went wrong and clears the previous answer, so no stale rows or shapes stand beside the error. */
  function fail(message, hint) {
    $('error-message').textContent = message;
    $('error-hint').textContent = hint || '';
    $('error-hint').hidden = !hint;
    $('error').hidden = false;
    showGraph('');
    $('graph-results').hidden = true;
    $('results').tHead.innerHTML = '';
    $('results').tBodies[0].innerHTML = '';
    showDownloads(null);
    $('status').textContent = '';
    document.body.dataset.state = 'error';
  }

  var WELL_KNOWN = {
    'http://www.w3.org/2001/XMLSchema#': 'xsd:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf:',
    'http://www.w3.org/2000/01/rdf-schema#': 'rdfs:', 'http://www.opengis.net/ont/geosparql#': 'geo:',
    'http://www.opengis.net/def/function/geosparql/': 'geof:', 'http://www.opengis.net/def/uom/OGC/1.0/': 'uom:',
    'https://w3id.org/floe/ontology#': 'floe:', 'https://w3id.org/floe/attr/': 'attr:',
    'http://www.w3.org/ns/dcat#': 'dcat:', 'http://purl.org/dc/terms/': 'dct:', 'http://www.w3.org/ns/prov#': 'prov:',
    'http://www.w3.org/ns/sosa/': 'sosa:'
  };

  /** Declares, at the top of the query, every well-known prefix it uses but does not declare. */
  function addPrefixes() {
    var text = editor.getValue();
    var body = text.replace(/<[^>\s]*>/g, ' ').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ').replace(/#.*$/gm, ' ');
    var lines = [];
    Object.keys(WELL_KNOWN).forEach(function (ns) {
      var name = WELL_KNOWN[ns];
      var used = new RegExp('(^|[\\s(/^|,;.!])' + name.replace(':', '') + ':').test(body);
      var isDeclared = new RegExp('PREFIX\\s+' + name.replace(':', '') + ':', 'i').test(text);
      if (used && !isDeclared) { lines.push('PREFIX ' + name + ' <' + ns + '>'); }
    });
    if (lines.length) { editor.setValue(lines.join('\n') + '\n' + text); }
    return lines.length;
  }

  function prefixesOf(text) {
    var out = Object.assign({}, WELL_KNOWN), re = /PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gi, m;
    while ((m = re.exec(text))) { out[m[2]] = (m[1] || '') + ':'; }
    return out;
  }

  function shortIri(iri) {
    var best = null;
    Object.keys(state.prefixes).forEach(function (ns) {
      if (iri.indexOf(ns) === 0 && (!best || ns.length > best.length)) { best = ns; }
    });
    return best ? state.prefixes[best] + iri.substring(best.length) : '<' + iri + '>';
  }

  // --- results: table and map ---------------------------------------------------------------------
  function showSolutions(vars, rows) {
    state.vars = vars; state.rows = rows; state.selected = -1;
    $('graph-results').hidden = true;
    $('results').hidden = false;
    var head = '<tr><th>#</th>' + vars.map(function (v) { return '<th>' + escapeHtml(v) + '</th>'; }).join('') + '</tr>';
    $('results').tHead.innerHTML = head;
    offerColourColumns(vars, rows);
    drawShapes();
    showPage(0);
  }

  function showGraph(text) {
    state.rows = []; state.vars = []; state.selected = -1;
    offerColourColumns([], []);
    mapView.clear();
    setShapeCount(0, 0, 0);
    $('results').hidden = true;
    $('pager').hidden = true;
    $('graph-results').hidden = false;
    $('graph-results').textContent = text;
  }

  function showPage(page) {
    var pages = Math.max(1, Math.ceil(state.rows.length / PAGE_SIZE));
    page = Math.max(0, Math.min(page, pages - 1));
    state.page = page;
    var from = page * PAGE_SIZE, to = Math.min(state.rows.length, from + PAGE_SIZE);
    var html = [];
    for (var i = from; i < to; i++) {
      var row = state.rows[i];
      html.push('<tr data-row="' + i + '"' + (i === state.selected ? ' class="selected"' : '') + '><td>' + (i + 1) + '</td>' +
        state.vars.map(function (v) { return '<td>' + cell(row[v]) + '</td>'; }).join('') + '</tr>');
    }
    $('results').tBodies[0].innerHTML = html.join('');
    $('pager').hidden = state.rows.length <= PAGE_SIZE;
    $('page-label').textContent = state.rows.length === 0 ? '' : (from + 1) + '–' + to + ' of ' + state.rows.length;
    $('prev').disabled = page === 0;
    $('next').disabled = page >= pages - 1;
    Array.prototype.forEach.call($('results').tBodies[0].rows, function (tr) {
      tr.addEventListener('click', function () { select(Number(tr.dataset.row), true); });
    });
  }

  function cell(term) {
    if (!term) { return ''; }
    if (term.type === 'uri') {
      // opens the describe view inside the page; the plain href stays for "open in a new tab"
      return '<a class="iri" href="' + escapeHtml(term.value) + '" data-iri="' + escapeHtml(term.value) + '" title="' +
        escapeHtml(term.value) + ': describe it here">' + escapeHtml(shortIri(term.value)) + '</a>';
    }
    if (term.type === 'bnode') { return '_:' + escapeHtml(term.value); }
    if (term.datatype === WKT_TYPE) {
      var v = term.value.length > 80 ? term.value.substring(0, 77) + '…' : term.value;
      return '<span class="wkt" title="show on the map">' + escapeHtml(v) + '</span>';
    }
    var number = FloeTerms.plainNumber(term.value, term.datatype);
    if (number !== null) {
      var type = shortIri(term.datatype);
      return '<span class="num" title="' + escapeHtml(number === term.value ? type : type + ', written ' + term.value) + '">' +
        escapeHtml(number) + '</span>';
    }
    var extra = term['xml:lang'] ? '@' + term['xml:lang'] : term.datatype ? ' ' + shortIri(term.datatype) : '';
    return escapeHtml(term.value) + (extra ? ' <span class="dt">' + escapeHtml(extra) + '</span>' : '');
  }

  /**
   * Offers every column that is not a geometry for colouring the map; a result with a ?class column (e.g.
   * queries/predicted-land-cover.rq) is coloured by it unless the analyst chose another column of this result.
   */
  function offerColourColumns(vars, rows) {
    var select = $('colour-by'), previous = select.value;
    var geometries = FloeMapView.geometryColumns(vars, rows);
    var columns = vars.filter(function (v) { return geometries.indexOf(v) < 0; });
    select.length = 1;
    columns.forEach(function (v) {
      var o = document.createElement('option');
      o.value = v; o.textContent = v;
      select.appendChild(o);
    });
    select.value = columns.indexOf(previous) >= 0 ? previous : columns.indexOf(CLASS_VAR) >= 0 ? CLASS_VAR : '';
    select.disabled = columns.length === 0;
  }

  function drawShapes() {
    var drawn = mapView.show(state.vars, state.rows, $('colour-by').value || null, shortIri);
    if (state.selected >= 0) { mapView.select(state.selected, false); }
    setShapeCount(drawn.drawn, drawn.otherCrs, drawn.broken);
  }

  function setShapeCount(drawn, otherCrs, broken) {
    $('map').dataset.shapes = String(drawn);
    var notes = [drawn + ' shape' + (drawn === 1 ? '' : 's') + ' on the map'];
    if (drawn >= FloeMapView.MAX_SHAPES) { notes.push('only the first ' + FloeMapView.MAX_SHAPES + ' are drawn'); }
    if (otherCrs) { notes.push(otherCrs + ' in a CRS the map cannot show'); }
    if (broken) { notes.push(broken + ' unreadable WKT values'); }
    $('map-status').textContent = notes.join('; ');
  }

  function popup(row) {
    return '<table>' + state.vars.map(function (v) {
      var t = row[v];
      if (!t || FloeMapView.isGeometry(t)) { return ''; }
      var shown = t.type === 'uri' ? shortIri(t.value) : FloeTerms.plainNumber(t.value, t.datatype);
      return '<tr><th>' + escapeHtml(v) + '</th><td>' + escapeHtml(shown === null ? t.value : shown) + '</td></tr>';
    }).join('') + '</table>';
  }

  function select(i, zoom) {
    state.selected = i;
    mapView.select(i, zoom);
    if (Math.floor(i / PAGE_SIZE) !== state.page) { showPage(Math.floor(i / PAGE_SIZE)); } else {
      Array.prototype.forEach.call($('results').tBodies[0].rows, function (tr) {
        tr.classList.toggle('selected', Number(tr.dataset.row) === i);
      });
    }
    var tr = document.querySelector('tr[data-row="' + i + '"]');
    if (tr) { tr.scrollIntoView({ block: 'nearest' }); }
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
})();
