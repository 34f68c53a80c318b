/* site-builder default theme: optional enhancements. Every link works without this file.
 * The words it writes into a page come from the page (data-* attributes the templates
 * fill from the theme's strings), so this file is the same in every language.
 *
 * Home page: the search box filters the stories by title, outlet and words (each card
 * carries its words in data-search) and, apart, lists the passages that hold a word
 * beginning with each word typed:
 * each story's passages are in <story>/search.js, loaded by a script tag when a search
 * begins (a script tag, not fetch, so it works from file:// too), deflated. Words of one letter
 * are ignored.
 * Two articles side by side: selecting a linked passage highlights its counterparts.
 * Printing opens every collapsed passage, and closes them again after.
 * Comparison page: hovering or focusing an outlet's report highlights the others of the
 * same event; j/k move to the next/previous passage of the same outlet (never to
 * another copy of the passage already in focus), h/l to the outlet to the left/right in
 * the same event; outlets can be hidden everywhere on the page, and stay hidden when the
 * page is opened again.
 * Article page: j/k move between aligned passages; after following an "also in" link
 * a bar offers the way back to the passage the reader came from.
 */
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return event.altKey || event.ctrlKey || event.metaKey ||
      (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)));
  }

  function visible(el) {
    return !el.closest("[data-hidden]") && el.getClientRects().length > 0;
  }

  function focusOn(el) {
    if (!el) return;
    el.focus();
    el.scrollIntoView({block: "center"});
  }

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  /* The text of el's data-one (count 1) or data-other, {count} and values filled in. */
  function fill(el, count, values) {
    var text = el.getAttribute(count === 1 ? "data-one" : "data-other");
    values.count = count;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* ---- home page ---- */

  var LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
    "þ": "th", "ı": "i"};  /* as views.LETTERS */

  /* as views.search_fold: N.A.A.C.P. is one word */
  function fold(text) {
    text = text.replace(/(^|[^\p{L}\p{N}_])((?:\p{L}\.){2,})/gu, function (m, before, letters) {
      return before + letters.replace(/\./g, "");
    });
    return text.toLowerCase().replace(/[øæœßłđðþı]/g, function (c) { return LETTERS[c]; })
      .normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\p{L}\p{N}_]+/gu, " ").trim();
  }

  var MOST_RESULTS = 50;

  /* The bytes search.py packed into a text (its b122encode): a character below 128 is
     7 bits; one above is two groups of 7, the first one of the values a JavaScript
     string between double quotes cannot hold (by its index in B122_ILLEGAL, in the
     character's bits 7-9), the second in its low 7 bits. Cut to n bytes: the last group
     is padded. */
  var B122_ILLEGAL = [0, 10, 13, 34, 92];
  function base122(text, n) {
    var bytes = new Uint8Array(n), acc = 0, bits = 0, j = 0;
    function put(group) {
      acc = acc << 7 | group; bits += 7;
      if (bits >= 8) { bits -= 8; if (j < n) bytes[j++] = acc >>> bits & 255; acc &= (1 << bits) - 1; }
    }
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 128) put(c); else { c -= 128; put(B122_ILLEGAL[c >> 7]); put(c & 127); }
    }
    return bytes;
  }

  /* The stories' passages, as their search.js files hand them over. */
  function PassageIndex(cards, onLoad) {
    var stories = {};
    var asked = false;
    var loaded = 0;
    function add(slug, data) {
      if (stories[slug]) return;
      data.p.forEach(function (p) { p.push(" " + fold(p[2])); });
      stories[slug] = data;
      loaded += 1;
      onLoad();
    }
    /* a search file's data comes deflated, packed 7 bits to a character, and its
       length in bytes (search.py) */
    window.siteSearch = function (slug, packed, n) {
      if (!window.DecompressionStream) { add(slug, {t: "", a: [], p: []}); return; }
      var bytes = base122(packed, n);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
      new Response(stream).text().then(function (text) { add(slug, JSON.parse(text)); });
    };
    return {
      load: function () {
        if (asked) return;
        asked = true;
        each(cards, function (card) {
          var script = document.createElement("script");
          script.src = card.getAttribute("data-story") + "/search.js";
          script.async = true;
          document.head.appendChild(script);
        });
      },
      complete: function () { return loaded >= cards.length; },
      matches: function (slug, words) {
        var data = stories[slug];
        if (!data) return [];
        return data.p.filter(function (p) {
          return words.every(function (w) { return p[3].indexOf(" " + w) >= 0; });
        }).map(function (p) {
          var article = data.a[p[0]];
          return {story: data.t, href: slug + "/" + article[0] + "/index.html#" + p[1],
            outlet: article[1], text: p[2]};
        });
      }
    };
  }

  /* A result: where the passage is, and its words around the first match, marked. */
  function result(found, words) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = found.href;
    link.textContent = found.story + " — " + found.outlet;
    var text = document.createElement("p");
    var all = found.text.split(" ");
    var hit = function (word) {
      var folded = fold(word);
      return folded && words.some(function (w) { return (" " + folded).indexOf(" " + w) >= 0; });
    };
    var first = Math.max(0, all.findIndex(hit));
    var from = Math.max(0, first - 12), to = Math.min(all.length, first + 24);
    if (from > 0) text.appendChild(document.createTextNode("… "));
    all.slice(from, to).forEach(function (word, i) {
      if (i) text.appendChild(document.createTextNode(" "));
      if (hit(word)) {
        var mark = document.createElement("mark");
        mark.textContent = word;
        text.appendChild(mark);
      } else {
        text.appendChild(document.createTextNode(word));
      }
    });
    if (to < all.length) text.appendChild(document.createTextNode(" …"));
    item.appendChild(link);
    item.appendChild(text);
    return item;
  }

  function setUpSearch(form) {
    var input = form.querySelector("input");
    var status = form.querySelector(".search-status");
    var cards = document.querySelectorAll(".story-card[data-search]");
    var years = document.querySelectorAll(".year");
    var nav = document.querySelector(".years");
    var results = document.querySelector(".passage-results");
    var list = results && results.querySelector(".passage-list");
    var said = results && results.querySelector(".passage-status");
    /* a card's words: its title, outlets and headlines as it shows them (not the
       outlets' leans or the "no headline" note), folded, and data-search, the words
       of its introduction and events it does not show */
    var texts = Array.prototype.map.call(cards, function (card) {
      var shown = [card.querySelector("h3").textContent];
      each(card.querySelectorAll(".outlets > li"), function (li) {
        each(li.childNodes, function (n) {
          var note = n.classList && (n.classList.contains("lean") ||
            n.classList.contains("no-headline"));
          if (!note) shown.push(n.textContent);
        });
      });
      return fold(shown.join(" ")) + " " + card.getAttribute("data-search");
    });
    var pending = null;
    var index = new PassageIndex(cards, function () {
      if (pending === null) pending = setTimeout(function () { pending = null; run(); }, 30);
    });
    function showPassages(words, found) {
      if (!results) return;
      results.hidden = words.length === 0;
      list.textContent = "";
      found.slice(0, MOST_RESULTS).forEach(function (f) { list.appendChild(result(f, words)); });
      var more = found.length > MOST_RESULTS ? " " + said.getAttribute("data-more")
        .replace("{shown}", String(MOST_RESULTS)) : "";
      said.textContent = index.complete() ? fill(said, found.length, {}) + more :
        said.getAttribute("data-loading");
    }
    function run() {
      var words = fold(input.value).split(" ").filter(function (w) { return w.length > 1; });
      if (words.length && results) index.load();
      var shown = 0;
      var found = [];
      each(cards, function (card, i) {
        var text = texts[i];
        var passages = words.length ? index.matches(card.getAttribute("data-story"), words) : [];
        found = found.concat(passages);
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        card.hidden = !match;
        if (match) shown += 1;
      });
      showPassages(words, found);
      each(years, function (year) {
        year.hidden = !year.querySelector(".story-card:not([hidden])");
      });
      if (nav) nav.hidden = words.length > 0;
      status.textContent = words.length ? fill(status, cards.length, {shown: shown}) : "";
    }
    form.hidden = false;
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) { input.value = asked; run(); }
  }

  /* ---- comparison page ---- */

  function setUpComparison(events) {
    var members = function () {
      return Array.prototype.filter.call(events.querySelectorAll(".member"), visible);
    };

    function counterparts(member, on) {
      each(member.closest(".event").querySelectorAll(".member"), function (m) {
        m.classList.toggle("hl", on);
      });
    }
    [["mouseover", true], ["focusin", true], ["mouseout", false], ["focusout", false]]
      .forEach(function (pair) {
        events.addEventListener(pair[0], function (e) {
          var m = e.target.closest && e.target.closest(".member");
          if (m) counterparts(m, pair[1]);
        });
      });

    function outlet(m) { return m.getAttribute("data-passage").split("/")[0]; }

    function move(key) {
      var all = members();
      if (!all.length) return;
      var current = document.activeElement && document.activeElement.closest &&
        document.activeElement.closest(".events .member");
      if (!current) { focusOn(all[0]); return; }
      var here = all.indexOf(current);
      var target = null;
      if (key === "j" || key === "k") {
        var step = key === "j" ? 1 : -1;
        var passage = current.getAttribute("data-passage");
        for (var i = here + step; i >= 0 && i < all.length; i += step) {
          if (outlet(all[i]) === outlet(current) &&
              all[i].getAttribute("data-passage") !== passage) { target = all[i]; break; }
        }
      } else {
        var row = Array.prototype.filter.call(
          current.closest(".event").querySelectorAll(".member"), visible);
        target = row[row.indexOf(current) + (key === "l" ? 1 : -1)] || null;
      }
      focusOn(target);
    }
    document.addEventListener("keydown", function (e) {
      if (typing(e) || e.key.length !== 1 || "jkhl".indexOf(e.key) < 0) return;
      e.preventDefault();
      move(e.key);
    });
  }

  /* A box for each outlet of the headlines (their order, slug and name), written here:
     without JavaScript the toggles do nothing, so the page does not carry them. */
  function writeToggles(toggle) {
    each(document.querySelectorAll(".head-list > li[data-article]"), function (head) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      var name = head.querySelector(".head-outlet a");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-toggle", head.getAttribute("data-article"));
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + (name ? name.textContent : "")));
      toggle.appendChild(label);
      toggle.appendChild(document.createTextNode("\n"));
    });
  }

  function setUpToggles(toggle) {
    var key = "site-builder:hidden-outlets:" + toggle.getAttribute("data-story");
    writeToggles(toggle);
    var boxes = toggle.querySelectorAll("input[data-toggle]");
    function apply() {
      var hidden = [];
      each(boxes, function (box) {
        var slug = box.getAttribute("data-toggle");
        if (!box.checked) hidden.push(slug);
        var marked = Array.prototype.slice.call(
          document.querySelectorAll('main [data-article="' + slug + '"], ' +
            '.member[data-passage^="' + slug + '/"]'));
        /* a cell of the table of who reports what: its column's head names the outlet */
        each(document.querySelectorAll(".matrix thead th"), function (th, column) {
          if (th.getAttribute("data-article") !== slug) return;
          each(th.closest("table").querySelectorAll("tbody tr"), function (row) {
            if (row.children[column]) marked.push(row.children[column]);
          });
        });
        marked.forEach(function (el) {
          if (box.checked) el.removeAttribute("data-hidden");
          else el.setAttribute("data-hidden", "");
        });
      });
      return hidden;
    }
    var saved = [];
    try { saved = JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { saved = []; }
    each(boxes, function (box) {
      box.checked = saved.indexOf(box.getAttribute("data-toggle")) < 0;
    });
    apply();
    toggle.hidden = false;
    toggle.addEventListener("change", function () {
      var hidden = apply();
      try { localStorage.setItem(key, JSON.stringify(hidden)); } catch (e) { /* private mode */ }
    });
  }

  /* ---- two articles side by side ---- */

  function setUpTwin(twin) {
    function select(passage) {
      each(twin.querySelectorAll(".hl"), function (el) { el.classList.remove("hl"); });
      passage.classList.add("hl");
      passage.getAttribute("data-with").split(" ").forEach(function (id) {
        var other = document.getElementById(id);
        if (other) other.classList.add("hl");
      });
    }
    ["click", "focusin"].forEach(function (kind) {
      twin.addEventListener(kind, function (e) {
        var passage = e.target.closest && e.target.closest(".p[data-with]");
        if (passage) select(passage);
      });
    });
  }

  /* ---- printing: collapsed passages open on paper ---- */

  function setUpPrinting() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      each(document.querySelectorAll("details:not([open])"), function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  /* ---- article page ---- */

  function setUpArticle(article) {
    /* the passages an event links: focusable, for j/k (the page does not carry it) */
    each(article.querySelectorAll(":scope > div[id]"), function (p) { p.tabIndex = -1; });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || (e.key !== "j" && e.key !== "k")) return;
      var all = Array.prototype.slice.call(article.querySelectorAll(":scope > div[id]"));
      if (!all.length) return;
      e.preventDefault();
      var current = document.activeElement && document.activeElement.closest &&
        document.activeElement.closest(".article > div[id]");
      var start = current ? all.indexOf(current) : (location.hash ?
        all.indexOf(document.getElementById(location.hash.slice(1))) : -1);
      var next = e.key === "j" ? start + 1 : (start < 0 ? 0 : start - 1);
      focusOn(all[Math.max(0, Math.min(all.length - 1, next))]);
    });

    var from = document.referrer;
    var sameSite = from && from.indexOf(location.origin + "/") === 0;
    if (location.hash && sameSite && from.split("#")[0] !== location.href.split("#")[0]) {
      var bar = document.createElement("p");
      bar.className = "came-from";
      var back = document.createElement("a");
      back.href = from;
      back.textContent = article.getAttribute("data-back");
      back.addEventListener("click", function (e) {
        if (history.length > 1) { e.preventDefault(); history.back(); }
      });
      bar.appendChild(back);
      /* right after the passage arrived at, so that the keyboard's next stops after the
         passage's own links are the way back (not the article's last); fixed at the foot
         of the screen (style.css), so it is in sight wherever the reader scrolls */
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.parentNode === article) target.after(bar);
      else article.appendChild(bar);
      document.body.classList.add("came-from-shown");
    }
  }

  /* Each report of an event (a div of the event's div: class "member", given here)
     names its passage, "<article>/<passage>", in data-passage, read from the link of its
     head (its first child, "<article>/index.html#<passage>",
     after any "../"), and can take the keyboard's focus: what the comparison page's
     scripts (highlighting, j/k/h/l, the outlet toggles) use, so the page need not
     carry it for readers without them. */
  function markMembers() {
    each(document.querySelectorAll(".event > div > div"), function (m) {
      m.classList.add("member");
      var link = m.querySelector(":scope > a");
      var href = (link && link.getAttribute("href")) || "";
      var cut = href.indexOf("#");
      var folders = href.slice(0, cut < 0 ? href.length : cut).split("/");
      m.setAttribute("data-passage",
        (folders[folders.length - 2] || "") + "/" + (cut < 0 ? "" : href.slice(cut + 1)));
      m.tabIndex = 0;
    });
  }

  /* ---- the way back: the keyboard's place kept ---- */

  /* A reader who follows a link and comes back (the way back, or the browser's Back)
     finds the page where it was, but the keyboard's focus lost: the next Tab would
     start again from the page's top. So the link followed is noted (its place among
     the page's links, for this page's address) and, on coming back, focused again
     without scrolling. Nothing is kept beyond the browser tab's session. */
  function keepThePlaceOfLinksFollowed() {
    var key = "site-builder:link-followed:" + location.pathname;
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[href]");
      var index = Array.prototype.indexOf.call(document.links, link);
      try { if (index >= 0) sessionStorage.setItem(key, String(index)); } catch (err) {}
    }, true);
    function comeBack(e) {
      var navigation = performance.getEntriesByType &&
        performance.getEntriesByType("navigation")[0];
      if (!(e.persisted || (navigation && navigation.type === "back_forward"))) return;
      var index = null;
      try { index = sessionStorage.getItem(key); } catch (err) {}
      var link = index === null ? null : document.links[Number(index)];
      if (link && document.activeElement !== link) link.focus({preventScroll: true});
    }
    window.addEventListener("pageshow", comeBack);
  }

  document.addEventListener("DOMContentLoaded", function () {
    markMembers();
    keepThePlaceOfLinksFollowed();
    var search = document.querySelector("form.search");
    if (search) setUpSearch(search);
    var events = document.querySelector(".events");
    if (events) setUpComparison(events);
    var toggle = document.querySelector(".outlet-toggle[data-story]");
    if (toggle) setUpToggles(toggle);
    var article = document.querySelector("article.article");
    if (article) setUpArticle(article);
    var twin = document.querySelector(".twin");
    if (twin) setUpTwin(twin);
    setUpPrinting();
  });
})();
