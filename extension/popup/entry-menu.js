// The popup's per-entry menu: a menu button (aria-haspopup) beside each
// row opens Rename, Show as QR code and Delete. Arrow keys, Home and End
// move between the items, Tab reaches them too, Escape closes the menu and
// gives the focus back to its button. Delete and the QR code ask first; the
// QR image (it carries the secret) lives only in this row until hidden, the
// list is redrawn or the popup closes.
(function () {
  'use strict';
  var R = globalThis.OtpfillRuntime, F = globalThis.OtpfillFormat;
  var send = R.send, el = R.el;
  var openMenu = null; // {menu, button}
  var hideOpenPanel = null; // one row's panel at a time (a QR code goes when another opens)

  function close(focusButton) {
    if (!openMenu) return;
    var m = openMenu;
    openMenu = null;
    m.menu.hidden = true;
    m.button.setAttribute('aria-expanded', 'false');
    if (focusButton) m.button.focus();
  }

  // announce says what a change did in the popup's live region.
  function announce(text) {
    var live = document.getElementById('copied');
    if (live) live.textContent = text;
  }

  function items(menu) { return Array.prototype.slice.call(menu.querySelectorAll('[role=menuitem]')); }

  function open(menu, button, at) {
    close(false);
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    openMenu = { menu: menu, button: button };
    var list = items(menu);
    list[at < 0 ? list.length - 1 : 0].focus();
  }

  document.addEventListener('click', function (e) {
    if (openMenu && !openMenu.menu.contains(e.target) && !openMenu.button.contains(e.target)) close(false);
  });

  // build adds the menu button, the menu and the row's panel to li.
  // refresh reloads the list and resolves when it is drawn again.
  function build(entry, li, refresh) {
    var name = F.who(entry);
    var menuId = 'menu-' + entry.id;
    var button = el('button', { type: 'button', class: 'more', id: 'more-' + entry.id, 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'aria-controls': menuId, 'aria-label': 'Actions for ' + F.rowTitle(entry), title: 'Rename, show as QR code, delete' }, '\u22ee');
    var menu = el('ul', { role: 'menu', id: menuId, class: 'menu', hidden: true, 'aria-label': 'Actions for ' + F.rowTitle(entry) });
    var panel = el('div', { class: 'panel', hidden: true, role: 'group', 'aria-label': name });

    function item(label, run) {
      var wrap = el('li', { role: 'none' });
      var b = el('button', { type: 'button', role: 'menuitem' }, label);
      b.addEventListener('click', function () { close(false); run(); });
      wrap.appendChild(b);
      menu.appendChild(wrap);
    }

    button.addEventListener('click', function () {
      if (openMenu && openMenu.menu === menu) close(true); else open(menu, button, 0);
    });
    button.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); open(menu, button, e.key === 'ArrowUp' ? -1 : 0); }
    });
    menu.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(true); return; }
      var list = items(menu);
      var next = F.menuMove(e.key, list.indexOf(document.activeElement), list.length);
      if (next >= 0) { e.preventDefault(); list[next].focus(); }
    });
    menu.addEventListener('focusout', function (e) {
      if (openMenu && openMenu.menu === menu && !menu.contains(e.relatedTarget) && e.relatedTarget !== button) close(false);
    });

    // --- the row's panel: one question or form at a time -----------------------

    function hide() {
      panel.hidden = true;
      panel.textContent = '';
      if (hideOpenPanel === hide) hideOpenPanel = null;
    }

    // reveal shows the panel, after closing another row's.
    function reveal() {
      if (hideOpenPanel && hideOpenPanel !== hide) hideOpenPanel();
      hideOpenPanel = hide;
      panel.hidden = false;
      if (panel.scrollIntoView) panel.scrollIntoView({ block: 'nearest' });
    }

    function done() { hide(); button.focus(); }

    function say(text) { panel.appendChild(el('p', { class: 'msg', role: 'alert' }, text)); }

    // ask shows text and buttons; focus goes to the one marked focus.
    function ask(text, buttons) {
      hide();
      panel.appendChild(el('p', { class: 'ask' }, text));
      var row = el('div', { class: 'actions' });
      var first = null;
      buttons.forEach(function (b) {
        var btn = el('button', { type: 'button', class: b.primary ? 'primary' : '' }, b.label);
        btn.addEventListener('click', b.run);
        row.appendChild(btn);
        if (b.focus) first = btn;
      });
      panel.appendChild(row);
      reveal();
      (first || row.firstChild).focus();
    }

    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); done(); }
    });

    function failed(r) { return (r.error && r.error.message) || 'Something went wrong.'; }

    // After a change the list is drawn anew: focus this entry's button there.
    function refocus() {
      return refresh().then(function () {
        var b = document.getElementById('more-' + entry.id);
        if (b) b.focus();
      });
    }

    function rename() {
      hide();
      var form = el('form', { class: 'rename', autocomplete: 'off' });
      var inputId = 'label-' + entry.id;
      form.appendChild(el('label', { for: inputId }, 'Label shown for ' + name));
      var input = el('input', { id: inputId, type: 'text', maxlength: '64', spellcheck: 'false', 'aria-describedby': inputId + '-help' });
      input.value = entry.label || '';
      form.appendChild(input);
      form.appendChild(el('small', { id: inputId + '-help' }, 'Up to 64 characters. Leave it empty to show the tenant and account.'));
      var row = el('div', { class: 'actions' });
      row.appendChild(el('button', { type: 'submit', class: 'primary' }, 'Save'));
      var cancel = el('button', { type: 'button' }, 'Cancel');
      cancel.addEventListener('click', done);
      row.appendChild(cancel);
      form.appendChild(row);
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var label = input.value.trim();
        send({ otpfill: 'rename', entry: entry.id, label: label }).then(function (r) {
          if (r.ok) { announce(label ? 'Renamed ' + name + ' to ' + label + '.' : 'Removed the label of ' + name + '.'); refocus(); return; }
          var old = panel.querySelector('.msg');
          if (old) old.remove();
          say('Could not rename: ' + failed(r));
          input.focus();
        });
      });
      panel.appendChild(form);
      reveal();
      input.focus();
      input.select();
    }

    function remove() {
      ask('Delete ' + name + ' from otpfill? otpfill can then no longer make its codes: keep another way to sign in to this account.', [
        { label: 'Delete', primary: true, run: function () {
          send({ otpfill: 'remove', entry: entry.id }).then(function (r) {
            if (!r.ok) { hide(); say('Could not delete: ' + failed(r)); reveal(); return; }
            announce('Deleted ' + name + '.');
            refresh().then(function () { var s = document.getElementById('search'); if (s) s.focus(); });
          });
        } },
        { label: 'Cancel', focus: true, run: done }
      ]);
    }

    function showQR() {
      ask('The QR code carries the secret of ' + name + ': anyone who sees it, or a photo of it, can make sign-in codes for this account. Show it only to scan it with your own phone.', [
        { label: 'Show QR code', primary: true, run: function () {
          send({ otpfill: 'qr', entry: entry.id }).then(function (r) {
            hide();
            reveal();
            if (!r.ok || !/^data:image\/png;base64,/.test(r.image || '')) { say('Could not show the QR code: ' + failed(r)); return; }
            panel.appendChild(el('p', null, 'Scan it with your authenticator app, then hide it.'));
            panel.appendChild(el('img', { class: 'qr', src: r.image, alt: 'QR code with the secret of ' + name }));
            var row = el('div', { class: 'actions' });
            var hideBtn = el('button', { type: 'button', class: 'primary' }, 'Hide QR code');
            hideBtn.addEventListener('click', done);
            row.appendChild(hideBtn);
            panel.appendChild(row);
            panel.scrollIntoView({ block: 'nearest' });
            hideBtn.focus();
          });
        } },
        { label: 'Cancel', focus: true, run: done }
      ]);
    }

    item('Rename\u2026', rename);
    item('Show as QR code\u2026', showQR);
    item('Delete\u2026', remove);
    return { button: button, menu: menu, panel: panel };
  }

  globalThis.OtpfillEntryMenu = Object.freeze({ build: build, close: close });
})();
