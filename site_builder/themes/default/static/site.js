/* site-builder default theme: optional enhancements. Every link works without this file.
 *
 * Comparison page: hovering or focusing a passage highlights its counterparts in the
 * same event row; j/k move to the next/previous event in the same outlet's column,
 * h/l to the same event in the outlet to the left/right; outlets can be hidden.
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
    return !el.closest("[data-hidden]");
  }

  function focusOn(el) {
    if (!el) return;
    el.focus();
    el.scrollIntoView({block: "center"});
  }

  /* ---- comparison page ---- */

  function setUpComparison(grid) {
    var passages = function () {
      return Array.prototype.filter.call(grid.querySelectorAll(".row-group .passage"), visible);
    };

    function counterparts(passage, on) {
      var row = passage.closest(".row-group");
      if (!row) return;
      row.querySelectorAll(".passage").forEach(function (p) { p.classList.toggle("hl", on); });
    }
    ["mouseover", "focusin"].forEach(function (type) {
      grid.addEventListener(type, function (e) {
        var p = e.target.closest && e.target.closest(".row-group .passage");
        if (p) counterparts(p, true);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      grid.addEventListener(type, function (e) {
        var p = e.target.closest && e.target.closest(".row-group .passage");
        if (p) counterparts(p, false);
      });
    });

    function article(p) { return p.closest(".cell").getAttribute("data-article"); }

    function move(key) {
      var all = passages();
      if (!all.length) return;
      var current = document.activeElement && document.activeElement.closest &&
        document.activeElement.closest(".row-group .passage");
      if (!current) { focusOn(all[0]); return; }
      var here = all.indexOf(current);
      var target = null;
      if (key === "j" || key === "k") {
        var step = key === "j" ? 1 : -1;
        for (var i = here + step; i >= 0 && i < all.length; i += step) {
          if (article(all[i]) === article(current)) { target = all[i]; break; }
        }
      } else {
        var row = Array.prototype.filter.call(
          current.closest(".row-group").querySelectorAll(".passage"), visible);
        target = row[row.indexOf(current) + (key === "l" ? 1 : -1)] || null;
      }
      focusOn(target);
    }
    document.addEventListener("keydown", function (e) {
      if (typing(e) || "jkhl".indexOf(e.key) < 0 || e.key.length !== 1) return;
      e.preventDefault();
      move(e.key);
    });

    var toggle = document.querySelector(".outlet-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("change", function () {
        var shown = 0;
        toggle.querySelectorAll("input[data-toggle]").forEach(function (box) {
          var slug = box.getAttribute("data-toggle");
          if (box.checked) shown += 1;
          grid.querySelectorAll('[data-article="' + slug + '"]').forEach(function (el) {
            if (box.checked) el.removeAttribute("data-hidden");
            else el.setAttribute("data-hidden", "");
          });
        });
        grid.style.gridTemplateColumns = "repeat(" + Math.max(shown, 1) + ", minmax(0, 1fr))";
      });
    }
  }

  /* ---- article page ---- */

  function setUpArticle(article) {
    document.addEventListener("keydown", function (e) {
      if (typing(e) || (e.key !== "j" && e.key !== "k")) return;
      var all = Array.prototype.slice.call(article.querySelectorAll(".passage-wrap.aligned"));
      if (!all.length) return;
      e.preventDefault();
      var current = document.activeElement && document.activeElement.closest &&
        document.activeElement.closest(".passage-wrap");
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
      back.textContent = "← Back to the passage you came from";
      back.addEventListener("click", function (e) {
        if (history.length > 1) { e.preventDefault(); history.back(); }
      });
      bar.appendChild(back);
      article.appendChild(bar);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var grid = document.querySelector(".grid");
    if (grid) setUpComparison(grid);
    var article = document.querySelector("article.article");
    if (article) setUpArticle(article);
  });
})();
