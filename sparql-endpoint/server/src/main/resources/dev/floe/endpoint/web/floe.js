/*
 * The floe analyst page: a GeoSPARQL editor (CodeMirror), a paged results table, and a map (Leaflet) of
 * every WKT value in the results over an offline Natural Earth basemap. Talks to the server's SPARQL 1.1
 * Protocol endpoints only.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 50;
  var MAX_SHAPES = 5000;
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
  var state = { vars: [], rows: [], page: 0, shapesByRow: {}, styleByRow: {}, selected: -1, prefixes: {} };

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

  // --- map: no tiles (no network); Natural Earth land as the basemap -------------------------------
  var map = L.map('map', { worldCopyJump: true, minZoom: 1 }).setView([20, 0], 1);
  map.attributionControl.addAttribution('Basemap: Natural Earth (public domain)');
  fetch('assets/basemap-land.geojson').then(function (r) { return r.json(); }).then(function (land) {
    L.geoJSON(land, { interactive: false, style: { color: '#9aa8b4', weight: 0.6, fillColor: '#eef0ea', fillOpacity: 1 } }).addTo(map);
    if (resultLayer) { resultLayer.bringToFront(); }
  });
  var resultLayer = L.featureGroup().addTo(map);
  window.floeMap = map; // for the browser tests and the console
  var shapeStyle = { color: '#c2410c', weight: 2, fillOpacity: 0.25, className: 'floe-shape' };
  var selectedStyle = { color: '#1d4ed8', weight: 3, fillOpacity: 0.45 };
  // a result with a ?class variable (e.g. queries/predicted-land-cover.rq) is drawn one colour per class, with a legend
  var CLASS_VAR = 'class';
  var PALETTE = ['#2e7d32', '#6d28d9', '#f59e0b', '#0e7490', '#be123c', '#4d7c0f', '#1d4ed8', '#a16207', '#db2777', '#475569'];
  var legend = L.control({ position: 'bottomright' });
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'floe-legend');
    div.id = 'legend';
    div.hidden = true;
    return div;
  };
  legend.addTo(map);

  // --- endpoints and examples ------------------------------------------------------------------
  fetch('health').then(function (r) { return r.json(); }).then(function (h) {
    (h.endpoints || ['sparql']).forEach(function (e) {
      var o = document.createElement('option');
      o.value = e; o.textContent = '/' + e;
      $('endpoint').appendChild(o);
    });
    chooseEndpoint(pendingEndpoint);
  });

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
  var examples = [];
  fetch('queries').then(function (r) { return r.json(); }).then(function (list) {
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
    document.body.dataset.state = 'running';
    fetch(endpoint, {
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
        fail('The server answered ' + x.response.status + ' ' + x.response.statusText + ':\n' + why.message, why.hint);
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

  // --- downloads: the query again, in the server's own formats (format= on a GET: a plain link) ----------
  var DOWNLOAD_FILES = { csv: 'floe-results.csv', tsv: 'floe-results.tsv', json: 'floe-results.srj', geojson: 'floe-results.geojson' };

  function downloadLinks(endpoint, text, formats) {
    var out = {};
    formats.forEach(function (f) { out[f] = endpoint + '?format=' + f + '&query=' + encodeURIComponent(text); });
    return out;
  }

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
    state.vars = vars; state.rows = rows; state.shapesByRow = {}; state.selected = -1;
    $('graph-results').hidden = true;
    $('results').hidden = false;
    var head = '<tr><th>#</th>' + vars.map(function (v) { return '<th>' + escapeHtml(v) + '</th>'; }).join('') + '</tr>';
    $('results').tHead.innerHTML = head;
    drawShapes(rows);
    showPage(0);
  }

  function showGraph(text) {
    state.rows = []; state.vars = []; state.styleByRow = {};
    resultLayer.clearLayers();
    showLegend({ order: [] });
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
      return '<a href="' + escapeHtml(term.value) + '" title="' + escapeHtml(term.value) + '">' + escapeHtml(shortIri(term.value)) + '</a>';
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

  /** One style a value of ?class, in order of first appearance; {} when the result has no ?class. */
  function classStyles(rows) {
    var styles = {}, counts = {}, order = [];
    if (state.vars.indexOf(CLASS_VAR) < 0) { return { styles: styles, counts: counts, order: order }; }
    rows.forEach(function (row) {
      var t = row[CLASS_VAR];
      var key = t ? (t.type === 'uri' ? shortIri(t.value) : t.value) : '(none)';
      if (!(key in styles)) {
        var colour = PALETTE[order.length % PALETTE.length];
        styles[key] = { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.55, className: 'floe-shape' };
        counts[key] = 0;
        order.push(key);
      }
      counts[key]++;
    });
    return { styles: styles, counts: counts, order: order };
  }

  function styleOf(i) {
    return state.styleByRow[i] || shapeStyle;
  }

  function showLegend(classes) {
    var div = $('legend');
    if (!classes.order.length) { div.hidden = true; div.innerHTML = ''; return; }
    div.innerHTML = '<strong>' + escapeHtml(CLASS_VAR) + '</strong>' + classes.order.map(function (k) {
      return '<div class="floe-legend-entry" data-class="' + escapeHtml(k) + '"><span class="floe-swatch" style="background:' +
        classes.styles[k].color + '"></span>' + escapeHtml(k) + ' <span class="dt">(' + classes.counts[k] + ')</span></div>';
    }).join('');
    div.hidden = false;
  }

  function drawShapes(rows) {
    resultLayer.clearLayers();
    var drawn = 0, otherCrs = 0, broken = 0;
    var classes = classStyles(rows);
    state.styleByRow = {};
    rows.forEach(function (row, i) {
      if (classes.order.length) {
        var t = row[CLASS_VAR];
        state.styleByRow[i] = classes.styles[t ? (t.type === 'uri' ? shortIri(t.value) : t.value) : '(none)'];
      }
    });
    showLegend(classes);
    rows.forEach(function (row, i) {
      state.vars.forEach(function (v) {
        var term = row[v];
        if (!term || term.type !== 'literal' || term.datatype !== WKT_TYPE || drawn >= MAX_SHAPES) { return; }
        var parsed;
        try { parsed = FloeWkt.parse(term.value); } catch (e) { broken++; return; }
        if (!parsed.drawable) { otherCrs++; return; }
        if (!parsed.geometry) { return; }
        var layer = L.geoJSON(parsed.geometry, {
          className: 'floe-shape',
          style: function () { return styleOf(i); },
          pointToLayer: function (f, latlng) { return L.circleMarker(latlng, L.extend({ radius: 5 }, styleOf(i))); }
        });
        layer.on('click', function () { select(i, false); });
        layer.bindPopup(function () { return popup(row); });
        layer.addTo(resultLayer);
        (state.shapesByRow[i] = state.shapesByRow[i] || []).push(layer);
        drawn++;
      });
    });
    setShapeCount(drawn, otherCrs, broken);
    if (drawn > 0) { map.fitBounds(resultLayer.getBounds(), { padding: [20, 20], maxZoom: 9 }); }
  }

  function setShapeCount(drawn, otherCrs, broken) {
    $('map').dataset.shapes = String(drawn);
    var notes = [drawn + ' shape' + (drawn === 1 ? '' : 's') + ' on the map'];
    if (drawn >= MAX_SHAPES) { notes.push('only the first ' + MAX_SHAPES + ' are drawn'); }
    if (otherCrs) { notes.push(otherCrs + ' in a CRS the map cannot show'); }
    if (broken) { notes.push(broken + ' unreadable WKT values'); }
    $('map-status').textContent = notes.join('; ');
  }

  function popup(row) {
    return '<table>' + state.vars.map(function (v) {
      var t = row[v];
      if (!t || t.datatype === WKT_TYPE) { return ''; }
      var shown = t.type === 'uri' ? shortIri(t.value) : FloeTerms.plainNumber(t.value, t.datatype);
      return '<tr><th>' + escapeHtml(v) + '</th><td>' + escapeHtml(shown === null ? t.value : shown) + '</td></tr>';
    }).join('') + '</table>';
  }

  function select(i, zoom) {
    var previous = state.shapesByRow[state.selected] || [];
    var previousStyle = styleOf(state.selected);
    previous.forEach(function (l) { l.setStyle(previousStyle); });
    state.selected = i;
    var layers = state.shapesByRow[i] || [];
    layers.forEach(function (l) { l.setStyle(selectedStyle); l.bringToFront(); });
    if (Math.floor(i / PAGE_SIZE) !== state.page) { showPage(Math.floor(i / PAGE_SIZE)); } else {
      Array.prototype.forEach.call($('results').tBodies[0].rows, function (tr) {
        tr.classList.toggle('selected', Number(tr.dataset.row) === i);
      });
    }
    var tr = document.querySelector('tr[data-row="' + i + '"]');
    if (tr) { tr.scrollIntoView({ block: 'nearest' }); }
    if (zoom && layers.length) { map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [30, 30], maxZoom: 9 }); }
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
})();
