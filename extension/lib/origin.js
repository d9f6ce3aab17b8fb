// Origin policy shared by the background (the gate before the host) and the
// tests. Pure functions; attaches one frozen object to globalThis, which in a
// content script or the background is the extension's own world, never the page's.
(function (root) {
  'use strict';

  // Exact host names over https (DESIGN.md). No suffix or prefix matching.
  var SIGNIN_HOSTS = [
    'login.microsoftonline.com',
    'login.microsoftonline.us',
    'login.microsoft.com',
    'login.windows.net',
    'login.live.com',
    'login.partner.microsoftonline.cn'
  ];
  var ENROLL_HOSTS = [
    'mysignins.microsoft.com',
    'account.activedirectory.windowsazure.com',
    'account.live.com'
  ];

  // Verbs a content script may ask for, and the fields it may pass (the
  // background copies only these; url is always added from the browser).
  // An enrollment page adds only what the host captured (`capture`, then
  // `add {capture}`): no secret travels from a page in `add`.
  var PAGE_VERBS = {
    hello: [],
    code: ['account', 'tenant', 'entry'],
    match: ['account'],
    capture: ['image', 'texts', 'account', 'tenant'],
    add: ['capture', 'replace']
  };
  // Where each page verb may come from: sign-in (s) and enrollment (e) hosts.
  var PAGE_VERB_HOSTS = { hello: 'se', code: 'se', match: 's', capture: 'e', add: 'e' };
  // Verbs only extension pages (popup, options) may use.
  var EXTENSION_VERBS = ['hello', 'list', 'code', 'match', 'add', 'capture', 'unlock', 'lock', 'remove', 'keyring', 'rename', 'qr'];
  // capture texts: at most 32 strings of at most 512 characters (the host's bounds).
  var MAX_TEXTS = 32, MAX_TEXT = 512;

  // parse returns {protocol, host, port, pathname} of an absolute URL, or
  // null. URL normalises case and punycode; anything with credentials or a
  // non-default port is refused.
  function parse(url) {
    if (typeof url !== 'string' || url.length > 8192) return null;
    var u;
    try { u = new URL(url); } catch (e) { return null; }
    if (u.username || u.password) return null;
    return { protocol: u.protocol, host: u.hostname, port: u.port, pathname: u.pathname, origin: u.origin };
  }

  function hostIn(url, list) {
    var u = parse(url);
    if (!u || u.protocol !== 'https:' || u.port !== '') return false;
    return list.indexOf(u.host) >= 0;
  }

  function isSignin(url) { return hostIn(url, SIGNIN_HOSTS); }
  function isEnroll(url) { return hostIn(url, ENROLL_HOSTS); }

  // pageVerbAllowed says whether a content script on url may use verb.
  function pageVerbAllowed(verb, url) {
    if (!Object.prototype.hasOwnProperty.call(PAGE_VERBS, verb)) return false;
    var where = PAGE_VERB_HOSTS[verb];
    return (where.indexOf('s') >= 0 && isSignin(url)) || (where.indexOf('e') >= 0 && isEnroll(url));
  }

  // field returns a field value a page may pass: a string, boolean or
  // number, or (texts) a short list of short strings; else undefined.
  function field(k, v) {
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (k === 'texts' && Array.isArray(v)) {
      return v.filter(function (t) { return typeof t === 'string' && t.length <= MAX_TEXT; }).slice(0, MAX_TEXTS);
    }
    return undefined;
  }

  // pageRequest builds the host request for a content-script message: only
  // the verb's own fields, of plain types, plus the browser's url.
  function pageRequest(msg, url) {
    var verb = msg && msg.otpfill;
    if (typeof verb !== 'string' || !pageVerbAllowed(verb, url)) return null;
    var req = { type: verb };
    PAGE_VERBS[verb].forEach(function (k) {
      var v = field(k, msg[k]);
      if (v !== undefined) req[k] = v;
    });
    req.url = url;
    return req;
  }

  // isExtensionURL: sender is one of our own pages (popup, options), given
  // the extension's base URL (runtime.getURL('')).
  function isExtensionURL(url, base) {
    return typeof url === 'string' && typeof base === 'string' && base !== '' && url.indexOf(base) === 0;
  }

  root.OtpfillOrigin = Object.freeze({
    SIGNIN_HOSTS: SIGNIN_HOSTS.slice(),
    ENROLL_HOSTS: ENROLL_HOSTS.slice(),
    EXTENSION_VERBS: EXTENSION_VERBS.slice(),
    isSignin: isSignin,
    isEnroll: isEnroll,
    pageVerbAllowed: pageVerbAllowed,
    pageRequest: pageRequest,
    isExtensionURL: isExtensionURL
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
