// Pure extraction core of the enrollment capture (mysignins "Security
// info", legacy proofup.aspx, account.live.com/proofs/Add), loaded before
// enroll/enroll.js on the enrollment hosts and by the node tests
// (extension/test/enroll*.test.js). It reads a plain tree of the visible page
// ({tag, attrs, children, ref}; strings are text) and finds the TOTP secret,
// the account and tenant, Microsoft Authenticator-only decoys, the link that
// switches to a standard code, the verification code box and its button.
// What the page shows goes to the host in one `capture` (the host decodes the
// QR, parses otpauth and decides); nothing here parses otpauth or QR text.
// Detection keys on structure (base32 groups, "Tenant:UPN", label colons,
// ids, the QR's own otpauth text), not on sentences, so every display
// language works. No DOM, no messages, no storage.
(function (root) {
  'use strict';
  // ---------------------------------------------------------------------------
  // Pure core
  // ---------------------------------------------------------------------------

  var P = root.OtpfillPage || (typeof require === 'function' ? require('./page.js') : null);
  var norm = P.norm, small = P.small, attr = P.attr, attrText = P.attrText, index = P.index;

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

  function childEls(rec) { return rec.kids || []; }
  function ancestors(rec) { var out = []; for (var p = rec.parent; p; p = p.parent) out.push(p); return out; }
  // inHelp: rec is in help text beside the step (an <article>, an <aside>, a
  // complementary region): an example key there is someone else's.
  function inHelp(rec) {
    return [rec].concat(ancestors(rec)).some(function (a) {
      return /^(article|aside)$/.test(a.node.tag) || /^(complementary|article)$/.test(attr(a.node, 'role'));
    });
  }
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

  // MAYBE_RUN: a text holds at least 16 base32 characters in a run (groups
  // of four with single separators, or a block): a cheap test before the
  // full reading.
  var MAYBE_RUN = /[a-z2-7]{4}(?:[\s\u00a0-]*[a-z2-7]{4}){3}/i;

  // findSecrets lists the displayed TOTP secrets: {secret, shown, pos, hint}.
  // The deepest element that shows a run is the one read; its ancestors are
  // not read again (two values side by side never merge into one).
  function markUp(rec, holds) { for (var p = rec.parent; p && !holds[p.pos]; p = p.parent) holds[p.pos] = true; }

  function findSecrets(els) {
    var out = [];
    var holds = {}; // pos -> a descendant already gave a candidate
    for (var i = els.length - 1; i >= 0; i--) {
      var rec = els[i];
      var n = rec.node;
      if (/^(script|style|template|noscript|select|option|img|svg|canvas)$/.test(n.tag)) continue;
      if (inHelp(rec)) { markUp(rec, holds); continue; }
      var readText = !holds[rec.pos] && MAYBE_RUN.test(rec.raw) && small(rec, 600) && !/^(a|button)$/.test(n.tag) && !inLink(rec);
      // Accessible names and tooltips can carry the value too.
      var named = n.attrs && (n.attrs['aria-label'] || n.attrs.title || n.attrs['aria-description']);
      if (!readText && !named) {
        if (holds[rec.pos]) markUp(rec, holds);
        continue;
      }
      var sources = [];
      if (readText) rec.lines.forEach(function (l) { sources.push({ line: l, label: '' }); });
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
      if (found || holds[rec.pos]) markUp(rec, holds);
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
      if (!small(rec, 400) || rec.raw.indexOf('@') < 0 || inHelp(rec)) return;
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

  function visibleLinkish(n) {
    return n.tag === 'a' || n.tag === 'button' || attr(n, 'role') === 'link' || attr(n, 'role') === 'button' ||
      (n.tag === 'input' && /^(button|submit)$/i.test(attr(n, 'type')));
  }

  // labelText: the text of a box's <label> (around it or naming its id).
  function labelText(rec, els) {
    for (var p = rec.parent; p; p = p.parent) if (p.node.tag === 'label') return p.text;
    var id = attr(rec.node, 'id');
    var l = id ? els.filter(function (e) { return e.node.tag === 'label' && attr(e.node, 'for') === id; })[0] : null;
    return l ? l.text : '';
  }

  function findSwitchLink(els) {
    var byAttr = null, byText = null;
    els.forEach(function (rec) {
      var n = rec.node;
      // A checkbox ("Configure app without notifications") switches too.
      var box = n.tag === 'input' && /^(checkbox|radio)$/i.test(attr(n, 'type'));
      if ((!visibleLinkish(n) && !box) || (n.attrs && ('disabled' in n.attrs || (box && 'checked' in n.attrs)))) return;
      if (!byAttr && SWITCH_ATTR.test(attrText(n))) byAttr = rec;
      if (!byText && SWITCH_TEXT.test(box ? labelText(rec, els) : (rec.text || attr(n, 'value')))) byText = rec;
    });
    var hit = byText || byAttr;
    return hit ? hit.node : null;
  }

  function container(rec) {
    for (var p = rec.parent; p; p = p.parent) {
      var n = p.node;
      if (n.tag === 'form' || n.tag === 'dialog' || attr(n, 'role') === 'dialog' || /modal|dialog|content|wizard|panel/i.test(attr(n, 'class') + ' ' + attr(n, 'id'))) return p;
    }
    return null;
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
      if (!NINE.test(rec.raw) || !small(rec, 2000)) return false;
      if (rec.kids.length && rec.kids.some(function (k) { return NINE.test(k.text); })) return false;
      if (!rec.lines.some(function (l) { return NINE.test(l) && !/\+\s?\d{1,3}\s*$/.test(l.slice(0, l.search(/\d{3}/))); })) return false;
      var box = container(rec) || rec.parent || rec;
      return /https?:\/\/[^\s]{8,}/.test(box.text);
    });
  }

  // otpauthOnPage: otpauth://totp/ links (href) and text on the page, as
  // they stand (the host parses them).
  function otpauthOnPage(els) {
    var out = [];
    var take = function (h) {
      if (!h || h.toLowerCase().indexOf('otpauth:') < 0) return;
      var m = /otpauth:\/\/totp\/[^\s"'<>]+/i.exec(h);
      if (m && out.indexOf(m[0]) < 0 && m[0].length <= 512) out.push(m[0]);
    };
    els.forEach(function (rec) {
      var a = rec.node.attrs;
      if (a) { take(a.href); take(a.value); take(a['data-uri']); }
      if (!rec.kids.length && small(rec, 2000)) take(rec.raw);
    });
    return out;
  }

  // analyze is the whole reading of one page state. ctx: {host, path}.
  // Returns {secret (the normalised text secret the page shows, '' if none
  // or no single one), shown (as shown), texts (what goes to the host's
  // capture: the shown secret and otpauth links), account, tenant (what the
  // page says), qr (image/canvas/svg nodes shaped like a QR code), decoy
  // (Authenticator-only material in text or links), switchLink, codeInput,
  // codeInputWeak, submit, pageAccount}.
  function analyze(tree, ctx) {
    ctx = ctx || {};
    var els = index(tree);
    var live = ctx.host === 'account.live.com';
    var res = { secret: '', shown: '', texts: [], account: '', tenant: '', decoy: false, switchLink: null, qr: qrCandidates(els), codeInput: null, codeInputWeak: false, submit: null, codeBoxContext: '', pageAccount: '' };

    // Authenticator-only material in text or links.
    res.decoy = els.some(function (rec) {
      var n = rec.node;
      if (DECOY_TEXT.test(attr(n, 'href')) || DECOY_TEXT.test(attr(n, 'value'))) return true;
      return small(rec, 4000) && DECOY_TEXT.test(rec.text) && !childEls(rec, els).some(function (c) { return DECOY_TEXT.test(c.text); });
    }) || activationCode(els);

    var secrets = findSecrets(els);
    var accts = findAccounts(els);
    var chosen = null;
    if (secrets.length === 1) chosen = secrets[0];
    else if (secrets.length > 1) {
      var hinted = secrets.filter(function (x) { return x.hint; });
      if (hinted.length === 1) chosen = hinted[0];
    }
    var a = pickAccount(accts, chosen ? chosen.pos : 0, live || !chosen);
    if (a) { res.account = a.account; res.tenant = a.tenant; }
    if (chosen) {
      res.secret = chosen.secret;
      res.shown = chosen.shown;
      res.texts.push(chosen.shown);
    }
    res.texts = res.texts.concat(otpauthOnPage(els));
    // Personal accounts have no tenant.
    if (live) res.tenant = '';
    // Where the host may find a secret (a QR code, an otpauth link) or the
    // page offers a switch, the link that switches to a standard code.
    if (!res.secret) res.switchLink = findSwitchLink(els);

    // The verification step: an empty code box with no masked phone or
    // address next to it (that would be an SMS or e-mailed code). A box
    // known by its attributes first, else a numeric box (codeInputWeak).
    P.codeBoxes(els).some(function (b) {
      var box = container(b.rec) || b.rec.parent;
      if (MASKED.test(box ? box.text : '')) { res.codeBoxContext = 'masked'; return false; }
      res.codeInput = b.rec.node;
      res.codeInputWeak = !b.strong;
      var sub = P.submitFor(b.rec, els);
      res.submit = sub ? sub.node : null;
      var c = pickAccount(accts, b.rec.pos, true);
      if (c) res.pageAccount = c.account;
      return true;
    });
    return res;
  }

  // verifyOutcome: what became of a verification code the page was given.
  // d: {gone (the filled box left the page or is hidden), goneMs (for how
  // long, with no code box on the page), value (what the box still holds),
  // boxNow (the page shows a code box now: a step mounted again after a
  // refusal has a new one), ms (since the click)}. 'accepted' (the next
  // view: no code box for a second), 'refused' (the box emptied, or the step
  // came back with a new box), 'wait'.
  function verifyOutcome(d) {
    if (d.gone && d.boxNow) return 'refused';
    if (d.gone) return d.goneMs >= 1000 ? 'accepted' : 'wait';
    if (d.ms > 15000 || (!d.value && d.ms > 3000)) return 'refused';
    return 'wait';
  }

  // The enrollment script's states and the moves between them (the table in
  // extension/README.md; a node test keeps the two the same).
  var ENROLL_STATES = {
    looking: ['capturing', 'guidance', 'verifying'],
    capturing: ['looking', 'offered', 'guidance', 'held'],
    guidance: ['looking', 'capturing'],
    offered: ['looking', 'capturing', 'guidance', 'saving'],
    saving: ['saved', 'confirm', 'held', 'offered', 'looking'],
    confirm: ['saving', 'looking'],
    held: ['looking', 'saving'],
    saved: ['verifying'],
    verifying: ['saved', 'looking', 'verified', 'rejected'],
    verified: ['looking'],
    rejected: ['saved']
  };


  var core = {
    cleanSecret: cleanSecret, analyze: analyze, verifyOutcome: verifyOutcome, findSecrets: findSecrets, findAccounts: findAccounts, ENROLL_STATES: ENROLL_STATES
  };
  root.OtpfillEnroll = Object.freeze(core);
  if (typeof module === 'object' && module && module.exports) module.exports = core;
})(typeof globalThis !== 'undefined' ? globalThis : this);
