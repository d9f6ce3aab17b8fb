// A small HTML reader for the enrollment tests: turns a fixture page into
// the plain tree extension/lib/enroll-core.js analyses ({tag, attrs,
// children}; strings are text), dropping what a browser would not show
// (hidden, display:none, script, style, template). Enough for hand-written
// fixtures; not a general HTML parser.
'use strict';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'title']);
const ENT = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '\u00a9', hellip: '\u2026' };

function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENT[e.toLowerCase()] !== undefined ? ENT[e.toLowerCase()] : m;
  });
}

function hidden(attrs) {
  if ('hidden' in attrs) return true;
  if (attrs['aria-hidden'] === 'true' && false) return true;
  const st = (attrs.style || '').replace(/\s+/g, '').toLowerCase();
  return /display:none|visibility:hidden/.test(st) || (attrs.type || '').toLowerCase() === 'hidden';
}

function parse(html) {
  const root = { tag: 'body', attrs: {}, children: [] };
  const stack = [root];
  let hiddenDepth = 0; // > 0 while inside a hidden element
  const re = /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-z0-9-]+)\s*>|<([a-z0-9-]+)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)/gi;
  let m;
  while ((m = re.exec(html))) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      if (!hiddenDepth) top.children.push(decode(m[5]));
    } else if (m[1]) {
      const tag = m[1].toLowerCase();
      for (let i = stack.length - 1; i > 0; i--) {
        if (stack[i].tag === tag) {
          for (let j = stack.length - 1; j >= i; j--) if (stack[j].hiddenMark) hiddenDepth--;
          stack.length = i;
          break;
        }
      }
    } else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrs = {};
      const ar = /([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
      let a;
      while ((a = ar.exec(m[3] || ''))) {
        let v = a[2] === undefined ? '' : a[2];
        if (/^["']/.test(v)) v = v.slice(1, -1);
        attrs[a[1].toLowerCase()] = decode(v);
      }
      if (tag === 'html' || tag === 'body' || tag === 'head') continue;
      if (RAW.has(tag)) {
        const end = html.toLowerCase().indexOf('</' + tag, re.lastIndex);
        const inner = end < 0 ? '' : html.slice(re.lastIndex, end);
        re.lastIndex = end < 0 ? html.length : html.indexOf('>', end) + 1;
        if (tag === 'textarea' && !hiddenDepth && !hidden(attrs)) {
          attrs.value = decode(inner);
          top.children.push({ tag, attrs, children: [] });
        }
        continue;
      }
      const node = { tag, attrs, children: [] };
      const hide = hidden(attrs);
      if (!hiddenDepth && !hide) top.children.push(node);
      if (!VOID.has(tag) && !m[4]) {
        if (hide) { node.hiddenMark = true; hiddenDepth++; }
        stack.push(node);
      }
    }
  }
  return root;
}

// find returns the first node (depth first) for which pred holds.
function find(tree, pred) {
  if (!tree || typeof tree === 'string') return null;
  if (pred(tree)) return tree;
  for (const c of tree.children) {
    const hit = find(c, pred);
    if (hit) return hit;
  }
  return null;
}

module.exports = { parse, find };
