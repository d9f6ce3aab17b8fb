// Pure extraction core of the enrollment capture (mysignins "Security
// info", legacy proofup.aspx, account.live.com/proofs/Add), loaded before
// enroll/enroll.js on the enrollment hosts and by the node tests
// (extension/test/enroll*.test.js). It reads a plain tree of the visible page
// ({tag, attrs, children, ref}; strings are text) and finds the TOTP secret,
// the account and tenant, Microsoft Authenticator-only decoys, the link that
// switches to a standard code, the verification code box and its button.
// Detection keys on structure (base32 groups, "Tenant:UPN", label colons,
// ids, the QR's own otpauth text), not on sentences, so every display
// language works. No DOM, no messages, no storage.
(function (root) {
  'use strict';
  // ---------------------------------------------------------------------------
  // Pure core
  // ---------------------------------------------------------------------------

  var SPACES = /[\s\u00a0\u2007\u202f\u3000]+/g;
  var INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
  function norm(s) { return String(s == null ? '' : s).replace(INVISIBLE, '').replace(SPACES, ' ').trim(); }

  // A label in front of a value: "Secret key:", "Geheimer Schlüssel:",
  // "Clé secrète :", "シークレット キー:" (ASCII or full-width colon).
  var LABEL_PREFIX = /^[^:：]{1,60}?\s?[:：]\s*/;
  // base32 in groups of four, one separator between groups (Microsoft's
  // display), and without groups.
  var GROUPED = /^[a-z2-7]{4}(?:[ -][a-z2-7]{4}){2,}(?:[ -][a-z2-7]{1,4})?$/i;
  var UNGROUPED = /^[a-z2-7]{16,128}$/i;
  var VALID_TAIL = { 0: true, 2: true, 4: true, 5: true, 7: true };
  var SECRET_HINT = /secret|geheim|cl[ée]|clave|chiave|chave|sleutel|klucz|nyckel|n[øo]gle|avain|kulcs|ключ|シークレット|秘密|キー|密钥|密鑰|비밀|보안 키|key/i;
  var SECRET_ATTR = /secret|totpkey|manualkey|activationkey|setupkey|(^|[-_])key($|[-_])/i;

  var EMAIL_G = /[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/g;
  // Microsoft Authenticator-only material: never a secret, never stored.
  var DECOY_TEXT = /phonefactor:\/\/|\/authenticatorapp\/activateaccount|mobileappcommunicator|\/mac\/mobileappcommunicator/i;

  // Links that switch the page to a standard (otpauth) code, by id/class
  // first, then by wording in the languages Microsoft ships most.
  var SWITCH_ATTR = /without.?notif|other.?app|different.?app|third.?party|thirdparty|totp|nonotif|no.?notification/i;
  var SWITCH_TEXT = new RegExp([
    'different authenticator app', 'another authenticator app', 'other authenticator app', 'without notification',
    'andere(?:n)? authenti', 'ohne benachrichtigung',
    'autre application d.authentification', 'sans notification',
    'otra aplicaci[oó]n de autenticaci', 'sin notificaci',
    "un.altra app di autenticazione", 'senza notifiche',
    'outro aplicativo autenticador', 'outra aplica[cç][aã]o de autentica', 'sem notifica',
    'andere authenticator', 'zonder melding',
    'inn[aą] aplikacj[eę] uwierzytel', 'bez powiadomie',
    'другое приложение', 'без уведомлений',
    '別の認証', '通知なし', '其他身份验证', '其他驗證', '不使用通知', '다른 인증', '알림 없이'
  ].join('|'), 'i');

  // Masked contact details next to a code box mean an SMS or e-mailed code.
  var MASKED = /(?:[xX*•●]{2,}[\s\-.]*)\d{2,4}(?!\d)|\+\s?[xX\d]{1,3}[\s\-.]*[xX*•●]{3,}|[^\s@]*\*{2,}[^\s@]*@/;

  // cleanSecret returns the base32 secret (upper case) of a displayed one,
  // or '' if it is not a plausible TOTP secret of at least 80 bits.
  function cleanSecret(s) {
    var t = norm(s).replace(/[ \-]/g, '').toUpperCase().replace(/=+$/, '');
    if (!/^[A-Z2-7]+$/.test(t) || t.length < 16 || t.length > 128 || !VALID_TAIL[t.length % 8]) return '';
    // Digits only (an activation code, a phone number) is never a secret.
    if (!/[A-Z]/.test(t)) return '';
    return t;
  }

  // mask shows a secret like Microsoft does, with the middle hidden:
  // "abcd •••• •••• mnop".
  function mask(secret) {
    var s = String(secret || '').toLowerCase();
    var groups = s.match(/.{1,4}/g) || [];
    return groups.map(function (g, i) { return i === 0 || i === groups.length - 1 ? g : '\u2022\u2022\u2022\u2022'; }).join(' ');
  }

  // Tree helpers. A node: {tag, attrs, children, ref}; text is a string.
  function attr(n, k) { return n && n.attrs && n.attrs[k] != null ? String(n.attrs[k]) : ''; }
  function attrText(n) { return [attr(n, 'id'), attr(n, 'class'), attr(n, 'name'), attr(n, 'data-testid'), attr(n, 'data-automation-id')].join(' '); }

  // index flattens the tree: elements in document order with their parent,
  // their element children (kids), their full (normalized) text, and their
  // lines (text split where a <br> or a block element breaks it).
  var BLOCK = /^(address|article|aside|blockquote|br|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|label|legend|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)$/;
  function index(tree) {
    var els = [];
    function walk(n, parent, depth) {
      if (typeof n === 'string') return n;
      if (!n || typeof n !== 'object' || depth > 200) return '';
      var rec = { node: n, parent: parent, pos: els.length, text: '', kids: [] };
      els.push(rec);
      if (parent) parent.kids.push(rec);
      var parts = [];
      (Array.isArray(n.children) ? n.children : []).forEach(function (c) { parts.push(walk(c, rec, depth + 1)); });
      if (n.tag === 'input' || n.tag === 'textarea') parts.push(attr(n, 'value'));
      rec.text = norm(parts.join(' '));
      rec.raw = parts.join('');
      rec.lines = rec.raw.split('\n').map(norm).filter(Boolean);
      var brk = BLOCK.test(n.tag || '') ? '\n' : ' ';
      return brk + parts.join('') + brk;
    }
    walk(tree, null, 0);
    return els;
  }

  function childEls(rec) { return rec.kids || []; }
  function ancestors(rec) { var out = []; for (var p = rec.parent; p; p = p.parent) out.push(p); return out; }
  function inLink(rec) {
    return [rec].concat(ancestors(rec)).some(function (a) { return a.node.tag === 'a' && /^(https?:|phonefactor:|otpauth:)/i.test(attr(a.node, 'href')); });
  }
  // prevText: the text just before rec in its parent (a label element).
  function prevText(rec) {
    if (!rec.parent) return '';
    var sibs = childEls(rec.parent);
    var i = sibs.indexOf(rec);
    for (var j = i - 1; j >= 0; j--) if (sibs[j].text) return sibs[j].text;
    // A bare text node before us in the parent ("Secret key: <span>…").
    var raw = norm(String(rec.parent.raw || ''));
    var k = raw.indexOf(rec.text);
    return k > 0 ? raw.slice(0, k) : '';
  }

  // Runs of base32 in one case: groups of four with one separator (how
  // Microsoft shows a secret; the last group may be short), or one block.
  // Each is tried where it stands in a line of text, so "Secret key: …",
  // "… (not case-sensitive)" and two lines in one element all read.
  var RUN_LOWER = /[a-z2-7]{4}(?:[ -][a-z2-7]{4})+(?:[ -][a-z2-7]{1,3})?(?![a-z2-7])|[a-z2-7]{16,128}/g;
  var RUN_UPPER = /[A-Z2-7]{4}(?:[ -][A-Z2-7]{4})+(?:[ -][A-Z2-7]{1,3})?(?![A-Z2-7])|[A-Z2-7]{16,128}/g;
  // What may stand right before and right after a run: not a word, a URL,
  // an address or a query string it would be part of.
  var BAD_BEFORE = /[A-Za-z0-9\u00c0-\u024f@\/.=&?#%+_\\-]$/;
  var BAD_AFTER = /^(?:[A-Za-z0-9\u00c0-\u024f@\/=&?#%+_\\]|[.\-:][A-Za-z0-9])/;

  // plausible: a displayed secret is random: letters, several distinct
  // characters (not "xxxx xxxx xxxx xxxx" or a number).
  function plausible(secret) {
    var letters = secret.replace(/[2-7]/g, '').length;
    var distinct = {};
    for (var i = 0; i < secret.length; i++) distinct[secret.charAt(i)] = true;
    return letters * 4 >= secret.length && Object.keys(distinct).length >= 6;
  }

  // runsIn lists the secret-like runs of one line: {value, before, whole}.
  function runsIn(line) {
    var out = [];
    [RUN_LOWER, RUN_UPPER].forEach(function (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(line))) {
        var value = m[0], before = line.slice(0, m.index), after = line.slice(m.index + value.length);
        if (BAD_BEFORE.test(before) || BAD_AFTER.test(after)) continue;
        // A run that ran on into lower-case words ("… ge2w with your app")
        // is not cut at a guess: the next word must not continue it.
        if (/^ [a-z2-7]/.test(after) && re === RUN_LOWER) continue;
        if (/^ [A-Z2-7]{2}/.test(after) && re === RUN_UPPER) continue;
        out.push({ value: value, before: before, whole: !norm(before) && !norm(after) });
      }
    });
    return out;
  }

  // findSecrets lists the displayed TOTP secrets: {secret, shown, pos, hint}.
  // The deepest element that shows a run is the one read; its ancestors are
  // not read again (two values side by side never merge into one).
  function findSecrets(els) {
    var out = [];
    var holds = {}; // pos -> a descendant already gave a candidate
    for (var i = els.length - 1; i >= 0; i--) {
      var rec = els[i];
      var n = rec.node;
      var mark = function () { for (var p = rec.parent; p && !holds[p.pos]; p = p.parent) holds[p.pos] = true; };
      if (/^(script|style|template|noscript|select|option|img|svg|canvas)$/.test(n.tag)) continue;
      var sources = [];
      if (!holds[rec.pos] && !inLink(rec) && !/^(a|button)$/.test(n.tag) && rec.text && rec.text.length <= 600) {
        rec.lines.forEach(function (l) { sources.push({ line: l, label: '' }); });
      }
      // Accessible names and tooltips can carry the value too.
      ['aria-label', 'title', 'aria-description'].forEach(function (k) {
        var v = norm(attr(n, k));
        if (v && v.length <= 300) sources.push({ line: v, label: v });
      });
      var found = false;
      sources.forEach(function (src) {
        runsIn(src.line).forEach(function (r) {
          var secret = cleanSecret(r.value);
          if (!secret || !plausible(secret)) return;
          var before = r.whole ? prevText(rec) : r.before;
          var grouped = / |-/.test(r.value);
          var attrHint = SECRET_ATTR.test(attrText(n)) || (rec.parent && SECRET_ATTR.test(attrText(rec.parent.node)));
          // A field's own accessible name labels its value.
          var named = r.whole && !src.label ? norm(attr(n, 'aria-label') || attr(n, 'title')).slice(0, 80) : '';
          var wordHint = SECRET_HINT.test(before.slice(-60)) || SECRET_HINT.test(named);
          var colon = /[:：]\s*$/.test(before);
          var hint = attrHint || wordHint || colon;
          // Plain words in groups of four make a sentence unless a label
          // names a secret; a block without groups needs a label too.
          if (!/[2-7]/.test(secret) && !(attrHint || wordHint)) return;
          if (!grouped && !hint) return;
          // Inside a longer line, a run needs a digit and a label right
          // before it, or a label that names a secret.
          if (!r.whole && !src.label && !(wordHint || (colon && /[2-7]/.test(secret)))) return;
          found = true;
          out.push({ secret: secret, shown: r.value, pos: rec.pos, hint: !!hint, rec: rec });
        });
      });
      if (found || holds[rec.pos]) mark();
    }
    out.sort(function (a, b) { return a.pos - b.pos; });
    // The same secret twice (text and a copy field) is one.
    var seen = {};
    return out.filter(function (c) { if (seen[c.secret]) return false; seen[c.secret] = true; return true; });
  }

  // Words that label an account field rather than name a tenant
  // ("Account name:ada@contoso.com" written without a space).
  var ACCOUNT_LABEL = /^(?:account(?: name)?|user(?: ?name)?|e-?mail|upn|kontoname|konto|benutzername|nom du compte|compte|nombre de (?:la )?cuenta|cuenta|nome (?:do|dell'?) ?(?:conta|account)|conta|accountnaam|nazwa konta|имя (?:учетной записи|аккаунта)|アカウント名?|ユーザー名|帐户名?|帳戶名?|账户名?|계정(?: 이름)?)$/i;

  // accountAt reads "Tenant:UPN" / "UPN" out of a text at an e-mail match.
  function accountAt(text, m) {
    var email = m[0];
    var before = text.slice(0, m.index);
    var tenant = '';
    if (/[:：]$/.test(before)) {
      var t = before.slice(0, -1);
      // "Account name: Contoso" → "Contoso"; "Nom du compte : Contoso",
      // "アカウント名:Contoso" too: the tenant is what follows the last colon.
      var cut = Math.max(t.lastIndexOf(':'), t.lastIndexOf('：'));
      var head = cut >= 0 ? norm(t.slice(0, cut)) : '';
      if (cut >= 0) t = t.slice(cut + 1);
      t = norm(t);
      if (t && t.length <= 128 && !/@/.test(t) && !(ACCOUNT_LABEL.test(t) && !head) && !/[.!?。]$/.test(t)) tenant = t;
      // A sentence before the colon is no tenant name.
      if (tenant && tenant.split(' ').length > 6) tenant = '';
    }
    return { account: email, tenant: tenant, labelled: tenant !== '' };
  }

  // findAccounts lists the unmasked e-mail addresses shown on the page.
  function findAccounts(els) {
    var out = [];
    els.forEach(function (rec) {
      var n = rec.node;
      if (/^(script|style|template|noscript)$/.test(n.tag)) return;
      if (childEls(rec, els).some(function (c) { return c.text && c.text.indexOf('@') >= 0; })) return;
      var text = rec.text;
      if (!text || text.indexOf('@') < 0 || text.length > 400) return;
      if (attr(n, 'href').indexOf('mailto:') === 0) return;
      EMAIL_G.lastIndex = 0;
      var m;
      while ((m = EMAIL_G.exec(text))) {
        var a = accountAt(text, m);
        if (/\*/.test(text.slice(Math.max(0, m.index - 1), m.index + m[0].length + 1))) continue;
        var ident = [rec].concat(ancestors(rec).slice(0, 3)).some(function (x) { return /identity|user|email|mectrl|account|upn|signin|displayname/i.test(attrText(x.node)); });
        out.push({ account: a.account, tenant: a.tenant, labelled: a.labelled, pos: rec.pos, ident: ident });
      }
    });
    return out;
  }

  function pickAccount(accts, pos, preferIdentity) {
    if (!accts.length) return null;
    var best = null, bestScore = -Infinity;
    accts.forEach(function (a) {
      var score = -Math.abs(a.pos - pos);
      if (a.labelled) score += 10000;
      if (preferIdentity && a.ident) score += 5000;
      if (score > bestScore) { best = a; bestScore = score; }
    });
    return best;
  }

  // parseOtpauth reads otpauth://totp/Label?secret=…&issuer=… (the QR's text).
  function parseOtpauth(uri) {
    var m = /^otpauth:\/\/([a-z]+)\/([^?#]*)(?:\?([^#]*))?/i.exec(String(uri || '').trim());
    if (!m || m[1].toLowerCase() !== 'totp') return null;
    var label;
    try { label = decodeURIComponent(m[2].replace(/\+/g, '%20')); } catch (e) { return null; }
    var q = {};
    (m[3] || '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 0) return;
      try { q[decodeURIComponent(kv.slice(0, i)).toLowerCase()] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, '%20')); } catch (e) {}
    });
    var secret = cleanSecret(q.secret || '');
    if (!secret) return null;
    var i = label.indexOf(':');
    var tenant = i >= 0 ? norm(label.slice(0, i)) : '';
    var account = norm(i >= 0 ? label.slice(i + 1) : label);
    var issuer = norm(q.issuer || '') || tenant;
    var standard = (!q.algorithm || /^sha-?1$/i.test(q.algorithm)) && (!q.digits || q.digits === '6') && (!q.period || q.period === '30');
    return { secret: secret, account: account, tenant: tenant, issuer: issuer, standard: standard };
  }

  // classify mirrors the host's qr.Classify for text the extension sees.
  function classify(text) {
    var t = String(text || '').trim();
    if (/^otpauth:\/\//i.test(t)) return 'otpauth';
    if (/^otpauth-migration:\/\//i.test(t)) return 'migration';
    if (/^phonefactor:\/\//i.test(t)) return 'phonefactor';
    if (/^https?:\/\//i.test(t) && /\/authenticatorapp\/activateaccount/i.test(t.split(/[?#]/)[0])) return 'phonefactor';
    return 'other';
  }

  function visibleLinkish(n) {
    return n.tag === 'a' || n.tag === 'button' || attr(n, 'role') === 'link' || attr(n, 'role') === 'button' ||
      (n.tag === 'input' && /^(button|submit)$/i.test(attr(n, 'type')));
  }

  function findSwitchLink(els) {
    var byAttr = null, byText = null;
    els.forEach(function (rec) {
      var n = rec.node;
      if (!visibleLinkish(n) || (n.attrs && 'disabled' in n.attrs)) return;
      if (!byAttr && SWITCH_ATTR.test(attrText(n))) byAttr = rec;
      if (!byText && SWITCH_TEXT.test(rec.text || attr(n, 'value'))) byText = rec;
    });
    var hit = byText || byAttr;
    return hit ? hit.node : null;
  }

  // Code box of the verification step and the button that submits it.
  // codeInputKind: 2 = a one-time-code box by its own attributes
  // (autocomplete=one-time-code, maxlength 6, a code-ish id/name/label),
  // 1 = a numeric box only (inputmode=numeric, type tel/number, a digit
  // pattern or placeholder): used only right after a save on this page,
  // 0 = not a code box.
  var NOT_CODE = /phone|mobile|mail|user|login|name|search|country|address|street|city|zip|postal/i;
  function codeInputKind(n) {
    if (!n || n.tag !== 'input') return 0;
    var type = (attr(n, 'type') || 'text').toLowerCase();
    if (!/^(text|tel|number|)$/.test(type)) return 0;
    if (n.attrs && ('readonly' in n.attrs || 'disabled' in n.attrs)) return 0;
    var ml = parseInt(attr(n, 'maxlength'), 10);
    if (ml > 0 && (ml < 6 || ml > 10)) return 0;
    var ac = attr(n, 'autocomplete').toLowerCase();
    if (ac === 'one-time-code') return 2;
    if (/^(tel|tel-national|email|username|name|postal-code|cc-)/.test(ac)) return 0;
    if (ml === 6) return 2;
    var own = attrText(n);
    if (NOT_CODE.test(own)) return 0;
    var hint = /code|otc|ott|otp|verif|token|pin|mfa|totp/i.test(own + ' ' + attr(n, 'aria-label') + ' ' + attr(n, 'placeholder'));
    if (hint && !(ml > 8)) return 2;
    var numeric = attr(n, 'inputmode').toLowerCase() === 'numeric' || type === 'tel' || type === 'number' ||
      /\\d|0-9/.test(attr(n, 'pattern')) || /^\s*(?:\d\s?){6,8}$/.test(attr(n, 'placeholder'));
    return numeric ? 1 : 0;
  }
  function isCodeInput(n) { return codeInputKind(n) === 2; }

  function container(rec) {
    for (var p = rec.parent; p; p = p.parent) {
      var n = p.node;
      if (n.tag === 'form' || n.tag === 'dialog' || attr(n, 'role') === 'dialog' || /modal|dialog|content|wizard|panel/i.test(attr(n, 'class') + ' ' + attr(n, 'id'))) return p;
    }
    return null;
  }

  function findSubmit(codeRec, els) {
    var box = container(codeRec);
    var scope = els.filter(function (e) {
      if (!box) return true;
      for (var p = e.parent; p; p = p.parent) if (p === box) return true;
      return false;
    });
    var buttons = scope.filter(function (e) {
      var n = e.node;
      return (n.tag === 'button' || (n.tag === 'input' && /^(submit|button)$/i.test(attr(n, 'type'))) || attr(n, 'role') === 'button') &&
        !/back|cancel|close|dismiss|prev|resend|copy/i.test(attrText(n) + ' ' + attr(n, 'aria-label'));
    });
    var strong = function (e) {
      var n = e.node;
      return attr(n, 'type') === 'submit' || /primary|next|verify|submit|continue|confirm|done/i.test(attrText(n));
    };
    var after = buttons.filter(function (e) { return e.pos > codeRec.pos; });
    // Else the last button after the box: Microsoft's dialogs put the
    // primary action last ([Back] [Next]).
    var pick = after.filter(strong)[0] || buttons.filter(strong)[0] || (after.length ? after[after.length - 1] : null);
    return pick ? pick.node : null;
  }

  // qrCandidates: images and canvases shaped like a QR code.
  function qrCandidates(els) {
    return els.filter(function (rec) {
      var n = rec.node;
      if (n.tag !== 'img' && n.tag !== 'canvas' && n.tag !== 'svg') return false;
      var w = +attr(n, 'data-w') || +attr(n, 'width'), h = +attr(n, 'data-h') || +attr(n, 'height');
      if (!w || !h) return n.tag === 'img' && /qr|barcode|code/i.test(attrText(n) + ' ' + attr(n, 'alt') + ' ' + attr(n, 'src').slice(0, 200));
      return w >= 64 && h >= 64 && w <= 2000 && h <= 2000 && w / h > 0.8 && w / h < 1.25;
    }).map(function (rec) { return rec.node; });
  }

  // activationCode: Microsoft Authenticator's manual entry (a 9-digit code
  // such as "482 913 765" and a URL beside it) shows an Authenticator-only
  // view even when its wording and URL are new to us.
  var NINE = /(^|[^\d+\-.,\/:])\s*(\d{3}[ -]?\d{3}[ -]?\d{3})(?![\d.,\/-]|\s\d)/;
  function activationCode(els) {
    return els.some(function (rec) {
      if (rec.kids.length && rec.kids.some(function (k) { return NINE.test(k.text); })) return false;
      if (!rec.lines.some(function (l) { return NINE.test(l) && !/\+\s?\d{1,3}\s*$/.test(l.slice(0, l.search(/\d{3}/))); })) return false;
      var box = container(rec) || rec.parent || rec;
      return /https?:\/\/[^\s]{8,}/.test(box.text);
    });
  }

  // otpauthOnPage: otpauth://totp/ links (href) and text on the page.
  function otpauthOnPage(els) {
    var out = [], seen = {};
    els.forEach(function (rec) {
      var hits = [attr(rec.node, 'href'), attr(rec.node, 'value'), attr(rec.node, 'data-uri')];
      if (!rec.kids.length) hits.push(rec.text);
      hits.forEach(function (h) {
        var m = /otpauth:\/\/totp\/[^\s"'<>]+/i.exec(h || '');
        if (m && !seen[m[0]]) { seen[m[0]] = true; out.push({ text: m[0], kind: 'otpauth' }); }
      });
    });
    return out;
  }

  // analyze is the whole reading of one page state. ctx: {host, path}.
  // qr: the decoded QR texts so far, [{text, kind}].
  function analyze(tree, ctx, qr) {
    ctx = ctx || {};
    var els = index(tree);
    var live = ctx.host === 'account.live.com';
    var res = { secret: '', shown: '', account: '', tenant: '', issuer: 'Microsoft', from: '', decoy: false, switchLink: null, qr: qrCandidates(els), codeInput: null, submit: null, masked: '', codeBoxContext: '' };

    // Authenticator-only material, in text, links or a decoded QR.
    res.decoy = els.some(function (rec) {
      var n = rec.node;
      if (DECOY_TEXT.test(attr(n, 'href')) || DECOY_TEXT.test(attr(n, 'value'))) return true;
      return DECOY_TEXT.test(rec.text) && !childEls(rec, els).some(function (c) { return DECOY_TEXT.test(c.text); });
    }) || (qr || []).some(function (q) { return classify(q.text) === 'phonefactor'; }) || activationCode(els);

    var secrets = findSecrets(els);
    var accts = findAccounts(els);
    // An otpauth:// link or text on the page counts like a decoded QR code.
    qr = (qr || []).concat(otpauthOnPage(els));
    var qrEntries = qr.map(function (q) { return classify(q.text) === 'otpauth' ? parseOtpauth(q.text) : null; }).filter(Boolean);

    var chosen = null;
    if (secrets.length === 1) chosen = secrets[0];
    else if (secrets.length > 1) {
      var hinted = secrets.filter(function (s) { return s.hint; });
      if (hinted.length === 1) chosen = hinted[0];
    }
    if (chosen) {
      res.secret = chosen.secret;
      res.shown = chosen.shown;
      res.from = 'text';
      var same = qrEntries.filter(function (q) { return q.secret === chosen.secret; })[0];
      var a = pickAccount(accts, chosen.pos, live);
      if (a && (a.labelled || !same)) { res.account = a.account; res.tenant = a.tenant; }
      else if (same) { res.account = same.account; res.tenant = same.tenant; res.issuer = same.issuer || 'Microsoft'; }
      else if (a) { res.account = a.account; res.tenant = a.tenant; }
      if (same && same.issuer) res.issuer = same.issuer;
    } else if (qrEntries.length) {
      var q = qrEntries[0];
      res.secret = q.secret;
      res.from = 'qr';
      res.issuer = q.issuer || 'Microsoft';
      res.account = q.account;
      res.tenant = q.tenant;
      res.uri = q.standard ? '' : (qr.filter(function (x) { return classify(x.text) === 'otpauth'; })[0] || {}).text;
      if (!/@/.test(res.account)) {
        var b = pickAccount(accts, 0, true);
        if (b) { res.account = b.account; if (!res.tenant) res.tenant = b.tenant; }
      }
    }
    // Personal accounts have no tenant ("Microsoft:ada@outlook.com" is the issuer).
    if (live) res.tenant = '';
    if (res.tenant && res.issuer && res.tenant.toLowerCase() === res.issuer.toLowerCase() && res.issuer.toLowerCase() !== 'microsoft') res.tenant = '';
    if (res.secret) res.masked = mask(res.secret);

    if (!res.secret && res.decoy) {
      var link = findSwitchLink(els);
      res.switchLink = link;
    }

    // The verification step: an empty code box with no masked phone or
    // address next to it (that would be an SMS or e-mailed code). A box
    // known by its attributes first, else a numeric box (codeInputWeak).
    var boxes = [[], [], []];
    els.forEach(function (rec) { var k = codeInputKind(rec.node); if (k) boxes[k].push(rec); });
    boxes[2].concat(boxes[1]).some(function (rec) {
      var box = container(rec) || rec.parent;
      var near = box ? box.text : '';
      if (MASKED.test(near)) { res.codeBoxContext = 'masked'; return false; }
      res.codeInput = rec.node;
      res.codeInputWeak = codeInputKind(rec.node) === 1;
      res.submit = findSubmit(rec, els);
      if (!res.account || live) {
        var c = pickAccount(accts, rec.pos, true);
        if (c) res.pageAccount = c.account;
      }
      return true;
    });
    return res;
  }

  var core = {
    norm: norm, cleanSecret: cleanSecret, mask: mask, parseOtpauth: parseOtpauth, classify: classify,
    analyze: analyze, index: index, findSecrets: findSecrets, findAccounts: findAccounts, isCodeInput: isCodeInput
  };
  root.OtpfillEnroll = Object.freeze(core);
  if (typeof module === 'object' && module && module.exports) module.exports = core;
})(typeof globalThis !== 'undefined' ? globalThis : this);
