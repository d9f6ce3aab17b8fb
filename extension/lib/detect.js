// Detection of Microsoft's authenticator-app code step, as pure functions
// over a plain description of the page (no DOM here), so node tests exercise
// the same code the content script runs. Every rule keys on ids, proof type
// names, image file names, masks and the page config; none on sentences, so
// it holds in every display language.
(function (root) {
  'use strict';

  // Proof types of work accounts ($Config.arrUserProofs[].authMethodId,
  // data-value of the proof tiles).
  var APP_OTP = 'PhoneAppOTP';
  var NEVER_TILES = ['OneWaySMS', 'TwoWayVoiceMobile', 'TwoWayVoiceOffice', 'TwoWayVoiceAlternateMobile', 'TwoWaySMS'];

  // Personal accounts' proof type numbers (ServerData iDefaultProofType etc.):
  // 10 and 14 are authenticator apps; 1, 2 e-mail; 3 SMS; -3 voice.
  var LIVE_APP_TYPES = [10, 14];
  var LIVE_OTHER_TYPES = [1, 2, 3, -3];

  // An address with the local part masked (ad*****@contoso.com) or plain.
  var EMAIL_RE = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}/i;
  // A masked phone number: "+X XXXXXXXX42", "*******42", "+1 ••••••• 42".
  var PHONE_RE = /(?:[xX*•●·]{2,}[\s\-.]*){1,}\d{2,4}(?!\d)|\+\s?[xX\d]{1,3}[\s\-.]*[xX*•●]{3,}/;

  function looksLikeEmail(text) { return typeof text === 'string' && EMAIL_RE.test(text); }
  function looksLikeMaskedPhone(text) { return typeof text === 'string' && PHONE_RE.test(text); }

  // imageKind maps proof image file names to a method.
  function imageKind(names) {
    var kind = '';
    (names || []).forEach(function (n) {
      var s = String(n).toLowerCase();
      if (/verify_sms|verify_text|picker_sms/.test(s)) kind = kind || 'sms';
      else if (/verify_call|verify_voice|picker_call/.test(s)) kind = kind || 'voice';
      else if (/verify_email|picker_email|verify_mail/.test(s)) kind = kind || 'email';
      else if (/verify_code|picker_code|verify_totp/.test(s)) kind = kind || 'app';
    });
    return kind;
  }

  // configProofs returns the authMethodIds of $Config.arrUserProofs.
  function configProofs(cfg) {
    var arr = cfg && cfg.arrUserProofs;
    if (!Array.isArray(arr)) return [];
    return arr.map(function (p) { return p && typeof p.authMethodId === 'string' ? p.authMethodId : ''; }).filter(Boolean);
  }

  // defaultProof: the authMethodId marked isDefault in $Config.
  function defaultProof(cfg) {
    var arr = cfg && cfg.arrUserProofs;
    if (!Array.isArray(arr)) return '';
    for (var i = 0; i < arr.length; i++) if (arr[i] && arr[i].isDefault === true) return arr[i].authMethodId || '';
    return '';
  }

  // classifyClassic decides on the work-account code view (the input
  // #idTxtBx_SAOTCC_OTC is there). d: {images: [names near the input],
  // description: text of #idDiv_SAOTCC_Description, config: $Config or null,
  // chosen: data-value of the proof tile last clicked on this page, or '',
  // proofType: ServerData iDefaultProofType on personal-account pages}.
  // Returns {kind: 'app'|'sms'|'voice'|'email'|'pending', why}.
  function classifyClassic(d) {
    var img = imageKind(d.images);
    var desc = d.description || '';
    var proofs = configProofs(d.config);
    if (img && img !== 'app') return { kind: img, why: 'proof image' };
    if (looksLikeMaskedPhone(desc)) return { kind: 'sms', why: 'masked phone number in the description' };
    if (looksLikeEmail(desc)) return { kind: 'email', why: 'e-mail address in the description' };
    if (d.chosen && d.chosen !== APP_OTP) return { kind: 'sms', why: 'proof ' + d.chosen + ' was chosen on this page' };
    if (proofs.length && proofs.indexOf(APP_OTP) < 0) return { kind: 'sms', why: 'no PhoneAppOTP proof in $Config' };
    if (img === 'app') return { kind: 'app', why: 'picker_verify_code image' };
    // No image (yet): the proof chosen on the list, or the config, can vouch
    // for it: only app proofs, or the code view opened on the default proof.
    if (d.chosen === APP_OTP) return { kind: 'app', why: 'PhoneAppOTP was chosen on this page' };
    if (proofs.length && proofs.every(function (p) { return p === APP_OTP || p === 'PhoneAppNotification'; })) {
      return { kind: 'app', why: 'only app proofs in $Config' };
    }
    if (!d.chosen && defaultProof(d.config) === APP_OTP && d.description) {
      return { kind: 'app', why: 'default proof PhoneAppOTP, no proof chosen' };
    }
    // Personal-account pages with the classic box carry ServerData, not $Config.
    if (!d.config && !d.chosen && LIVE_APP_TYPES.indexOf(d.proofType) >= 0 && d.description) {
      return { kind: 'app', why: 'ServerData proof type ' + d.proofType };
    }
    if (!d.config && LIVE_OTHER_TYPES.indexOf(d.proofType) >= 0) {
      return { kind: 'email', why: 'ServerData proof type ' + d.proofType };
    }
    return { kind: 'pending', why: 'no proof image yet' };
  }

  // classifyLive decides on the personal-account page (#otc-confirmation-input).
  // d: {description: text of #oneTimeCodeDescription (null if absent),
  // descriptionHTMLHasBold, proofType: ServerData iDefaultProofType or null,
  // inputName, inputType, chosen: the proof tile chosen on this page}.
  function classifyLive(d) {
    var desc = d.description;
    if (desc == null || desc.trim() === '') {
      if (LIVE_OTHER_TYPES.indexOf(d.proofType) >= 0) return { kind: 'email', why: 'ServerData proof type ' + d.proofType };
      if (LIVE_APP_TYPES.indexOf(d.proofType) >= 0 && d.descriptionMissing) {
        return { kind: 'app', why: 'ServerData proof type ' + d.proofType + ', no description element' };
      }
      return { kind: 'pending', why: 'description not rendered yet' };
    }
    if (looksLikeEmail(desc)) return { kind: 'email', why: 'e-mail address in the description' };
    if (looksLikeMaskedPhone(desc)) return { kind: 'sms', why: 'masked phone number in the description' };
    if (d.inputType === 'email') return { kind: 'email', why: 'input type' };
    // The page was served for an e-mail, SMS or voice proof and no app tile
    // was chosen on it: a code sent there, even when the view names neither
    // address nor number ("your alternate e-mail address").
    if (LIVE_OTHER_TYPES.indexOf(d.proofType) >= 0 && d.chosen !== APP_OTP) {
      return { kind: 'email', why: 'ServerData proof type ' + d.proofType + ' and no app tile chosen' };
    }
    return { kind: 'app', why: 'code description names no address or phone' };
  }

  // classifyPush: the push-approval screen. d: {anotherWay: bool (a#signInAnotherWay),
  // codeInput: bool, pushMarkers: bool (SAOTCAS ids, number match), config}.
  function classifyPush(d) {
    if (!d.anotherWay || d.codeInput || !d.pushMarkers) return false;
    var proofs = configProofs(d.config);
    return proofs.length === 0 || proofs.indexOf(APP_OTP) >= 0;
  }

  // pickTile returns the data-value to click on the proof list: PhoneAppOTP
  // or nothing. Never SMS or voice.
  function pickTile(values) {
    return (values || []).indexOf(APP_OTP) >= 0 ? APP_OTP : '';
  }

  // isDevicePage: the device-code flow, never filled (…/oauth2/deviceauth,
  // /devicelogin, and the short login.microsoft.com/device).
  function isDevicePage(pathname) {
    var p = pathname || '';
    return /\/(oauth2\/)?(v2\.0\/)?device(auth|login|code)\b/i.test(p) || /\/devicelogin/i.test(p) || /^\/device\/?$/i.test(p);
  }
  // DEVICE_ACTION: a form that posts a device code, wherever it is served.
  var DEVICE_ACTION = /\/device(auth|login|code)\b/i;

  // pickAccount returns the first candidate that is a whole, unmasked UPN or
  // e-mail address, trimmed; '' if none.
  function pickAccount(candidates) {
    for (var i = 0; i < (candidates || []).length; i++) {
      var c = candidates[i];
      if (typeof c !== 'string') continue;
      var m = c.trim().match(/[^\s@<>()"',;:*]+@[^\s@<>()"',;:*]+\.[^\s@<>()"',;:*]{2,}/);
      if (m && c.indexOf('*') < 0) return m[0];
    }
    return '';
  }

  // extractObject finds `<name> = {...}` in script text and returns the
  // parsed object, or null. Microsoft pages put $Config / ServerData as JSON
  // in an inline script; a string-aware brace scan finds the end.
  function extractObject(text, names) {
    if (typeof text !== 'string') return null;
    for (var n = 0; n < names.length; n++) {
      var re = new RegExp('(?:^|[\\s;,(])(?:window\\.|var\\s+|let\\s+|const\\s+)?' + names[n].replace(/\$/g, '\\$') + '\\s*=\\s*\\{', 'g');
      var m;
      while ((m = re.exec(text))) {
        var start = m.index + m[0].length - 1;
        var end = matchBrace(text, start);
        if (end < 0) continue;
        try {
          var obj = JSON.parse(text.slice(start, end + 1));
          if (obj && typeof obj === 'object') return obj;
        } catch (e) { /* not JSON: try the next one */ }
      }
    }
    return null;
  }

  function matchBrace(s, i) {
    var depth = 0, q = '', limit = Math.min(s.length, i + 2000000);
    for (var k = i; k < limit; k++) {
      var c = s[k];
      if (q) {
        if (c === '\\') k++;
        else if (c === q) q = '';
        continue;
      }
      if (c === '"' || c === "'") q = c;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return k;
    }
    return -1;
  }

  // liveProofType reads iDefaultProofType from ServerData text that may not
  // be JSON (object literal).
  function liveProofType(obj, text) {
    if (obj && typeof obj.iDefaultProofType === 'number') return obj.iDefaultProofType;
    var m = typeof text === 'string' && text.match(/["']?iDefaultProofType["']?\s*:\s*(-?\d+)/);
    return m ? Number(m[1]) : null;
  }

  // fillTiming turns a code reply into when to fill: {wait: ms until the
  // code is valid (0 now), expiresIn: ms}. valid_from when the host sends it;
  // else the start of `step`.
  function fillTiming(reply, now) {
    var period = (reply.period || 30) * 1000;
    var from = reply.valid_from || (reply.step ? reply.step * period : 0);
    var wait = from > now + 250 ? from - now : 0;
    var exp = reply.expires_at || (reply.step ? (reply.step + 1) * period : now + period);
    return { wait: wait, expiresIn: Math.max(0, exp - now), validFrom: from };
  }


  // --- the whole sign-in view, from a snapshot --------------------------------

  var P = root.OtpfillPage || (typeof require === 'function' ? require('./page.js') : null);

  // proofImageNames: picker/verify image names in the nearest ancestor of rec
  // that shows any (the current view, not the whole document).
  function proofImageNames(rec, els) {
    for (var p = rec.parent, depth = 0; p && depth < 10; p = p.parent, depth++) {
      var names = [];
      for (var i = p.pos + 1; i < p.end; i++) {
        var n = els[i].node;
        if (n.tag !== 'img' && P.attr(n, 'role') !== 'img') continue;
        var src = ['src', 'svgsrc', 'pngsrc', 'data-src'].map(function (k) { return P.attr(n, k); }).join(' ');
        var m = src.match(/[\w-]*(?:picker|verify)[\w-]*/gi);
        if (m) names = names.concat(m);
      }
      if (names.length) return names;
    }
    return [];
  }

  // The method a proof tile (a button of the "other ways" list) stands for,
  // from its data-value, its id/class/test id, or its image names.
  function tileMethod(rec, els) {
    var n = rec.node;
    var v = P.attr(n, 'data-value');
    if (v) return v;
    var own = P.attrText(n) + ' ' + proofImageNamesIn(rec, els).join(' ');
    if (/sms|voice|call|email|mail/i.test(own)) return 'other';
    if (looksLikeMaskedPhone(rec.text) || looksLikeEmail(rec.text)) return 'other'; // a code sent somewhere
    if (/picker_verify_code|verify_code|picker_code|totp|onetimecode|authenticatorcode|appcode|PhoneAppOTP/i.test(own)) return APP_OTP;
    return '';
  }
  // listedMethods: Entra's "Verify your identity" list shows one tile per
  // $Config.arrUserProofs entry, in that order. Tiles that carry neither a
  // data-value nor an image (today's React list: role=button tiles with CSS
  // icons) take the method of their place, when the list (one tile per
  // list item of one list) has as many tiles as $Config has proofs and every
  // tile read by itself agrees with its place (at least one does).
  function listedMethods(tiles, proofs) {
    var item = function (t) {
      for (var p = t.rec.parent; p; p = p.parent) if (p.node.tag === 'li' || P.attr(p.node, 'role') === 'listitem') return p;
      return null;
    };
    var items = tiles.map(item);
    if (!proofs.length || tiles.length !== proofs.length || items.some(function (it, i) {
      return !it || it.parent !== items[0].parent || items.indexOf(it) !== i;
    })) return tiles;
    var known = 0;
    for (var i = 0; i < tiles.length; i++) {
      var m = tiles[i].method;
      if (!m) continue;
      var app = proofs[i] === APP_OTP;
      if (m === APP_OTP ? !app : (m === 'other' ? app || proofs[i] === 'PhoneAppNotification' : m !== proofs[i])) return tiles;
      known++;
    }
    if (!known) return tiles;
    return tiles.map(function (t, j) { return t.method ? t : { rec: t.rec, method: proofs[j] }; });
  }
  function proofImageNamesIn(rec, els) {
    var names = [];
    for (var i = rec.pos; i < rec.end; i++) {
      var n = els[i].node;
      var src = ['src', 'svgsrc', 'pngsrc', 'data-src'].map(function (k) { return P.attr(n, k); }).join(' ');
      var m = src.match(/[\w-]*(?:picker|verify)[\w-]*/gi);
      if (m) names = names.concat(m);
    }
    return names;
  }

  // codeBox finds the box the user types the code into: a box known by its
  // own attributes; a numeric-only box when a hidden otc input mirrors the
  // page's state or ServerData names an app proof; else a plain text box in
  // a one-time-code form (OneTimeCodeViewForm), or the only plain text box
  // beside the hidden mirror.
  var CODE_FORM = /onetimecode|otc|totp|otp|verif/i;
  function codeBox(els, snap, cfg) {
    var mirror = !!snap.hiddenOtc || els.some(function (r) { return r.node.tag === 'input' && P.has(r.node, 'data-offscreen') && P.attr(r.node, 'name') === 'otc'; });
    // A work-account page whose $Config lists the app code proof vouches for
    // a numeric box as ServerData's app proof types do.
    var appProof = LIVE_APP_TYPES.indexOf(cfg.proofType) >= 0 || configProofs(cfg.aad).indexOf(APP_OTP) >= 0;
    var boxes = P.codeBoxes(els).filter(function (b) { return b.strong || mirror || appProof; });
    if (boxes.length) return boxes[0].rec;
    var plain = els.filter(function (r) { return P.plainBox(r.node) && !P.phoneEntry(r, els); });
    var inForm = plain.filter(function (r) {
      return P.ancestors(r).some(function (a) { return a.node.tag === 'form' && CODE_FORM.test(P.attrText(a.node)); });
    });
    if (inForm.length === 1) return inForm[0];
    return mirror && plain.length === 1 ? plain[0] : null;
  }

  function footerButton(els) {
    var footer = els.filter(function (r) { return P.attr(r.node, 'data-testid') === 'viewFooter'; })[0];
    if (!footer) return null;
    for (var i = footer.pos + 1; i < footer.end; i++) {
      var n = els[i].node;
      if (n.tag === 'a' || P.attr(n, 'role') === 'button' || P.attr(n, 'role') === 'link' || n.tag === 'button') return els[i];
    }
    return null;
  }

  // viewAccount: the signing-in address as the view shows it by itself
  // (a persona or identity banner): an element whose whole text is one
  // unmasked address. '' when there is none or two differ.
  function viewAccount(els) {
    var found = '';
    for (var i = 0; i < els.length; i++) {
      var r = els[i];
      if (r.kids.length || r.raw.indexOf('@') < 0 || r.raw.length > 320) continue;
      var t = r.text;
      if (!/^[^\s@<>()"',;:*]+@[^\s@<>()"',;:*]+\.[^\s@<>()"',;:*]{2,}$/.test(t)) continue;
      if (found && found.toLowerCase() !== t.toLowerCase()) return '';
      found = found || t;
    }
    return found;
  }

  // withoutAccount: the view's text minus the signing-in address where it
  // stands alone on a line (the identity banner or persona inside the view,
  // beside at most an avatar's initials), before looking for the address a
  // code was sent to. In a sentence ("We sent a code to ada@…") the address
  // stays: a code e-mailed to the account's own address is an e-mailed code.
  function withoutAccount(lines, account) {
    var a = (account || '').toLowerCase();
    return lines.map(function (l) {
      if (!a || l.toLowerCase().indexOf(a) < 0) return l;
      var rest = l.toLowerCase().split(a).join(' ');
      return rest.replace(/\s/g, '').length <= 3 ? rest : l;
    }).join(' ');
  }

  // phoneShown: the view names a phone number without a mask character: an
  // element whose whole text is the last digits ("ending in <span>86</span>")
  // or a whole number ("+33 6 12 34 56 86"), or such a number written in
  // international form anywhere in its text. A number inside a <label> (the
  // "don't ask again for 90 days" checkbox) does not count.
  var LAST_DIGITS = /^\+?\d{2,4}$/;
  var WHOLE_PHONE = /^\+?\(?\d[\d\s().\-]{5,}\d$/;
  var INTL_PHONE = /(?:^|[^\w+])\+\d{1,3}[\s.\-]?\(?\d{1,4}\)?(?:[\s.\-]?\d{2,4}){2,}(?!\d)/;
  function phoneShown(scope, els) {
    if (!scope) return false;
    if (INTL_PHONE.test(scope.lines.join(' '))) return true;
    for (var i = scope.pos + 1; i < scope.end; i++) {
      var r = els[i], n = r.node;
      if (r.kids.length || /^(input|textarea|select|option|script|style)$/.test(n.tag || '')) continue;
      var t = r.text;
      if (!t || t.length > 24 || !(LAST_DIGITS.test(t) || WHOLE_PHONE.test(t))) continue;
      var inLabel = false;
      for (var p = r.parent; p && p.pos > scope.pos; p = p.parent) if (p.node.tag === 'label') { inLabel = true; break; }
      if (!inLabel) return true;
    }
    return false;
  }

  // refusedShown: the code view shows an error as it is (its box marked
  // aria-invalid, or a non-empty alert / error element in the view): the
  // page was rendered again after a refused code (login.live.com posts the
  // form and the server answers with the same step and its error). Filling
  // it again would try the next code, and the next, every time step.
  // The error may also be plain text (no role, no error id) on a page whose
  // ServerData carries the error (sErrTxt), or in an element whose class
  // names an error (alert-error, has-error, errorText).
  var ERROR_CLASS = /(?:^|[\s_-])error(?:s|Text|Message)?(?:\s|$)|[a-z]Error(?:\s|$)/;
  function refusedShown(box, scope, els, cfg) {
    if (P.attr(box.node, 'aria-invalid') === 'true') return true;
    var live = cfg && cfg.live;
    if (live && typeof live.sErrTxt === 'string' && live.sErrTxt.trim()) return true;
    var from = scope ? scope.pos + 1 : 0, to = scope ? scope.end : els.length;
    for (var i = from; i < to; i++) {
      var n = els[i].node, id = P.attr(n, 'id');
      if (n.tag === 'input' || n.tag === 'textarea') continue;
      if ((P.attr(n, 'role') === 'alert' || id === 'idSpan_SAOTCC_Error_OTC' || /(-e|E)rror$/.test(id) || ERROR_CLASS.test(P.attr(n, 'class'))) && els[i].text) return true;
    }
    return false;
  }

  // readView reads one sign-in page state. snap: {tree, config: {aad, live,
  // proofType}, account, chosen (proof tile last clicked), path}. Returns
  // {view: 'code'|'push'|'proofs'|'none', kind ('app', 'sms', 'email',
  // 'voice', 'pending' for code views), box, submit (element refs), flavor,
  // why, link (push), tile (proofs)}.
  function readView(snap) {
    if (isDevicePage(snap.path)) return { view: 'none', why: 'device-code page' };
    var els = P.index(snap.tree);
    if (els.some(function (r) { return r.node.tag === 'form' && DEVICE_ACTION.test(P.attr(r.node, 'action')); })) {
      return { view: 'none', why: 'device-code form' };
    }
    var cfg = snap.config || {};
    // The account the page names (identity banner, config), else the one
    // the view shows by itself (a re-prompt's persona).
    var account = snap.account || viewAccount(els);
    var ref = function (r) { return r ? r.node.ref : null; };

    var classic = P.byId(els, 'idTxtBx_SAOTCC_OTC');
    if (classic && classic.node.tag === 'input') {
      var desc = P.byId(els, 'idDiv_SAOTCC_Description');
      var rc = classifyClassic({ images: proofImageNames(classic, els), description: desc ? desc.text : null, config: cfg.aad, chosen: snap.chosen, proofType: cfg.proofType });
      var sub = P.byId(els, 'idSubmit_SAOTCC_Continue') || P.submitFor(classic, els);
      var cview = P.viewOf(classic, els);
      if (rc.kind === 'app' && phoneShown(cview, els)) rc = { kind: 'sms', why: 'a phone number (no mask) in the view' };
      return { view: 'code', kind: rc.kind, why: rc.why, flavor: 'classic', box: ref(classic), submit: ref(sub), account: account,
        refused: refusedShown(classic, cview, els, cfg) };
    }

    // Any other code box, found by what it is (type, inputmode, autocomplete,
    // maxlength, code-ish names) rather than by id: personal accounts'
    // screens get new generated ids with each rebuild, and Entra's may come
    // without ids.
    if (P.splitCode(els)) return { view: 'code', kind: 'email', why: 'a code split over one-character boxes (e-mailed code)', flavor: 'split', box: null };
    var passwords = els.some(function (r) { return r.node.tag === 'input' && P.attr(r.node, 'type').toLowerCase() === 'password'; });
    var box = passwords ? null : codeBox(els, snap, cfg);
    if (box) {
      var descEl = P.byId(els, 'oneTimeCodeDescription') || P.byId(els, 'idDiv_SAOTCC_Description') ||
        P.byId(els, P.attr(box.node, 'aria-describedby').split(' ')[0]);
      var scope = P.viewOf(box, els);
      var text = descEl ? descEl.text : withoutAccount(scope ? scope.lines : [], account);
      // A work-account page ($Config) keeps the classic rules (proof images,
      // the proofs it lists, the tile chosen).
      var rl = cfg.aad ? classifyClassic({ images: proofImageNames(box, els), description: text, config: cfg.aad, chosen: snap.chosen })
        : classifyLive({ description: text, descriptionMissing: !text, proofType: cfg.proofType, inputType: P.attr(box.node, 'type'), chosen: snap.chosen });
      if (rl.kind === 'app' && phoneShown(scope, els)) rl = { kind: 'sms', why: 'a phone number (no mask) in the view' };
      var sb = P.byId(els, 'oneTimeCodePrimaryButton') || P.byId(els, 'idSubmit_SAOTCC_Continue') || P.submitFor(box, els);
      return { view: 'code', kind: rl.kind, why: rl.why, flavor: cfg.aad ? 'classic' : 'live', box: ref(box), submit: ref(sb), account: account,
        refused: refusedShown(box, scope, els, cfg) };
    }

    var tiles = listedMethods(els.filter(function (r) { return P.buttonLike(r.node) || P.has(r.node, 'data-value'); })
      .map(function (r) { return { rec: r, method: tileMethod(r, els) }; }), configProofs(cfg.aad))
      .filter(function (t) { return t.method; });

    // "I can't use my Authenticator app" (work) or the footer's "Other ways
    // to sign in" button (personal accounts).
    var another = P.byId(els, 'signInAnotherWay') || footerButton(els);
    var markers = els.some(function (r) {
      var id = P.attr(r.node, 'id'), tid = P.attr(r.node, 'data-testid');
      var src = P.attr(r.node, 'src') + ' ' + P.attr(r.node, 'svgsrc');
      return /^idDiv_SAOTCAS|^idRichContext_DisplaySign|^displaySign$/.test(id) || /^(displaySign|deviceShieldCheckmarkVideo)$/.test(tid) ||
        /fluent_authenticator|verify_authenticator|picker_verify_push|authenticator_push/i.test(src);
    });
    if (another && !passwords && classifyPush({ anotherWay: true, codeInput: false, pushMarkers: markers, config: cfg.aad })) {
      return { view: 'push', link: ref(another), why: 'push approval screen', account: account };
    }
    if (tiles.length) {
      var values = tiles.map(function (t) { return t.method; });
      var pick = pickTile(values);
      var tile = tiles.filter(function (t) { return t.method === pick; })[0];
      return { view: 'proofs', tile: tile ? ref(tile.rec) : null, values: values, why: 'proof list', account: account,
        tiles: tiles.map(function (t) { return { ref: ref(t.rec), method: t.method }; }) };
    }
    return { view: 'none', why: 'no code step' };
  }

  // decide turns a view and the script's state into one action: 'fill',
  // 'leave-push', 'choose-tile' or 'none'. st: {firstView, leftPush,
  // tileClicked, pushAsked}; opts: {skipPush}.
  function decide(v, st, opts) {
    if (v.view === 'code') return v.kind === 'app' && v.box != null && !v.refused ? 'fill' : 'none';
    if (!opts.skipPush) return 'none';
    if (v.view === 'push') return st.pushAsked ? 'none' : 'leave-push';
    // The list is chosen for the user only on the way from the push screen,
    // or when the page opened on it; a list the user asked for is theirs.
    if (v.view === 'proofs' && v.tile != null && !st.tileClicked && (st.leftPush || st.firstView === 'proofs')) return 'choose-tile';
    return 'none';
  }

  // The sign-in script's states and the moves between them (the table in
  // extension/README.md; a node test keeps the two the same).
  var SIGNIN_STATES = {
    init: ['idle'],
    idle: ['asking', 'stopped'],
    asking: ['idle', 'held', 'chooser', 'countdown', 'filled', 'submitted', 'stopped'],
    held: ['idle'],
    chooser: ['asking'],
    countdown: ['idle', 'filled', 'submitted', 'stopped'],
    filled: [],
    submitted: ['rejected'],
    rejected: [],
    stopped: []
  };

  root.OtpfillDetect = Object.freeze({
    classifyClassic: classifyClassic,
    classifyLive: classifyLive,
    classifyPush: classifyPush,
    pickTile: pickTile,
    isDevicePage: isDevicePage,
    pickAccount: pickAccount,
    extractObject: extractObject,
    liveProofType: liveProofType,
    configProofs: configProofs,
    imageKind: imageKind,
    looksLikeEmail: looksLikeEmail,
    looksLikeMaskedPhone: looksLikeMaskedPhone,
    fillTiming: fillTiming,
    readView: readView,
    viewAccount: viewAccount,
    withoutAccount: withoutAccount,
    phoneShown: phoneShown,
    decide: decide,
    SIGNIN_STATES: SIGNIN_STATES,
    NEVER_TILES: NEVER_TILES.slice()
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
