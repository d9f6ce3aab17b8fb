// Pure reading of a page snapshot (lib/runtime.js snapshot: {tag, attrs,
// children, ref}; strings are text), shared by the sign-in analyser
// (lib/detect.js) and the enrollment analyser (lib/enroll-core.js): the
// flattened index, the one-time-code box of a view and the button a person
// would press to submit it. Structure, roles and attributes only; never
// sentences, so every display language reads the same. No DOM.
(function (root) {
  'use strict';

  var SPACES = /[\s\u00a0\u2007\u202f\u3000]+/g;
  var INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
  function norm(s) { return String(s == null ? '' : s).replace(INVISIBLE, '').replace(SPACES, ' ').trim(); }

  function attr(n, k) { return n && n.attrs && n.attrs[k] != null ? String(n.attrs[k]) : ''; }
  function has(n, k) { return !!(n && n.attrs && k in n.attrs); }
  function attrText(n) { return [attr(n, 'id'), attr(n, 'class'), attr(n, 'name'), attr(n, 'data-testid'), attr(n, 'data-automation-id')].join(' '); }

  // index flattens the tree: elements in document order (pos) with their
  // parent, element children (kids), full normalised text, and lines (text
  // split where a <br> or a block element breaks it).
  var BLOCK = /^(address|article|aside|blockquote|br|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|label|legend|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)$/;
  // Rec: one element of the index. text and lines are computed on first
  // use: on a large page only small elements are ever read as text, and
  // building them for every ancestor would cost more than the whole analysis.
  function Rec(node, parent, pos) {
    this.node = node; this.parent = parent; this.pos = pos; this.kids = []; this.end = 0; this.raw = '';
    this._text = undefined; this._lines = undefined;
  }
  Object.defineProperty(Rec.prototype, 'text', { get: function () {
    if (this._text === undefined) this._text = norm(this.raw);
    return this._text;
  } });
  Object.defineProperty(Rec.prototype, 'lines', { get: function () {
    if (this._lines === undefined) this._lines = this.raw.split('\n').map(norm).filter(Boolean);
    return this._lines;
  } });

  function index(tree) {
    var els = [];
    function walk(n, parent, depth) {
      if (typeof n === 'string') return n;
      if (!n || typeof n !== 'object' || depth > 200) return '';
      var rec = new Rec(n, parent, els.length);
      els.push(rec);
      if (parent) parent.kids.push(rec);
      var raw = '';
      var ch = Array.isArray(n.children) ? n.children : [];
      for (var i = 0; i < ch.length; i++) raw += walk(ch[i], rec, depth + 1);
      if (n.tag === 'input' || n.tag === 'textarea') raw += attr(n, 'value');
      rec.end = els.length; // descendants are els[pos+1 .. end-1]
      rec.raw = raw;
      var brk = BLOCK.test(n.tag || '') ? '\n' : ' ';
      return brk + raw + brk;
    }
    walk(tree, null, 0);
    return els;
  }

  // small: the element's text is at most max characters (cheap on large
  // elements: their raw text is not normalised).
  function small(rec, max) { return rec.raw.length <= max || (rec.raw.length <= 8 * max && rec.text.length <= max); }

  function within(rec, anc) { return rec.pos > anc.pos && rec.pos < anc.end; }
  function ancestors(rec) { var out = []; for (var p = rec.parent; p; p = p.parent) out.push(p); return out; }
  function byId(els, id) { if (!id) return null; for (var i = 0; i < els.length; i++) if (attr(els[i].node, 'id') === id) return els[i]; return null; }

  // --- the one-time-code box -------------------------------------------------

  // codeBoxKind: 2 = a one-time-code box by its own attributes
  // (autocomplete=one-time-code, maxlength 6, a code-ish id/name/label),
  // 1 = only numeric (inputmode=numeric, type tel/number, a digit pattern or
  // placeholder), 0 = not a code box (also: a one-character box, which is
  // one cell of a split code).
  var NOT_CODE = /phone|mobile|mail|user|login|name|search|country|address|street|city|zip|postal|passw/i;
  var CODE_HINT = /code|otc|ott|otp|verif|token|pin|mfa|totp/i;
  // textBox: a visible text-like input a person can type into.
  function textBox(n) {
    if (!n || n.tag !== 'input' || has(n, 'data-offscreen')) return false;
    if (!/^(text|tel|number|)$/.test((attr(n, 'type') || 'text').toLowerCase())) return false;
    return !has(n, 'readonly') && !has(n, 'disabled');
  }

  // otherFormat: the box's placeholder shows the format of something other
  // than a 6-8 character code ("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", a recovery
  // code; "XXXX", last digits): a mask of X, 0, 9, # or dots with separators.
  function otherFormat(n) {
    var ph = attr(n, 'placeholder').trim();
    if (!/^[Xx09#•●*_\-\s.]+$/.test(ph)) return false;
    var k = ph.replace(/[\s\-.]/g, '').length;
    return k >= 3 && (k < 6 || k > 8);
  }

  // plainBox: a text box that could hold a code (no other purpose named by
  // its attributes, room for 6 to 10 characters or no limit).
  function plainBox(n) {
    if (!textBox(n)) return false;
    var ml = parseInt(attr(n, 'maxlength'), 10);
    if (ml > 0 && (ml < 6 || ml > 10)) return false;
    if (/^(tel|tel-national|email|username|name|postal-code|cc-|current-password|new-password)/.test(attr(n, 'autocomplete').toLowerCase())) return false;
    return !NOT_CODE.test(attrText(n)) && !otherFormat(n);
  }

  function codeBoxKind(n) {
    if (!textBox(n) || otherFormat(n)) return 0;
    var ml = parseInt(attr(n, 'maxlength'), 10);
    if (ml > 0 && (ml < 6 || ml > 10)) return 0;
    var type = (attr(n, 'type') || 'text').toLowerCase();
    var ac = attr(n, 'autocomplete').toLowerCase();
    if (ac === 'one-time-code') return 2;
    if (/^(tel|tel-national|email|username|name|postal-code|cc-|current-password|new-password)/.test(ac)) return 0;
    if (ml === 6) return 2;
    var own = attrText(n);
    if (NOT_CODE.test(own)) return 0;
    if (CODE_HINT.test(own + ' ' + attr(n, 'aria-label') + ' ' + attr(n, 'placeholder')) && !(ml > 8)) return 2;
    var numeric = attr(n, 'inputmode').toLowerCase() === 'numeric' || type === 'tel' || type === 'number' ||
      /\\d|0-9/.test(attr(n, 'pattern')) || /^\s*(?:\d\s?){6,8}$/.test(attr(n, 'placeholder'));
    return numeric ? 1 : 0;
  }

  // splitCode: four or more one-character boxes side by side are one code
  // split over cells (Microsoft's e-mailed codes), never an authenticator
  // box: text boxes with maxlength 1 or without a length, four or more
  // within a few levels of one ancestor (each in its own wrapper, in groups
  // of three with a dash between, ...).
  var SPLIT_LEVELS = 4;
  function splitCode(els) {
    var counts = {};
    return els.some(function (r) {
      var n = r.node;
      if (!textBox(n) || parseInt(attr(n, 'maxlength'), 10) > 1) return false;
      for (var p = r.parent, k = 0; p && k < SPLIT_LEVELS; p = p.parent, k++) {
        counts[p.pos] = (counts[p.pos] || 0) + 1;
        if (counts[p.pos] >= 4) return true;
      }
      return false;
    });
  }

  // phoneEntry: a box that is only numeric or plain, with a country-code
  // picker (a <select> or a combobox) before it in its field group (up to
  // three levels up), is a phone number being entered, not a code.
  var PHONE_LEVELS = 3;
  function phoneEntry(rec, els) {
    for (var p = rec.parent, k = 0; p && k < PHONE_LEVELS; p = p.parent, k++) {
      for (var i = p.pos + 1; i < rec.pos; i++) {
        var n = els[i].node, role = attr(n, 'role');
        if (n.tag === 'select' || role === 'combobox' || role === 'listbox') return true;
      }
    }
    return false;
  }

  // The word "code" in a box's own short <label for> (Fluent UI fields name
  // the box only there; the label's text, as few languages' word for it).
  var CODE_WORD = /code|kode|koodi|\bkod|kód|código|codice|κωδικ|код|קוד|رمز|کد|코드|コード|代码|代碼|验证码|驗證碼|\bmã\b|รหัส/i;
  function labelNamesCode(r, els) {
    var id = attr(r.node, 'id');
    if (!id) return false;
    return els.some(function (l) { return l.node.tag === 'label' && attr(l.node, 'for') === id && l.text.length <= 40 && CODE_WORD.test(l.text); });
  }

  // codeBoxes lists the code boxes of the page, the surest first; a plain
  // box whose own label names a code counts as a numeric box does.
  function codeBoxes(els) {
    var strong = [], weak = [];
    els.forEach(function (r) {
      var k = codeBoxKind(r.node);
      if (k === 0 && plainBox(r.node) && labelNamesCode(r, els)) k = 1;
      if (k === 2) strong.push(r);
      else if (k === 1 && !phoneEntry(r, els)) weak.push(r);
    });
    return strong.map(function (r) { return { rec: r, strong: true }; })
      .concat(weak.map(function (r) { return { rec: r, strong: false }; }));
  }

  // --- the submit button ------------------------------------------------------

  function buttonLike(n) {
    return n.tag === 'button' || attr(n, 'role') === 'button' ||
      (n.tag === 'input' && /^(submit|button)$/i.test(attr(n, 'type')));
  }
  // Secondary actions, by id/class/test id words only.
  var SECONDARY = /back|cancel|close|dismiss|prev|resend|copy|skip|later|secondary|another|other|switch|signinanother|help|show|toggle|reveal/i;
  var PRIMARY = /primary|next|verify|submit|continue|confirm|done|accept|ok\b|finish/i;

  function label(rec) { return rec.text || attr(rec.node, 'value') || attr(rec.node, 'aria-label'); }

  function candidates(els, scope) {
    var out = [];
    for (var i = scope.pos + 1; i < scope.end; i++) {
      var r = els[i];
      if (!buttonLike(r.node) || !label(r)) continue;
      if (SECONDARY.test(attrText(r.node))) continue;
      out.push(r);
    }
    return out;
  }

  // ownedBy: the buttons outside form that belong to it by their form="id"
  // attribute (a dialog's action row rendered outside the <form>).
  function ownedBy(form, els) {
    var id = attr(form.node, 'id');
    if (!id) return [];
    return els.filter(function (r) {
      return attr(r.node, 'form') === id && !within(r, form) && buttonLike(r.node) && label(r) && !SECONDARY.test(attrText(r.node));
    });
  }

  var BOUNDARY = /^(form|dialog|body)$/;
  // submitFor finds the button a person presses to submit box: the nearest
  // ancestor that holds both the box and a labelled button (a dialog's
  // action row may sit beside the content that holds the box, as in Fluent
  // UI, so the search climbs past the content element), a form or dialog
  // being the last place it looks; in it the primary button (type=submit,
  // a primary/next/verify id or class), else the last button after the box
  // (Microsoft puts the primary action last: [Back] [Next]).
  function submitFor(box, els) {
    for (var p = box.parent; p; p = p.parent) {
      var cands = candidates(els, p);
      if (p.node.tag === 'form') cands = cands.concat(ownedBy(p, els));
      var after = cands.filter(function (c) { return c.pos > box.pos; });
      if (cands.length) {
        var strong = function (c) { return attr(c.node, 'type') === 'submit' || PRIMARY.test(attrText(c.node)); };
        var pick = after.filter(strong)[0] || cands.filter(strong)[0] || after[after.length - 1];
        if (pick) return pick;
      }
      var n = p.node;
      if (BOUNDARY.test(n.tag) || attr(n, 'role') === 'dialog') return null;
    }
    return null;
  }

  // scopeOf: the view the box belongs to (nearest dialog, form, section or
  // main), for reading what the view says around it.
  function scopeOf(box) {
    for (var p = box.parent; p; p = p.parent) {
      var n = p.node;
      if (/^(form|dialog|section|main|body)$/.test(n.tag) || attr(n, 'role') === 'dialog' || attr(n, 'role') === 'main') return p;
    }
    return box.parent;
  }

  // viewOf: the element that holds the whole view of box: its scope, or,
  // when the scope has no heading (a <form> that holds only the box and its
  // button, the title and the sentence naming where a code went above it),
  // the nearest ancestor that has one.
  var HEADING = /^h[1-6]$/;
  function hasHeading(rec, els) {
    for (var i = rec.pos + 1; i < rec.end; i++) {
      var n = els[i].node;
      if (HEADING.test(n.tag) || attr(n, 'role') === 'heading') return true;
    }
    return false;
  }
  function viewOf(box, els) {
    var scope = scopeOf(box);
    if (!scope || hasHeading(scope, els)) return scope;
    for (var p = scope.parent; p; p = p.parent) {
      if (hasHeading(p, els)) return p;
      if (p.node.tag === 'body') break;
    }
    return scope;
  }

  var page = {
    norm: norm, small: small, attr: attr, has: has, attrText: attrText, index: index, within: within, ancestors: ancestors, byId: byId,
    textBox: textBox, plainBox: plainBox, codeBoxKind: codeBoxKind, codeBoxes: codeBoxes, phoneEntry: phoneEntry, splitCode: splitCode, submitFor: submitFor, scopeOf: scopeOf, viewOf: viewOf, buttonLike: buttonLike
  };
  root.OtpfillPage = Object.freeze(page);
  if (typeof module === 'object' && module && module.exports) module.exports = page;
})(typeof globalThis !== 'undefined' ? globalThis : this);
