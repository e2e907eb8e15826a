/*
 * GeoSPARQL WKT literal -> GeoJSON geometry, for drawing query results with Leaflet.
 *
 * Hand-written rather than taken from a library because no WKT geometry parser is published as a webjar,
 * and because GeoSPARQL literals carry what generic parsers reject: a leading CRS IRI
 * ("<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(...)"), whose axis order (lat, lon for EPSG:4326)
 * must be honoured. Returns {geometry, crs, drawable}; throws Error with a message for malformed text.
 */
(function (global) {
  'use strict';

  var CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
  var LAT_LON = ['http://www.opengis.net/def/crs/EPSG/0/4326', 'http://www.opengis.net/def/crs/EPSG/0/4258'];
  var LON_LAT = [CRS84, 'http://www.opengis.net/def/crs/OGC/1.3/CRS83', 'http://www.opengis.net/def/crs/OGC/1.3/CRS27'];

  function parse(text) {
    var s = String(text).trim();
    var crs = CRS84;
    if (s.charAt(0) === '<') {
      var end = s.indexOf('>');
      if (end < 0) { throw new Error('unterminated CRS IRI'); }
      crs = s.substring(1, end);
      s = s.substring(end + 1).trim();
    }
    var p = { s: s, i: 0 };
    var geometry = geom(p);
    skipSpace(p);
    if (p.i < p.s.length) { throw new Error('unexpected text after geometry at ' + p.i + ': ' + p.s.substring(p.i, p.i + 20)); }
    var swap = LAT_LON.indexOf(crs) >= 0;
    var drawable = swap || LON_LAT.indexOf(crs) >= 0;
    if (swap) { geometry = mapCoords(geometry, function (c) { return [c[1], c[0]]; }); }
    return { geometry: geometry, crs: crs, drawable: drawable };
  }

  function skipSpace(p) { while (p.i < p.s.length && /\s/.test(p.s.charAt(p.i))) { p.i++; } }

  function word(p) {
    skipSpace(p);
    var m = /^[A-Za-z]+/.exec(p.s.substring(p.i));
    if (!m) { return null; }
    p.i += m[0].length;
    return m[0].toUpperCase();
  }

  function expect(p, ch) {
    skipSpace(p);
    if (p.s.charAt(p.i) !== ch) { throw new Error("expected '" + ch + "' at " + p.i); }
    p.i++;
  }

  function peek(p) { skipSpace(p); return p.s.charAt(p.i); }

  function empty(p) {
    var save = p.i;
    if (word(p) === 'EMPTY') { return true; }
    p.i = save;
    return false;
  }

  function number(p) {
    skipSpace(p);
    var m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(p.s.substring(p.i));
    if (!m) { throw new Error('expected a number at ' + p.i); }
    p.i += m[0].length;
    return parseFloat(m[0]);
  }

  function position(p) {
    var c = [number(p), number(p)];
    while (/[-+.\d]/.test(peek(p))) { number(p); } // Z and M values are not drawn
    return c;
  }

  function positions(p) {
    expect(p, '(');
    var out = [];
    do {
      // MULTIPOINT may wrap each point in parentheses
      if (peek(p) === '(') { expect(p, '('); out.push(position(p)); expect(p, ')'); } else { out.push(position(p)); }
    } while (peek(p) === ',' && ++p.i);
    expect(p, ')');
    return out;
  }

  function list(p, item) {
    expect(p, '(');
    var out = [];
    do { out.push(item(p)); } while (peek(p) === ',' && ++p.i);
    expect(p, ')');
    return out;
  }

  function geom(p) {
    var type = word(p);
    if (!type) { throw new Error('expected a geometry type at ' + p.i); }
    var dims = p.s.substring(p.i).match(/^\s*(ZM|Z|M)\b/i);
    if (dims) { p.i += dims[0].length; }
    var isEmpty = empty(p);
    switch (type) {
      case 'POINT':
        if (isEmpty) { return null; }
        expect(p, '('); var c = position(p); expect(p, ')');
        return { type: 'Point', coordinates: c };
      case 'LINESTRING':
        return isEmpty ? null : { type: 'LineString', coordinates: positions(p) };
      case 'POLYGON':
        return isEmpty ? null : { type: 'Polygon', coordinates: list(p, positions) };
      case 'MULTIPOINT':
        return isEmpty ? null : { type: 'MultiPoint', coordinates: positions(p) };
      case 'MULTILINESTRING':
        return isEmpty ? null : { type: 'MultiLineString', coordinates: list(p, positions) };
      case 'MULTIPOLYGON':
        return isEmpty ? null : { type: 'MultiPolygon', coordinates: list(p, function (q) { return list(q, positions); }) };
      case 'GEOMETRYCOLLECTION':
        return isEmpty ? null : { type: 'GeometryCollection', geometries: list(p, geom).filter(Boolean) };
      default:
        throw new Error('unknown geometry type ' + type);
    }
  }

  function mapCoords(g, f) {
    if (!g) { return g; }
    if (g.type === 'GeometryCollection') {
      return { type: g.type, geometries: g.geometries.map(function (x) { return mapCoords(x, f); }) };
    }
    function walk(c) { return typeof c[0] === 'number' ? f(c) : c.map(walk); }
    return { type: g.type, coordinates: walk(g.coordinates) };
  }

  global.FloeWkt = { parse: parse, CRS84: CRS84 };
})(this);
