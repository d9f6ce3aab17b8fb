// Small pure helpers of the popup (and tests): code grouping, countdown
// fractions, row titles, search matching, menu keys, state texts.
(function (root) {
  'use strict';

  // groupCode shows "123 456" / "1234 5678".
  function groupCode(code) {
    var s = String(code || '');
    if (s.length < 6) return s;
    var h = Math.ceil(s.length / 2);
    return s.slice(0, h) + ' ' + s.slice(h);
  }

  // remaining returns {ms, fraction} left of a code that expires at expiresAt
  // (unix ms) with a period in seconds.
  function remaining(expiresAt, period, now) {
    var p = (period || 30) * 1000;
    var ms = Math.max(0, Math.min(p, (expiresAt || 0) - now));
    return { ms: ms, fraction: p ? ms / p : 0 };
  }

  // who names an entry for people with many tenants: "Contoso — ada@contoso.com"
  // (the issuer when there is no tenant), so the same account in two
  // tenants reads differently at a glance.
  function who(entry) {
    var org = entry.tenant || entry.issuer || '';
    return (org ? org + ' \u2014 ' : '') + (entry.account || '');
  }

  // rowTitle is the row's first line: the user's label, else who.
  function rowTitle(entry) { return entry.label || who(entry); }

  // rowDetail is the second line: who, when a label took the first.
  function rowDetail(entry) { return entry.label ? who(entry) : ''; }

  // matches: every whitespace-separated word of the query occurs in the
  // entry's account, tenant, issuer or label (case-insensitive).
  function matches(entry, query) {
    var hay = [entry.account, entry.tenant, entry.issuer, entry.label].join(' ').toLowerCase();
    return String(query || '').toLowerCase().split(/\s+/).filter(Boolean).every(function (w) { return hay.indexOf(w) >= 0; });
  }

  // sortEntries: by the row's title as shown, then account, case-insensitive.
  function sortEntries(list) {
    return list.slice().sort(function (a, b) {
      var x = rowTitle(a).toLowerCase() + '\u0000' + (a.account || '').toLowerCase();
      var y = rowTitle(b).toLowerCase() + '\u0000' + (b.account || '').toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  // menuMove returns the index a menu's focus moves to on key (of count
  // items, now at index; -1: none has the focus), or -1 when the key is not
  // a menu movement.
  function menuMove(key, index, count) {
    if (count <= 0) return -1;
    switch (key) {
      case 'ArrowDown': return index < 0 ? 0 : (index + 1) % count;
      case 'ArrowUp': return index < 0 ? count - 1 : (index - 1 + count) % count;
      case 'Home': return 0;
      case 'End': return count - 1;
    }
    return -1;
  }

  // stateText explains a background state to a person.
  function stateText(state, message) {
    switch (state) {
      case 'host_missing':
        return 'The otpfill program is not reachable from this browser. Run "otpfill install" in a terminal, then "otpfill doctor" to check.' + (message ? ' (' + message + ')' : '');
      case 'no_vault':
        return 'There is no vault yet. Run "otpfill init" in a terminal to create one.';
      case 'connecting':
        return 'Connecting to otpfill\u2026';
      default:
        return '';
    }
  }

  root.OtpfillFormat = Object.freeze({
    groupCode: groupCode, remaining: remaining, who: who, rowTitle: rowTitle, rowDetail: rowDetail,
    matches: matches, sortEntries: sortEntries, menuMove: menuMove, stateText: stateText
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
