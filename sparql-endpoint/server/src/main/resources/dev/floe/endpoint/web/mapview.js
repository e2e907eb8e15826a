/*
 * The analyst page's map: an offline Natural Earth basemap, one Leaflet layer per result column that holds
 * geometries (WKT or GeoJSON literals), each with its own style and a checkbox in the layers control, features
 * coloured by a chosen result column with a legend, the geometry of a described resource, and a choice between
 * Web Mercator and the Antarctic polar stereographic projection (EPSG:3031, through proj4 and Proj4Leaflet).
 * Switching the projection builds a new Leaflet map (a map's CRS is fixed) and draws the same result again.
 */
(function (global) {
  'use strict';

  var WKT = 'http://www.opengis.net/ont/geosparql#wktLiteral';
  var GEOJSON = 'http://www.opengis.net/ont/geosparql#geoJSONLiteral';
  var MAX_SHAPES = 5000;
  /** One style per geometry column, in the order the columns come; the dash tells layers apart when coloured by value. */
  var LAYER_STYLES = [
    { color: '#c2410c', dashArray: null }, { color: '#1d4ed8', dashArray: '6 4' }, { color: '#15803d', dashArray: '2 4' },
    { color: '#7e22ce', dashArray: '10 3 2 3' }, { color: '#0e7490', dashArray: null }];
  var SELECTED = { color: '#facc15', weight: 4, fillOpacity: 0.5 };
  var PALETTE = ['#2e7d32', '#6d28d9', '#f59e0b', '#0e7490', '#be123c', '#4d7c0f', '#1d4ed8', '#a16207', '#db2777', '#475569'];
  /** A sequential ramp (viridis), low to high, one colour per equal-width range. */
  var RAMP = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
  var POLAR = {
    code: 'EPSG:3031',
    proj4: '+proj=stere +lat_0=-90 +lat_ts=-71 +lon_0=0 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs',
    // 32 km a pixel at zoom 0: the 8,388 km square around the pole (to about 50 degrees south) in 256 pixels
    resolutions: [32768, 16384, 8192, 4096, 2048, 1024, 512, 256, 128, 64, 32, 16],
    extent: 4194304
  };

  /** Whether a term is a geometry literal the map can read. */
  function isGeometry(term) {
    return !!term && term.type === 'literal' && (term.datatype === WKT || term.datatype === GEOJSON);
  }

  /** {geometry, drawable} of a geometry literal; throws on unreadable text. */
  function geometryOf(term) {
    if (term.datatype === GEOJSON) {
      var g = JSON.parse(term.value);
      return { geometry: g && g.type === 'Feature' ? g.geometry : g, drawable: true };
    }
    return FloeWkt.parse(term.value);
  }

  /** The result columns that hold geometries, in the result's order. */
  function geometryColumns(vars, rows) {
    return vars.filter(function (v) { return rows.some(function (r) { return isGeometry(r[v]); }); });
  }

  /** The key a term is grouped by when colouring: short IRI, lexical form, or '(none)'. */
  function categoryOf(term, shortIri) {
    return !term ? '(none)' : term.type === 'uri' ? shortIri(term.value) : term.value;
  }

  /**
   * How features are coloured by column v: {column, entries: [{label, color, count}], colourOf(row)}, categorical for
   * strings and IRIs (first appearance order), a ramp of equal ranges when every value is a number; null for none.
   */
  function colouring(v, rows, shortIri) {
    if (!v) { return null; }
    var numbers = rows.map(function (r) {
      var t = r[v];
      return t && t.type === 'literal' && FloeTerms.isNumeric(t.datatype) ? Number(t.value) : null;
    });
    var numeric = rows.length > 0 && numbers.every(function (n) { return n !== null && isFinite(n); });
    if (numeric) {
      var lo = Math.min.apply(null, numbers), hi = Math.max.apply(null, numbers);
      var bins = lo === hi ? 1 : RAMP.length, width = (hi - lo) / bins;
      var binOf = function (n) { return bins === 1 ? 0 : Math.min(bins - 1, Math.floor((n - lo) / width)); };
      var entries = [];
      for (var b = 0; b < bins; b++) {
        var from = lo + b * width, to = b === bins - 1 ? hi : lo + (b + 1) * width;
        entries.push({ label: bins === 1 ? round(lo) : round(from) + ' – ' + round(to), color: RAMP[bins === 1 ? RAMP.length - 1 : b], count: 0 });
      }
      numbers.forEach(function (n) { entries[binOf(n)].count++; });
      return { column: v, numeric: true, entries: entries,
        colourOf: function (i) { return entries[binOf(numbers[i])].color; } };
    }
    var byKey = {}, list = [];
    rows.forEach(function (r) {
      var k = categoryOf(r[v], shortIri);
      if (!(k in byKey)) { byKey[k] = { label: k, color: PALETTE[list.length % PALETTE.length], count: 0 }; list.push(byKey[k]); }
      byKey[k].count++;
    });
    return { column: v, numeric: false, entries: list,
      colourOf: function (i) { return byKey[categoryOf(rows[i][v], shortIri)].color; } };
  }

  function round(n) {
    return String(Number(n.toPrecision(3)));
  }

  /** The map in element id; onSelect(row) is called when a result feature is clicked, popup(row) gives its HTML. */
  function MapView(id, options) {
    this.id = id;
    this.options = options;
    this.projection = 'mercator';
    this.result = null;
    this.described = null;
    this.build();
  }

  MapView.prototype.build = function () {
    var polar = this.projection === 'polar';
    var crs = polar ? new L.Proj.CRS(POLAR.code, POLAR.proj4, {
      resolutions: POLAR.resolutions, origin: [-POLAR.extent, POLAR.extent],
      bounds: L.bounds([-POLAR.extent, -POLAR.extent], [POLAR.extent, POLAR.extent])
    }) : L.CRS.EPSG3857;
    var map = L.map(this.id, polar ? { crs: crs, minZoom: 0, maxZoom: 11 } : { worldCopyJump: true, minZoom: 1 });
    if (polar) { map.setView([-90, 0], 0); } else { map.setView([20, 0], 1); }
    map.attributionControl.addAttribution('Basemap: Natural Earth (public domain)');
    this.map = map;
    this.layerControl = null;
    this.groups = {};
    this.shapesByRow = {};
    this.describeLayer = L.featureGroup().addTo(map);
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'floe-legend');
      div.id = 'legend';
      div.hidden = true;
      return div;
    };
    legend.addTo(map);
    var self = this;
    this.basemap().then(function (land) {
      if (self.map !== map) { return; }
      var features = polar ? land.features.filter(southern) : land.features;
      L.geoJSON({ type: 'FeatureCollection', features: features }, { interactive: false,
        style: { color: '#9aa8b4', weight: 0.6, fillColor: '#eef0ea', fillOpacity: 1 } }).addTo(map).bringToBack();
    });
    document.getElementById(this.id).dataset.projection = this.projection;
    global.floeMap = map; // for the browser tests and the console
  };

  /** The land polygons south of the equator: the polar projection sends the north pole to infinity. */
  function southern(f) {
    var north = -90;
    (function walk(c) { if (typeof c[0] === 'number') { north = Math.max(north, c[1]); } else { c.forEach(walk); } })(f.geometry.coordinates);
    return north < 0;
  }

  MapView.prototype.basemap = function () {
    if (!this.land) {
      this.land = fetch('assets/basemap-land.geojson').then(function (r) { return r.json(); });
    }
    return this.land;
  };

  /** Switches to 'mercator' or 'polar' and draws the result and the described geometry again. */
  MapView.prototype.setProjection = function (projection) {
    if (projection === this.projection) { return; }
    this.map.remove();
    this.projection = projection;
    this.build();
    if (this.result) { this.show(this.result.vars, this.result.rows, this.result.colourBy, this.result.shortIri); }
    if (this.described) { this.showDescribed(this.described); }
  };

  /** Clears the result from the map. */
  MapView.prototype.clear = function () {
    this.show([], [], null, null);
    this.result = null;
  };

  /**
   * Draws the rows: a layer per geometry column, coloured by column colourBy (null: each layer its own colour).
   * Returns {drawn, otherCrs, broken, columns}.
   */
  MapView.prototype.show = function (vars, rows, colourBy, shortIri) {
    var self = this, map = this.map;
    this.result = { vars: vars, rows: rows, colourBy: colourBy, shortIri: shortIri };
    Object.keys(this.groups).forEach(function (v) { map.removeLayer(self.groups[v]); });
    if (this.layerControl) { this.layerControl.remove(); this.layerControl = null; }
    this.groups = {};
    this.shapesByRow = {};
    this.selected = -1;
    var columns = geometryColumns(vars, rows);
    this.colours = colouring(colourBy, rows, shortIri);
    this.showLegend(this.colours);
    var drawn = 0, otherCrs = 0, broken = 0, counts = {};
    columns.forEach(function (v, c) {
      var group = L.featureGroup().addTo(map);
      self.groups[v] = group;
      counts[v] = 0;
      rows.forEach(function (row, i) {
        var term = row[v];
        if (!isGeometry(term) || drawn >= MAX_SHAPES) { return; }
        var parsed;
        try { parsed = geometryOf(term); } catch (e) { broken++; return; }
        if (!parsed.drawable) { otherCrs++; return; }
        if (!parsed.geometry) { return; }
        var style = function () { return self.styleOf(i, c, v); };
        var layer = L.geoJSON(parsed.geometry, {
          style: style,
          pointToLayer: function (f, latlng) { return L.circleMarker(latlng, L.extend({ radius: 5 }, style())); }
        });
        layer.floeColumn = c;
        layer.floeVar = v;
        layer.on('click', function () { self.options.onSelect(i); });
        layer.bindPopup(function () { return self.options.popup(row); });
        layer.addTo(group);
        (self.shapesByRow[i] = self.shapesByRow[i] || []).push(layer);
        drawn++;
        counts[v]++;
      });
    });
    if (columns.length) {
      var overlays = {};
      columns.forEach(function (v, c) {
        var s = LAYER_STYLES[c % LAYER_STYLES.length];
        overlays['<span class="floe-layer-name" data-var="' + escapeHtml(v) + '"><span class="floe-swatch" style="background:' + s.color +
          '"></span>' + escapeHtml(v) + ' <span class="dt">(' + counts[v] + ')</span></span>'] = self.groups[v];
      });
      this.layerControl = L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);
      this.layerControl.getContainer().id = 'layers';
    }
    var bounds = this.bounds();
    if (bounds) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9 }); }
    return { drawn: drawn, otherCrs: otherCrs, broken: broken, columns: columns };
  };

  /** The bounds of every drawn result feature, or null. */
  MapView.prototype.bounds = function () {
    var all = L.featureGroup(Object.keys(this.groups).map(function (v) { return this.groups[v]; }, this));
    var b = all.getBounds();
    return b.isValid() ? b : null;
  };

  MapView.prototype.styleOf = function (i, c, v) {
    var base = LAYER_STYLES[c % LAYER_STYLES.length];
    var colour = this.colours ? this.colours.colourOf(i) : base.color;
    var style = { color: colour, weight: this.colours ? 1.5 : 2, dashArray: base.dashArray, fillColor: colour,
      fillOpacity: this.colours ? 0.55 : 0.25, className: 'floe-shape floe-layer-' + cssName(v) };
    return i === this.selected ? L.extend(style, SELECTED) : style;
  };

  MapView.prototype.showLegend = function (colours) {
    var div = document.getElementById('legend');
    if (!colours) { div.hidden = true; div.innerHTML = ''; return; }
    div.innerHTML = '<strong>' + escapeHtml(colours.column) + '</strong>' + colours.entries.map(function (e) {
      return '<div class="floe-legend-entry" data-class="' + escapeHtml(e.label) + '"><span class="floe-swatch" style="background:' +
        e.color + '"></span>' + escapeHtml(e.label) + ' <span class="dt">(' + e.count + ')</span></div>';
    }).join('');
    div.hidden = false;
  };

  /** Highlights the features of row i (and zooms to them when zoom); -1 highlights none. */
  MapView.prototype.select = function (i, zoom) {
    var self = this, previous = this.selected;
    this.selected = i;
    [previous, i].forEach(function (r) {
      (self.shapesByRow[r] || []).forEach(function (l) { l.setStyle(self.styleOf(r, l.floeColumn, l.floeVar)); });
    });
    var layers = this.shapesByRow[i] || [];
    layers.forEach(function (l) { l.bringToFront(); });
    if (zoom && layers.length) { this.map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [30, 30], maxZoom: 9 }); }
  };

  /** Draws the geometry literals of a described resource (and fits the map to them); [] clears them. */
  MapView.prototype.showDescribed = function (terms) {
    this.described = terms.length ? terms : null;
    this.describeLayer.clearLayers();
    var n = 0, self = this;
    terms.forEach(function (t) {
      try {
        var parsed = geometryOf(t);
        if (parsed.drawable && parsed.geometry) {
          L.geoJSON(parsed.geometry, {
            style: { color: '#db2777', weight: 3, fillOpacity: 0.2, className: 'floe-described-shape' },
            pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 7, color: '#db2777', className: 'floe-described-shape' }); }
          }).addTo(self.describeLayer);
          n++;
        }
      } catch (e) { /* an unreadable geometry is left off the map */ }
    });
    document.getElementById(this.id).dataset.described = String(n);
    if (n) { this.map.fitBounds(this.describeLayer.getBounds(), { padding: [30, 30], maxZoom: 9 }); }
    return n;
  };

  function cssName(v) {
    return String(v).replace(/[^A-Za-z0-9_-]/g, '_');
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  global.FloeMapView = { MapView: MapView, isGeometry: isGeometry, geometryColumns: geometryColumns, MAX_SHAPES: MAX_SHAPES };
})(this);
