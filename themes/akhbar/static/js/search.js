/* Akhbar search: Pagefind's UI as progressive enhancement, with Arabic search keys.
 *
 * Pagefind's JS API does the searching; this file draws the form, the filters and the results
 * (so they follow the page's language and direction) and turns what a reader types into the same
 * search keys the index holds beside each word
 * (plugins/akhbar/text/arabic.py, search_key: same folds, same proclitics; a test checks both agree):
 * "والمعارضة" and "فالمعارضة" find "المعارضة", "بإدلب" finds "إدلب", "أستانة" finds "أستانا".
 * The query lives in the address (?q=), so a search can be shared.
 */
(function () {
  "use strict";

  var FOLDS = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06d0": "\u064a",
    "\u0629": "\u0647", "\u06c0": "\u0647", "\u06be": "\u0647",
    "\u06a9": "\u0643", "\u066b": ".", "\u066c": ","
  };
  for (var i = 0; i < 10; i++) {
    FOLDS[String.fromCharCode(0x0660 + i)] = String(i);
    FOLDS[String.fromCharCode(0x06f0 + i)] = String(i);
  }
  var DROPPED = /[\u0610-\u061a\u061c\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
  var ARABIC = /[\u0600-\u06ff]/;
  var CONJUNCTIONS = "\u0648\u0641";       // و ف
  var PREPOSITIONS = "\u0628\u0643\u0644"; // ب ك ل
  var ARTICLE = "\u0627\u0644";            // ال
  var LAM_LAM = "\u0644\u0644";            // لل

  function fold(word) {
    return word.replace(DROPPED, "").replace(/[\s\S]/g, function (c) {
      return Object.prototype.hasOwnProperty.call(FOLDS, c) ? FOLDS[c] : c;
    });
  }

  function searchKey(word) {
    word = fold(word);
    if (CONJUNCTIONS.indexOf(word.charAt(0)) >= 0 && word.length > 3) word = word.slice(1);
    if (word.slice(0, 2) === LAM_LAM && word.length > 3) {
      word = word.slice(2);
    } else if (PREPOSITIONS.indexOf(word.charAt(0)) >= 0 && word.slice(1, 3) === ARTICLE && word.length > 4) {
      word = word.slice(3);
    } else if (PREPOSITIONS.indexOf(word.charAt(0)) >= 0 && word.length > 3) {
      word = word.slice(1);
    }
    if (word.slice(0, 2) === ARTICLE && word.length > 3) word = word.slice(2);
    var last = word.charAt(word.length - 1);
    if ((last === "\u0627" || last === "\u0647") && word.length >= 5) word = word.slice(0, -1);
    return word;
  }

  window.akhbarSearchKey = searchKey;

  var root = document.querySelector("[data-akhbar-search]");
  if (!root) return;
  root.hidden = false;
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var filtersBox = root.querySelector("[data-filters]");
  var status = root.querySelector("[data-status]");
  var list = root.querySelector("[data-results]");
  var lang = root.getAttribute("data-lang");
  var locale = lang + (root.getAttribute("data-digits") === "arab" ? "-u-nu-arab" : "-u-nu-latn");
  var plurals = new Intl.PluralRules(lang);
  var numbers = new Intl.NumberFormat(locale);
  var siteRoot = new URL(root.getAttribute("data-site-root"), window.location.href).pathname;
  var pagefind = null;
  var pending = 0;

  function countText(n) {
    var text = root.getAttribute("data-results-" + plurals.select(n)) ||
      root.getAttribute("data-results-other");
    return text.replace("{n}", numbers.format(n));
  }

  // A result must really contain every Arabic search key typed: Pagefind's stemmer alone would
  // let "حلبة" (a racetrack) find "حلب" (Aleppo).
  function containsKeys(content, keys) {
    if (!keys.length) return true;
    var have = {};
    (content.match(/[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06f0-\u06f9\u0610-\u061a\u064b-\u065f\u0670\u0640]+/g) || [])
      .forEach(function (word) { have[searchKey(word)] = true; });
    return keys.every(function (key) { return have[key]; });
  }

  function selectedFilters() {
    var chosen = {};
    filtersBox.querySelectorAll("input:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || []).push(box.value);
    });
    return chosen;
  }

  function renderFilters(filters) {
    Object.keys(filters).sort().forEach(function (name) {
      var values = Object.keys(filters[name]).sort();
      if (!values.length) return;
      var set = document.createElement("details");
      set.className = "search-filter";
      var summary = document.createElement("summary");
      summary.textContent = name;
      set.appendChild(summary);
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.className = "visually-hidden";
      legend.textContent = name;
      fieldset.appendChild(legend);
      values.forEach(function (value) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.addEventListener("change", run);
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value + " (" + numbers.format(filters[name][value]) + ")"));
        fieldset.appendChild(label);
      });
      set.appendChild(fieldset);
      filtersBox.appendChild(set);
    });
  }

  var WORD = /[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06f0-\u06f9\u0610-\u061a\u064b-\u065f\u0670\u0640]+/g;

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // For Arabic queries the excerpt is cut from the page text around the first word whose search
  // key was typed, and those words are marked: Pagefind's own excerpt could come from the hidden
  // list of search keys at the end of the page.
  function arabicExcerpt(content, keys) {
    var words = content.split(/\s+/);
    var isHit = function (word) {
      var match = word.match(WORD);
      return match !== null && match.some(function (part) { return keys.indexOf(searchKey(part)) >= 0; });
    };
    var first = words.findIndex(isHit);
    if (first < 0) return null;
    var start = Math.max(0, first - 12);
    return words.slice(start, first + 18).map(function (word) {
      return isHit(word) ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word);
    }).join(" ");
  }

  function renderResult(data, keys) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.className = "search-result-title";
    link.textContent = (data.meta && data.meta.title) || data.url;
    var heading = document.createElement("h2");
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = [data.meta && data.meta.date, data.meta && data.meta.section].filter(Boolean);
    if (meta.length) {
      var line = document.createElement("p");
      line.className = "meta";
      line.textContent = meta.join(" · ");
      item.appendChild(line);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    // Both are escaped text with <mark> added: Pagefind's, or arabicExcerpt's.
    excerpt.innerHTML = (keys.length && arabicExcerpt(data.content, keys)) || data.excerpt;
    item.appendChild(excerpt);
    return item;
  }

  // Outside the Arabic tree, an Arabic query also gets a link to the Arabic search page, whose
  // index holds the text of every story (this tree's index holds its own language's text).
  var arabicHint = root.querySelector("[data-arabic-hint]");
  function showArabicHint(query) {
    if (!arabicHint) return;
    arabicHint.hidden = !query;
    if (!query) return;
    var link = arabicHint.querySelector("a");
    var target = new URL(root.getAttribute("data-arabic-search"), window.location.href);
    target.searchParams.set("q", query);
    link.href = target.href;
    link.textContent = query;
  }

  async function run(event) {
    if (event) event.preventDefault();
    var query = input.value.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    var ticket = ++pending;
    var filters = selectedFilters();
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    var words = query.split(/\s+/).filter(Boolean);
    var keys = words.filter(function (w) { return ARABIC.test(w); }).map(searchKey);
    var term = words.map(function (w) { return ARABIC.test(w) ? searchKey(w) : w; }).join(" ");
    showArabicHint(keys.length ? query : "");
    var search = await pagefind.search(term || null, { filters: filters });
    var datas = await Promise.all(search.results.slice(0, 50).map(function (r) { return r.data(); }));
    if (ticket !== pending) return;  // a newer search has started
    var kept = datas.filter(function (d) { return containsKeys(d.content, keys); });
    list.replaceChildren.apply(list, kept.map(function (d) { return renderResult(d, keys); }));
    status.textContent = kept.length ? countText(kept.length) : root.getAttribute("data-no-results");
  }

  async function start() {
    pagefind = await import(new URL(root.getAttribute("data-bundle") + "pagefind.js", window.location.href).href);
    await pagefind.options({ baseUrl: siteRoot });
    await pagefind.init();
    // A large archive's index comes in shards: search them all as one.
    var more = (root.getAttribute("data-more-bundles") || "").split(" ").filter(Boolean);
    for (var i = 0; i < more.length; i++) {
      await pagefind.mergeIndex(new URL(more[i], window.location.href).href, { baseUrl: siteRoot });
    }
    renderFilters(await pagefind.filters());
    form.addEventListener("submit", run);
    var typing = null;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(run, 250);
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
    input.focus();
  }

  start().catch(function (error) {
    status.textContent = String(error);
  });
})();
