/*
 * How the analyst page writes RDF literals in the results table: a typed number as a plain number.
 *
 * Works on the lexical form as text, never through a JavaScript number, so every digit the server sent is kept
 * (an xsd:integer beyond 2^53 or a long xsd:decimal is shown exactly): 0.43e0 becomes 0.43, 1.0E6 becomes 1000000.
 * Like JavaScript's own number formatting, a value of 1e21 or more, or under 1e-6, stays in exponent form.
 */
(function (global) {
  'use strict';

  var XSD = 'http://www.w3.org/2001/XMLSchema#';
  var NUMERIC = ['integer', 'decimal', 'double', 'float', 'long', 'int', 'short', 'byte', 'nonNegativeInteger',
    'positiveInteger', 'nonPositiveInteger', 'negativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort',
    'unsignedByte'].map(function (t) { return XSD + t; });
  var LEXICAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

  function isNumeric(datatype) {
    return NUMERIC.indexOf(datatype) >= 0;
  }

  /** The plain form of a numeric literal, or null when the datatype is not numeric or the text is not a number. */
  function plainNumber(lexical, datatype) {
    if (!isNumeric(datatype)) { return null; }
    var s = String(lexical).trim();
    if (s === 'INF' || s === '+INF') { return '∞'; }
    if (s === '-INF') { return '-∞'; }
    if (s === 'NaN') { return 'NaN'; }
    var m = LEXICAL.exec(s);
    if (!m || (m[2] === '' && (m[3] || '') === '')) { return null; }
    var sign = m[1] === '-' ? '-' : '';
    var digits = m[2] + (m[3] || '');
    var point = m[2].length + (m[4] ? parseInt(m[4], 10) : 0); // where the decimal point falls in digits
    var lead = digits.search(/[1-9]/);
    if (lead < 0) { return sign + '0'; }
    digits = digits.substring(lead);
    point -= lead;
    var exponentForm = m[4] !== undefined;
    if (point > 21 || point < -5) {
      var rest = digits.substring(1).replace(/0+$/, '');
      return sign + digits.charAt(0) + (rest ? '.' + rest : '') + 'e' + (point - 1);
    }
    var whole, fraction;
    if (point <= 0) {
      whole = '0'; fraction = new Array(1 - point).join('0') + digits;
    } else if (point >= digits.length) {
      whole = digits + new Array(point - digits.length + 1).join('0'); fraction = '';
    } else {
      whole = digits.substring(0, point); fraction = digits.substring(point);
    }
    // a decimal's trailing zeros are part of what was written (1.50); a double's mantissa zeros are not (1.0E0)
    if (exponentForm) { fraction = fraction.replace(/0+$/, ''); }
    return sign + whole + (fraction ? '.' + fraction : '');
  }

  global.FloeTerms = { plainNumber: plainNumber, isNumeric: isNumeric, XSD: XSD };
})(this);
