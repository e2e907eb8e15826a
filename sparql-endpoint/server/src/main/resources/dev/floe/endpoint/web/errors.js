/*
 * The server's error answer as a person can act on it: the parser's position (to mark in the editor), the message
 * without the list of expected tokens, and a hint for the two usual slips: a well-known prefix not declared, and an
 * update sent to the query endpoint.
 */
(function (global) {
  'use strict';

  var WELL_KNOWN = {
    geo: 'http://www.opengis.net/ont/geosparql#', geof: 'http://www.opengis.net/def/function/geosparql/',
    floe: 'https://w3id.org/floe/ontology#', rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', xsd: 'http://www.w3.org/2001/XMLSchema#',
    sosa: 'http://www.w3.org/ns/sosa/', prov: 'http://www.w3.org/ns/prov#', uom: 'http://www.opengis.net/def/uom/OGC/1.0/'
  };
  var UPDATE = /^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b/i;

  /** The first keyword after the prologue (PREFIX and BASE lines, comments). */
  function firstKeyword(query) {
    var s = String(query).replace(/<[^<>\s]*>/g, '<>').replace(/#[^\n]*/g, ' '); // IRIs first: they may hold '#'
    s = s.replace(/^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*/i, '');
    return s.trim();
  }

  /** {message, line, column, hint}: line and column (1-based) null when the message names none, hint '' when none fits. */
  function explain(text, query) {
    var message = String(text).trim();
    var expecting = message.search(/\s*Was expecting/);
    if (expecting > 0) { message = message.substring(0, expecting); }
    var at = /line (\d+), column (\d+)/i.exec(message);
    var token = /Encountered\s+"\s*(?:<[A-Z_0-9]+>|"[^"]*")\s+"(.*?)\s*""\s+at line/.exec(message);
    if (token) { message = message.replace(/Encountered\s+".*?""\s+at (line \d+, column \d+)\.?/, 'unexpected "' + token[1] + '" at $1'); }
    var hint = '';
    var unresolved = /Unresolved prefixed name: ([A-Za-z][\w.-]*)?:/.exec(message);
    if (unresolved) {
      var prefix = unresolved[1] || '';
      hint = WELL_KNOWN[prefix]
        ? 'Declare the prefix: add the line  PREFIX ' + prefix + ': <' + WELL_KNOWN[prefix] + '>  at the top (or press + Prefixes).'
        : 'Declare the prefix ' + prefix + ': with a PREFIX line at the top of the query.';
    } else if (UPDATE.test(firstKeyword(query))) {
      hint = 'This is a SPARQL Update: the query endpoint only reads. Send it to /update (POST, with a write key).';
    }
    return { message: message, line: at ? Number(at[1]) : null, column: at ? Number(at[2]) : null, hint: hint };
  }

  global.FloeErrors = { explain: explain, WELL_KNOWN: WELL_KNOWN };
})(this);
