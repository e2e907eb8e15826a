/*
 * The describe view: what the store says about one IRI, inside the page. Its properties (outgoing triples), the
 * resources that link to it (incoming, at most INCOMING), and its geometry (geo:hasDefaultGeometry or geo:hasGeometry,
 * then geo:asWKT or geo:asGeoJSON, or its own geo:asWKT) on the map. IRIs in the view describe in turn; Back
 * returns to the previous one. An IRI the store knows nothing about keeps an "open" link to the outside.
 */
(function (global) {
  'use strict';

  var INCOMING = 100;
  var OUTGOING = 500;
  var GEO = 'http://www.opengis.net/ont/geosparql#';

  /**
   * The view in the elements of the page (#describe...); select(text) runs a SELECT and resolves to its bindings,
   * show(iri) renders a term's HTML, mapView draws the geometry.
   */
  function Describe(options) {
    this.options = options;
    this.trail = [];
    var self = this;
    document.getElementById('describe-close').addEventListener('click', function () { self.close(); });
    document.getElementById('describe-back').addEventListener('click', function () { self.back(); });
    document.getElementById('describe').addEventListener('click', function (e) {
      var a = e.target.closest('a.iri');
      if (a) { e.preventDefault(); self.open(a.dataset.iri); }
    });
  }

  /** Whether iri can be written between < and > in a query (SPARQL's IRIREF). */
  function writable(iri) {
    return /^[^<>"{}|^`\\\s]+$/.test(iri);
  }

  Describe.prototype.open = function (iri) {
    if (!writable(iri)) { return; }
    if (this.trail[this.trail.length - 1] !== iri) { this.trail.push(iri); }
    this.render(iri);
  };

  Describe.prototype.back = function () {
    if (this.trail.length > 1) { this.trail.pop(); }
    this.render(this.trail[this.trail.length - 1]);
  };

  Describe.prototype.close = function () {
    this.trail = [];
    document.getElementById('describe').hidden = true;
    document.getElementById('table-wrap').hidden = false;
    this.options.mapView.showDescribed([]);
  };

  Describe.prototype.render = function (iri) {
    var o = this.options, self = this, ref = '<' + iri + '>';
    var panel = document.getElementById('describe');
    panel.hidden = false;
    panel.dataset.state = 'loading';
    document.getElementById('table-wrap').hidden = true;
    document.getElementById('describe-iri').textContent = o.shortIri(iri);
    document.getElementById('describe-iri').title = iri;
    document.getElementById('describe-open').href = iri;
    document.getElementById('describe-back').disabled = this.trail.length < 2;
    var out = o.select('SELECT ?p ?o WHERE { ' + ref + ' ?p ?o } ORDER BY ?p ?o LIMIT ' + OUTGOING);
    var inc = o.select('SELECT ?s ?p WHERE { ?s ?p ' + ref + ' } ORDER BY ?p ?s LIMIT ' + (INCOMING + 1));
    var geom = o.select('PREFIX geo: <' + GEO + '> SELECT DISTINCT ?g WHERE { { ' + ref + ' geo:hasDefaultGeometry|geo:hasGeometry ?x . ' +
      '?x geo:asWKT|geo:asGeoJSON ?g } UNION { ' + ref + ' geo:asWKT ?g } } LIMIT 20');
    Promise.all([out, inc, geom]).then(function (answers) {
      if (self.trail[self.trail.length - 1] !== iri) { return; } // another IRI was opened meanwhile
      var outRows = answers[0], inRows = answers[1];
      fill('describe-out', outRows.map(function (r) { return [o.show(r.p), o.show(r.o)]; }));
      var more = inRows.length > INCOMING;
      fill('describe-in', inRows.slice(0, INCOMING).map(function (r) { return [o.show(r.s), o.show(r.p)]; }));
      document.getElementById('describe-in-note').textContent = more ? 'the first ' + INCOMING + ' shown' : '';
      document.getElementById('describe-unknown').hidden = outRows.length + inRows.length > 0;
      var shapes = o.mapView.showDescribed(answers[2].map(function (r) { return r.g; }).filter(Boolean));
      document.getElementById('describe-geometry').textContent = shapes ? shapes + ' geometr' + (shapes === 1 ? 'y' : 'ies') + ' on the map' : 'no geometry';
      panel.dataset.state = 'done';
    }).catch(function (e) {
      fill('describe-out', []);
      fill('describe-in', []);
      document.getElementById('describe-geometry').textContent = 'Could not describe it: ' + e.message;
      panel.dataset.state = 'error';
    });
  };

  function fill(id, rows) {
    document.getElementById(id).tBodies[0].innerHTML = rows.map(function (cells) {
      return '<tr>' + cells.map(function (c) { return '<td>' + c + '</td>'; }).join('') + '</tr>';
    }).join('');
  }

  global.FloeDescribe = { Describe: Describe, INCOMING: INCOMING, writable: writable };
})(this);
