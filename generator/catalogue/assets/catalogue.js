/* make-leaflet catalogue: search and filters for index.html. A plain script (no modules, nothing fetched)
   so that it runs from a shared drive or a USB stick over file://. Without it the page lists everything. */
(function () {
  "use strict";
  var form = document.getElementById("find");
  if (!form || !String.prototype.normalize) return;
  var query = document.getElementById("q");
  var filters = ["lang", "layout", "paper"].map(function (name) {
    return { name: name, select: document.getElementById("f-" + name) };
  });
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.leaflet"));

  /* Text as a person may type it: no case, no accents on Latin letters, Arabic-script letters that
     keyboards write differently (Arabic and Persian/Urdu yeh, kaf, heh; hamza and madda forms) as one,
     no vowel marks or tatweel, no invisible joiners, any digits as 0-9. */
  var LETTERS = { "\u0649": "\u064a", "\u06cc": "\u064a", "\u06d0": "\u064a", "\u0643": "\u06a9",
    "\u06c1": "\u0647", "\u06be": "\u0647", "\u06d5": "\u0647", "\u0629": "\u0647" };
  function fold(text) {
    return text.normalize("NFKD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u00ad\u200b-\u200f\u061c]/g, "")
      .replace(/[\u0649\u06cc\u06d0\u0643\u06c1\u06be\u06d5\u0629]/g, function (c) { return LETTERS[c]; })
      .replace(/[\u0660-\u0669]/g, function (c) { return String(c.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (c) { return String(c.charCodeAt(0) - 0x6f0); })
      .toLowerCase();
  }
  function words(text) {
    return fold(text).split(/[\s,.;:!?()\[\]"'\/\u060c\u061b\u061f\u06d4\u3001\u3002\uff0c-]+/).filter(Boolean);
  }

  /* A review date passed since the page was made: say so now, not only when it was made. */
  var now = new Date();
  var today = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  cards.forEach(function (card) {
    var review = card.getAttribute("data-review");
    if (review && review < today) card.querySelector(".badge.overdue").hidden = false;
  });

  var texts = cards.map(function (card) {
    var parts = [card.getAttribute("data-lang"), card.getAttribute("data-layout")];
    var heading = card.closest("section").querySelector("h2");
    if (heading) parts.push(heading.textContent);
    card.querySelectorAll("[data-find], .badge:not([hidden])").forEach(function (el) { parts.push(el.textContent); });
    return fold(parts.join(" \n "));
  });

  var announce = 0;
  function show() {
    var wanted = words(query.value);
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = filters.every(function (f) {
        return !f.select.value || card.getAttribute("data-" + f.name) === f.select.value;
      }) && wanted.every(function (w) { return texts[i].indexOf(w) !== -1; });
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector(".card:not([hidden])"); });
    none.hidden = shown !== 0;
    var message = shown === cards.length ? cards.length + (cards.length === 1 ? " PDF." : " PDFs.")
      : "Showing " + shown + " of " + cards.length + (cards.length === 1 ? " PDF." : " PDFs.");
    /* the count is a live region: say it once typing pauses, not at every key */
    clearTimeout(announce);
    announce = setTimeout(function () { count.textContent = message; }, 400);
  }

  form.hidden = false;
  query.addEventListener("input", show);
  filters.forEach(function (f) { f.select.addEventListener("change", show); });
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  form.addEventListener("reset", function () { setTimeout(show, 0); });
  document.getElementById("print-list").addEventListener("click", function () { window.print(); });
  show(); /* the browser may have kept what was typed before going back to the page */
})();
