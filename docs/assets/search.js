/* dx-plans search: the client of the static index written by macros/search_index.py.
 *
 * Progressive enhancement: the search page is a plain <form method="get">; this script reads
 * ?q= from the address, fetches only the index files of the query's own tokens, and lists the
 * results. It makes no request outside the site. Normalisation and tokens are the same as in
 * macros/search_index.py (tests/test_search.py checks that both agree).
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- normalisation and tokens
  var CJK = "\u3005-\u3007\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff" +
            "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
  var CJK_DOT = new RegExp("(?<=[" + CJK + "])\u30fb(?=[" + CJK + "])", "gu");
  var TOKEN = new RegExp("([" + CJK + "]+)|([0-9]+(?:[.,][0-9]+)+)|([a-z0-9\u00df-\u00f6\u00f8-\u024f]+)", "gu");
  var POSSESSIVE = /['\u2019]s(?![a-z0-9])/g;
  var STOPWORDS = new Set("a an and are as at be by for from in is it of on or the to with".split(" "));
  var MAX_QUERY_TOKENS = 16;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(CJK_DOT, "");
  }

  function stem(word) {
    if (word.length <= 3 || /[^a-z\u00df-\u00f6\u00f8-\u024f]/.test(word)) return word;
    if (/ies$/.test(word) && !/[ea]ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/es$/.test(word) && !/[aeo]es$/.test(word)) return word.slice(0, -1);
    if (/s$/.test(word) && !/(us|ss)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function bigrams(run) {
    var chars = Array.from(run);
    if (chars.length === 1) return [run];
    var out = [];
    for (var i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  function tokens(text) {
    var out = [];
    var norm = normalise(text).replace(POSSESSIVE, "");
    for (var m of norm.matchAll(TOKEN)) {
      if (m[1]) out.push.apply(out, bigrams(m[1]));
      else if (m[2]) out.push(m[2].replace(/,/g, ""));
      else if (!STOPWORDS.has(m[3])) out.push(stem(m[3]));
    }
    return out;
  }

  function unique(list) { return Array.from(new Set(list)); }

  function queryTokens(query, limit) {
    limit = limit || MAX_QUERY_TOKENS;
    var found = unique(tokens(query));
    if (found.length <= limit) return found;
    var cover = [];
    for (var m of normalise(query).replace(POSSESSIVE, "").matchAll(TOKEN)) {
      var chars = Array.from(m[0]);
      if (m[1] && chars.length > 2) {
        for (var i = 0; i < chars.length - 1; i += 2) cover.push(chars[i] + chars[i + 1]);
        if (chars.length % 2) cover.push(chars[chars.length - 2] + chars[chars.length - 1]);
      } else {
        cover.push.apply(cover, tokens(m[0]));
      }
    }
    return unique(cover).slice(0, limit);
  }

  // ---------------------------------------------------------------- index files
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET[a]] = a;

  function decodePostings(data) {   // → [[doc, impact], ...] by doc
    var out = [], doc = 0, i = 0;
    while (i < data.length) {
      var value = 0, shift = 0, digit;
      do {
        digit = DIGIT[data[i++]];
        value += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit >= 32);
      doc += value;
      out.push([doc, DIGIT[data[i++]]]);
    }
    return out;
  }

  function fnv1a(token) {
    var h = 0x811c9dc5;
    for (var byte of new TextEncoder().encode(token)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h;
  }

  var cache = new Map();
  function getJSON(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url);
        return r.json();
      }).catch(function (e) { cache.delete(url); throw e; }));
    }
    return cache.get(url);
  }

  // ---------------------------------------------------------------- the query
  var RESOLVE = 200;      // candidates whose membership in a common token's full list is checked
  var MAX_BLOCKS = 8;     // blocks of full lists fetched per query at most
  var PAGE_SIZE = 10;     // result pages shown at once

  function Engine(indexUrl) {
    this.indexUrl = indexUrl;
    this.meta = null;
  }

  Engine.prototype.loadMeta = function () {
    var self = this;
    if (!this.metaPromise) {
      this.metaPromise = fetch(new URL("meta.json", this.indexUrl), {cache: "no-cache"})
        .then(function (r) { if (!r.ok) throw new Error("meta " + r.status); return r.json(); })
        .then(function (meta) { self.meta = meta; self.base = new URL(meta.version + "/", self.indexUrl); return meta; });
      this.metaPromise.catch(function () { self.metaPromise = null; });
    }
    return this.metaPromise;
  };

  // Candidates ranked by coverage (query tokens present), then by summed impact.
  Engine.prototype.search = async function (query) {
    var qt = queryTokens(query);
    var result = {query: query, tokens: qt, groups: []};
    if (!qt.length) return result;
    var meta = await this.loadMeta();
    var base = this.base;
    var shardNos = unique(qt.map(function (t) { return fnv1a(t) % meta.shards; }));
    var shards = await Promise.all(shardNos.map(function (n) { return getJSON(new URL("s/" + n + ".json", base)); }));
    var shardOf = new Map(shardNos.map(function (n, i) { return [n, shards[i]]; }));

    var docs = new Map();
    var lists = [];
    qt.forEach(function (t) {
      var entry = shardOf.get(fnv1a(t) % meta.shards)[t];
      if (!entry) return;
      var postings = decodePostings(entry[1]);
      var list = {token: t, df: entry[0], postings: postings, blocks: null};
      if (entry[2]) list.blocks = {key: entry[2][0], starts: decodePostings(entry[2][1]).map(function (p) { return p[0]; })};
      lists.push(list);
      postings.forEach(function (p) {
        var d = docs.get(p[0]);
        if (!d) docs.set(p[0], d = {doc: p[0], known: 0, score: 0, has: new Set(), unknown: 0});
        d.known += 1; d.score += p[1]; d.has.add(t);
      });
    });
    var truncated = lists.filter(function (l) { return l.blocks; });
    docs.forEach(function (d) {
      d.unknown = truncated.filter(function (l) { return !d.has.has(l.token); }).length;
    });
    var ranked = Array.from(docs.values()).sort(byRank);

    if (truncated.length) await this.resolve(ranked.slice(0, RESOLVE), truncated, base);
    ranked.sort(byRank);

    var groups = new Map();
    ranked.forEach(function (d) {
      var page = Math.floor(d.doc / Math.pow(2, meta.sectionBits));
      if (!groups.has(page)) groups.set(page, {page: page, docs: []});
      groups.get(page).docs.push(d);
    });
    result.groups = Array.from(groups.values());
    result.total = qt.length;
    result.complete = result.groups.filter(function (g) { return g.docs[0].known + g.docs[0].unknown === qt.length; }).length;
    return result;
  };

  function byRank(a, b) {
    return (b.known + b.unknown) - (a.known + a.unknown) || b.known - a.known || b.score - a.score || a.doc - b.doc;
  }

  // A common token keeps only its best postings in the shard: for the leading candidates that it
  // may still contain, fetch the blocks of its full list that cover them (a bounded number).
  Engine.prototype.resolve = async function (top, truncated, base) {
    var wanted = new Map();
    truncated.forEach(function (l) {
      top.forEach(function (d) {
        if (d.has.has(l.token)) return;
        var i = upperBound(l.blocks.starts, d.doc) - 1;
        if (i < 0) { d.unknown -= 1; return; }
        var key = l.blocks.key + "/" + i;
        if (!wanted.has(key)) wanted.set(key, {list: l, index: i, docs: []});
        wanted.get(key).docs.push(d);
      });
    });
    var chosen = Array.from(wanted.values()).sort(function (x, y) { return y.docs.length - x.docs.length; }).slice(0, MAX_BLOCKS);
    var data = await Promise.all(chosen.map(function (w) {
      return getJSON(new URL("b/" + w.list.blocks.key + "/" + w.index + ".json", base));
    }));
    chosen.forEach(function (w, n) {
      var found = new Map(decodePostings(data[n]));
      w.docs.forEach(function (d) {
        d.unknown -= 1;
        if (found.has(d.doc)) { d.known += 1; d.score += found.get(d.doc); d.has.add(w.list.token); }
      });
    });
  };

  function upperBound(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] <= value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // What the groups shown need: each page's list of section titles (when more than one of its
  // sections matched), to pick the section to link to, then the text chunk of that section, to
  // check coverage and phrase on the text itself and to cut a snippet.
  Engine.prototype.details = async function (result, from, count) {
    var meta = this.meta, base = this.base, bits = Math.pow(2, meta.sectionBits);
    var where = function (doc) {
      var section = doc % bits;
      return {page: Math.floor(doc / bits), section: section, chunk: Math.floor(section / meta.chunk),
              slot: section % meta.chunk};
    };
    var phrase = compact(result.query);
    var wanted = new Set(result.tokens);
    var titleKey = function (title) {   // the query is the title, is in it, makes most of it
      var t = compact(title || ""), own = tokens(title || "");
      return {exactTitle: phrase.length > 0 && t === phrase, inTitle: phrase.length > 1 && t.indexOf(phrase) >= 0,
              titleShare: own.length ? own.filter(function (x) { return wanted.has(x); }).length / own.length : 0};
    };
    var slice = result.groups.slice(from, from + count);
    var tocs = await Promise.all(slice.map(function (g) {
      return g.docs.length > 1 ? getJSON(new URL("p/" + where(g.docs[0].doc).page + "/toc.json", base)) : null;
    }));
    var picks = slice.map(function (g, n) {
      var toc = tocs[n];
      var candidates = g.docs.map(function (d) {
        var title = toc && toc[where(d.doc).section] ? toc[where(d.doc).section][1] : null;
        return Object.assign({doc: d, covered: d.known + d.unknown, score: d.score}, titleKey(title));
      });
      candidates.sort(bySection);
      return candidates;
    });
    var chunks = await Promise.all(picks.map(function (candidates) {
      var w = where(candidates[0].doc.doc);
      return getJSON(new URL("p/" + w.page + "/" + w.chunk + ".json", base));
    }));
    var items = picks.map(function (candidates, n) {
      var chunk = chunks[n], toc = tocs[n], first = where(candidates[0].doc.doc);
      var context = (chunk.c.length ? chunk.c[chunk.c.length - 1] : "") + " " + chunk.t;
      var sections = [];
      candidates.forEach(function (c) {
        var w = where(c.doc.doc);
        if (w.chunk === first.chunk && chunk.s[w.slot]) {
          var s = chunk.s[w.slot];
          var have = new Set(tokens(s[1] + " " + context + " " + s[2]));
          var covered = result.tokens.filter(function (t) { return have.has(t); }).length;
          if (s[2].length >= 3000) covered = Math.max(covered, c.doc.known);   // stored text is cut there
          sections.push(Object.assign({anchor: s[0], title: s[1], text: s[2], covered: covered, score: c.score,
                                       phrase: phrase.length > 1 && compact(s[1] + s[2]).indexOf(phrase) >= 0},
                                      titleKey(s[1])));
        } else if (toc && toc[w.section]) {
          sections.push(Object.assign({anchor: toc[w.section][0], title: toc[w.section][1], text: null,
                                       covered: c.covered, score: c.score, phrase: false}, titleKey(toc[w.section][1])));
        }
      });
      var main = sections.filter(function (s) { return s.text !== null; }).sort(bySection);
      var others = sections.filter(function (s) { return s !== main[0]; }).sort(bySection);
      return {url: chunk.u, pageTitle: chunk.t, crumbs: chunk.c, sections: main.slice(0, 1).concat(others), order: n};
    });
    items = items.filter(function (item) { return item.sections.length; });
    // across pages the index's order stands, unless the text shows fewer of the query's tokens
    // or the phrase itself is missing; headings only decide which section of a page to link to
    items.sort(function (a, b) {
      var x = a.sections[0], y = b.sections[0];
      return y.covered - x.covered || (y.phrase || false) - (x.phrase || false) || a.order - b.order;
    });
    return items;
  };

  function bySection(a, b) {
    return b.covered - a.covered || b.exactTitle - a.exactTitle || b.inTitle - a.inTitle ||
      (b.inTitle ? b.titleShare - a.titleShare : 0) || (b.phrase || false) - (a.phrase || false) || b.score - a.score;
  }

  function compact(text) { return normalise(text).replace(/\s+/g, ""); }

  // ---------------------------------------------------------------- highlighting
  // Map each character cluster of the original text to its normalised form, so that matches found
  // in normalised text are marked on the text as written (ＡＩ, ﾃﾚﾜｰｸ).
  var MARKS = /[\p{M}\uff9e\uff9f]/u;

  function normWithMap(text) {
    var norm = "", starts = [], ends = [];
    var chars = Array.from(text), pos = 0;
    for (var i = 0; i < chars.length;) {
      var cluster = chars[i], j = i + 1;
      while (j < chars.length && MARKS.test(chars[j])) cluster += chars[j++];
      var n = cluster.normalize("NFKC").toLowerCase().replace(/\u30fb/g, "");
      for (var k = 0; k < n.length; k++) { starts.push(pos); ends.push(pos + cluster.length); }
      norm += n;
      pos += cluster.length;
      i = j;
    }
    return {norm: norm, starts: starts, ends: ends};
  }

  function queryTerms(query) {
    var runs = [], words = new Set();
    for (var m of normalise(query).replace(POSSESSIVE, "").matchAll(TOKEN)) {
      if (m[1]) runs.push(m[1]);
      else if (m[2]) words.add(m[2].replace(/,/g, ""));
      else if (!STOPWORDS.has(m[3])) words.add(stem(m[3]));
    }
    return {runs: runs, words: words};
  }

  function matchRanges(text, terms) {   // → sorted, merged [start, end) ranges in text
    var map = normWithMap(text), norm = map.norm, ranges = [];
    terms.runs.forEach(function (run) {
      var found = findAll(norm, run);
      if (!found.length) {   // mark the longest pieces of the run that occur
        var chars = Array.from(run);
        for (var i = 0; i < chars.length;) {
          var best = 0;
          for (var j = chars.length; j >= i + 2 && !best; j--) {
            var piece = chars.slice(i, j).join("");
            var at = findAll(norm, piece);
            if (at.length) { best = j - i; found.push.apply(found, at); }
          }
          i += Math.max(best, 1);
        }
      }
      ranges.push.apply(ranges, found);
    });
    if (terms.words.size) {
      for (var m of norm.matchAll(TOKEN)) {
        if (m[1]) continue;
        var w = m[2] ? m[2].replace(/,/g, "") : stem(m[3]);
        if (terms.words.has(w)) ranges.push([m.index, m.index + m[0].length]);
      }
    }
    ranges = ranges.map(function (r) { return [map.starts[r[0]], map.ends[r[1] - 1]]; })
      .sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  function findAll(haystack, needle) {
    var out = [], i = haystack.indexOf(needle);
    while (needle && i >= 0) { out.push([i, i + needle.length]); i = haystack.indexOf(needle, i + needle.length); }
    return out;
  }

  function appendMarked(parent, text, ranges) {
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function snippet(text, terms, before, length) {
    var ranges = matchRanges(text, terms);
    var start = ranges.length ? Math.max(0, ranges[0][0] - before) : 0;
    var end = Math.min(text.length, start + length);
    if (end === text.length) start = Math.max(0, end - length);
    start = safeIndex(text, start); end = safeIndex(text, end);
    var cut = text.slice(start, end);
    var inside = ranges.filter(function (r) { return r[1] > start && r[0] < end; })
      .map(function (r) { return [Math.max(r[0], start) - start, Math.min(r[1], end) - start]; });
    return {text: (start ? "…" : "") + cut + (end < text.length ? "…" : ""), ranges: inside.map(function (r) {
      return start ? [r[0] + 1, r[1] + 1] : r;
    })};
  }

  function safeIndex(text, i) {   // never cut a surrogate pair in two
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
  }

  // ---------------------------------------------------------------- the page
  var TEXT = {
    ja: {
      loading: "検索しています…",
      none: function (q) { return "「" + q + "」に一致するページは見つかりませんでした。"; },
      found: function (q, n) { return "「" + q + "」を含むページ: " + n + "件"; },
      partial: function (q, n) { return "「" + q + "」をすべて含むページはありません。一部を含むページ: " + n + "件"; },
      more_partial: function (k) { return "、一部を含むページ: " + k + "件"; },
      shown: function (n, total) { return "（" + total + "件のうち" + n + "件を表示）"; },
      single: "1文字の語は、前後に別の文字が続かない箇所だけが見つかります。2文字以上で入力すると、長い言葉の中も探せます。",
      more: "さらに表示",
      alsoIn: "このページの他の箇所：",
      error: "検索用のデータを読み込めませんでした。ページを再読み込みしてください。",
      short: "検索する言葉を入力してください。",
      sep: " › "
    },
    en: {
      loading: "Searching…",
      none: function (q) { return "No page matches “" + q + "”."; },
      found: function (q, n) { return n + (n === 1 ? " page contains “" : " pages contain “") + q + "”"; },
      partial: function (q, n) { return "No page contains all of “" + q + "”. Pages with part of it: " + n; },
      more_partial: function (k) { return "; " + k + (k === 1 ? " more contains" : " more contain") + " part of it"; },
      shown: function (n, total) { return " (showing " + n + " of " + total + ")"; },
      single: "A single Japanese character is found only where it stands alone. Type two characters or more to search inside longer words.",
      more: "Show more results",
      alsoIn: "Also on this page:",
      error: "The search data could not be loaded. Please reload the page.",
      short: "Type a word to search for.",
      sep: " › "
    }
  };

  function SearchPage(form) {
    this.form = form;
    this.input = form.querySelector("input[name=q]");
    this.status = document.getElementById(form.getAttribute("data-status"));
    this.list = document.getElementById(form.getAttribute("data-results"));
    this.moreButton = document.getElementById(form.getAttribute("data-more"));
    var lang = (document.documentElement.lang || "ja").slice(0, 2);
    this.t = TEXT[lang] || TEXT.en;
    this.root = new URL(form.getAttribute("data-root") || "../", location.href);
    this.engine = new Engine(new URL(form.getAttribute("data-index") || "dx-search/", this.root));
    this.seq = 0;
    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(self.timer);
      self.go(self.input.value, "push");
    });
    // search as the reader types, once the IME has committed and typing pauses
    var later = function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.go(self.input.value, "replace"); }, 300);
    };
    this.input.addEventListener("input", function (event) { if (!event.isComposing) later(); });
    this.input.addEventListener("compositionend", later);
    this.moreButton.addEventListener("click", function () { self.more(); });
    window.addEventListener("popstate", function () { self.fromLocation(); });
    this.fromLocation();
  }

  SearchPage.prototype.fromLocation = function () {
    var q = new URL(location.href).searchParams.get("q") || "";
    this.input.value = q;
    this.go(q, null);
  };

  SearchPage.prototype.go = async function (query, history) {
    query = query.trim();
    if (history) {
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      if (url.href !== location.href) window.history[history + "State"]({}, "", url);
    }
    keepQueryAcrossLanguages(query);
    if (query === this.current) return;   // already shown (or on its way)
    this.current = query;
    this.form.removeAttribute("data-searched");
    var seq = ++this.seq;
    this.list.textContent = "";
    this.moreButton.hidden = true;
    if (!query) { this.say(""); this.form.setAttribute("data-searched", ""); return; }
    this.say(this.t.loading);
    this.form.setAttribute("aria-busy", "true");
    try {
      var result = await this.engine.search(query);
      if (seq !== this.seq) return;
      if (!result.tokens.length) { this.say(this.t.short); return; }
      this.result = result;
      this.shown = 0;
      await this.more(seq);
    } catch (error) {
      if (seq === this.seq) { this.say(this.t.error); this.current = null; }
      if (window.console) console.error(error);
    } finally {
      if (seq === this.seq) {
        this.form.removeAttribute("aria-busy");
        this.form.setAttribute("data-searched", query);   // for tests: this query's results are shown
      }
    }
  };

  SearchPage.prototype.more = async function (seq) {
    seq = seq || this.seq;
    var result = this.result;
    var items = await this.engine.details(result, this.shown, PAGE_SIZE);
    if (seq !== this.seq) return;
    this.shown += PAGE_SIZE;
    var terms = queryTerms(result.query);
    var self = this;
    items.forEach(function (item) { self.list.appendChild(self.render(item, terms)); });
    var n = result.groups.length;
    // one count throughout: the pages with every word, then those with part of it, then how many of
    // all n are listed so far (not 「8件（10件を表示）」)
    var message = !n ? this.t.none(result.query)
      : result.complete ? this.t.found(result.query, result.complete)
        + (n > result.complete ? this.t.more_partial(n - result.complete) : "")
      : this.t.partial(result.query, n);
    var visible = this.list.children.length;
    if (n > visible) message += this.t.shown(visible, n);
    if (terms.runs.length && terms.runs.every(function (r) { return Array.from(r).length === 1; })) {
      message += " " + this.t.single;
    }
    this.say(message);
    this.moreButton.textContent = this.t.more;
    this.moreButton.hidden = this.shown >= n;
  };

  // the language switch in the header goes to the other language's search page with the same query
  function keepQueryAcrossLanguages(query) {
    document.querySelectorAll("a[hreflang]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      a.setAttribute("href", url.pathname + url.search);
    });
  }

  SearchPage.prototype.say = function (text) { this.status.textContent = text; };

  SearchPage.prototype.link = function (url, anchor) {
    return new URL(url + (anchor ? "#" + anchor : ""), this.root).href;
  };

  SearchPage.prototype.render = function (item, terms) {
    var li = document.createElement("li");
    li.className = "dx-search-result";
    var best = item.sections[0];
    var h = document.createElement("h2");
    h.className = "dx-search-result__title";
    var a = document.createElement("a");
    a.href = this.link(item.url, best.anchor);
    appendMarked(a, best.title || item.pageTitle, matchRanges(best.title || item.pageTitle, terms));
    h.appendChild(a);
    li.appendChild(h);
    var path = document.createElement("p");
    path.className = "dx-search-result__path";
    var crumbs = item.crumbs.slice();
    if (best.anchor) crumbs.push(item.pageTitle);
    path.textContent = crumbs.join(this.t.sep);
    if (crumbs.length) li.appendChild(path);
    if (best.text) {
      var p = document.createElement("p");
      p.className = "dx-search-result__snippet";
      var s = snippet(best.text, terms, 40, 160);
      appendMarked(p, s.text, s.ranges);
      li.appendChild(p);
    }
    var others = item.sections.slice(1).filter(function (s) { return s.covered >= best.covered; }).slice(0, 3);
    if (others.length) {
      var label = document.createElement("p");
      label.className = "dx-search-result__also";
      label.textContent = this.t.alsoIn;
      li.appendChild(label);
      var ul = document.createElement("ul");
      ul.className = "dx-search-result__sections";
      var self = this;
      others.forEach(function (s) {
        var sli = document.createElement("li");
        var sa = document.createElement("a");
        sa.href = self.link(item.url, s.anchor);
        appendMarked(sa, s.title || item.pageTitle, matchRanges(s.title || item.pageTitle, terms));
        sli.appendChild(sa);
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  };

  // ---------------------------------------------------------------- start
  window.dxSearch = {normalise: normalise, tokens: tokens, queryTokens: queryTokens, stem: stem, fnv1a: fnv1a,
                     decodePostings: decodePostings, Engine: Engine, matchRanges: matchRanges, queryTerms: queryTerms};

  function start() {
    var form = document.querySelector("form[data-dx-search]");
    if (form && !form.dxSearch) form.dxSearch = new SearchPage(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
