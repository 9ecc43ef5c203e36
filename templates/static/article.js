// Article pages: the card a highlighted claim opens in place, and the verdict rail's links.
//
// The page works without this script: every highlight is a link to its claim's page, and the rail's
// symbols link to the highlights. With it, pointing at a highlight (after a short pause), focusing it
// or tapping it opens one card beside it: the claim's statement, its verdict and what the verdict
// means, the first sentence of the curators' note, the works it cites, and a link to its page. The
// card is absolutely positioned in the text's box (nothing moves when it opens) and kept inside the
// window; it sits in the document right after its highlight, so Tab goes from the highlight into the
// card's links and screen readers meet it where the claim is, and the highlight is described by it.
// Escape, a second tap on the highlight, a tap elsewhere, and focus or the pointer moving away
// close it.
//
// The data comes from the page (views/articles.py, card_data): the JSON in #claim-cards, and each
// claim's statement as its highlights' title, taken off them here so that no tooltip covers the
// card. Every string is put on the page as text (textContent, text nodes), never parsed as HTML.
(function () {
  "use strict";
  var body = document.querySelector(".article-body");
  var source = document.getElementById("claim-cards");
  if (!body || !source) return;
  var data = JSON.parse(source.textContent);
  var HIGHLIGHT = "mark.claim[data-n] > a";
  var statements = {};
  body.querySelectorAll(HIGHLIGHT).forEach(function (a) {
    if (a.title) statements[a.parentNode.dataset.n] = a.title;
    a.removeAttribute("title");
  });

  var card = element("span", "claim-card");
  card.id = "claim-card";
  card.hidden = true;
  card.setAttribute("role", "group");
  card.setAttribute("aria-labelledby", "claim-card-title");

  var current = null; // the highlight the card is open for
  var pressing = null; // the pointer type of the press a click will end ("mouse", "touch", "pen")
  var pressedInCard = false;
  var dismissed = null; // a focused highlight whose card Escape closed: it stays closed while focused
  var timer = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function link(href, text, className) {
    var a = element("a", className, text);
    a.href = href;
    return a;
  }

  function highlightOf(node) {
    return node && node.closest ? node.closest(HIGHLIGHT) : null;
  }

  function inCard(node) {
    return !!node && card.contains(node);
  }

  function claimOf(a) {
    return a.parentNode.dataset.n;
  }

  function fill(a) {
    var n = claimOf(a), entry = data.c[n], verdict = data.v[entry[0]];
    card.replaceChildren();
    card.append(element("span", "cc-title", "Claim " + n));
    card.lastChild.id = "claim-card-title";
    var text = element("span", "cc-text");
    text.id = "claim-card-text";
    text.append(element("span", "cc-statement", statements[n] || ""));
    var line = element("span", "cc-verdict");
    var symbol = element("span", "verdict-mark verdict-" + entry[0], verdict[2]);
    symbol.setAttribute("aria-hidden", "true");
    line.append(symbol, " ", element("strong", null, verdict[0]), ": " + verdict[1]);
    text.append(line);
    if (entry[3] != null) text.append(element("span", "cc-evidence", "Strength of what it cites: " + entry[3]));
    if (entry[1]) {
      var note = element("span", "cc-note");
      note.append(element("em", null, "Curators' note: "), entry[1]);
      text.append(note);
    }
    card.append(text);
    var works = element("span", "cc-works");
    if (entry[2].length) {
      works.append(element("span", "cc-label", "The article cites:"));
      entry[2].forEach(function (i) {
        var work = data.r[i], item = element("span", "cc-work");
        item.append(link(work[2], work[0]), " (" + work[1] + ")");
        if (work[4]) item.append(" · ", link(work[4], work[3]));
        works.append(item);
      });
    } else {
      works.textContent = "The article cites nothing for this.";
    }
    card.append(works, link(a.getAttribute("href"), "Open claim " + n + " →", "cc-open"));
  }

  // Below the highlight's last line, or above its first when only there it fits in the window;
  // from the left of the line pointed at (its first otherwise), never past the window's edges.
  function place(a, y) {
    var rects = a.getClientRects(), first = rects[0], last = rects[rects.length - 1], line = first;
    for (var i = 0; y != null && i < rects.length; i++) {
      if (y >= rects[i].top && y <= rects[i].bottom) line = rects[i];
    }
    var width = document.documentElement.clientWidth, height = window.innerHeight, margin = 8, gap = 6;
    card.style.maxWidth = width - 2 * margin + "px";
    var box = body.getBoundingClientRect(), w = card.offsetWidth, h = card.offsetHeight;
    var left = Math.max(margin, Math.min(line.left, width - w - margin));
    var top = last.bottom + gap;
    if (top + h > height - margin && first.top - gap - h >= margin) top = first.top - gap - h;
    card.style.left = left - box.left + "px";
    card.style.top = top - box.top + "px";
  }

  function open(a, y) {
    clearTimeout(timer);
    if (current === a) return;
    close();
    fill(a);
    a.parentNode.after(card);
    card.hidden = false;
    place(a, y);
    a.setAttribute("aria-describedby", "claim-card-text");
    current = a;
  }

  function close() {
    clearTimeout(timer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    card.hidden = true;
    current = null;
  }

  function closeSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var focused = document.activeElement;
      if (focused !== current && !inCard(focused)) close();
    }, 300);
  }

  // Pointing (a mouse): open after a short pause, close a moment after the pointer leaves both the
  // highlight and the card, so that it can move onto the card to follow its links.
  body.addEventListener("pointerover", function (e) {
    if (e.pointerType !== "mouse") return;
    var a = highlightOf(e.target);
    if (a && a !== current) {
      clearTimeout(timer);
      timer = setTimeout(function () { open(a, e.clientY); }, 150);
    } else if (a || inCard(e.target)) {
      clearTimeout(timer);
    }
  });
  body.addEventListener("pointerout", function (e) {
    if (e.pointerType !== "mouse") return;
    var to = e.relatedTarget;
    if (!(highlightOf(e.target) || inCard(e.target))) return;
    if (current && (current.contains(to) || inCard(to))) return;
    if (current) closeSoon(); else clearTimeout(timer);
  });

  // Which kind of pointer the next click comes from: a tap opens or closes the card instead of
  // following the link. A tap outside the card and the highlights closes it.
  document.addEventListener("pointerdown", function (e) {
    pressing = e.pointerType;
    pressedInCard = inCard(e.target);
    if (current && !pressedInCard && !highlightOf(e.target)) close();
  }, true);
  document.addEventListener("keydown", function (e) {
    pressing = null;
    if (e.key !== "Escape" || !current) return;
    var a = current, focusInCard = inCard(document.activeElement);
    close();
    if (focusInCard || document.activeElement === a) {
      dismissed = a;
      a.focus();
    }
  });

  body.addEventListener("click", function (e) {
    var how = pressing;
    pressing = null;
    var rail = e.target.closest(".verdict-rail a");
    if (rail) {
      // the page follows the link to the claim's place; then its highlight takes the focus
      var id = decodeURIComponent(rail.hash.slice(1)).replace(/^claim-/, "");
      var target = body.querySelector('mark.claim[data-claim="' + CSS.escape(id) + '"] > a');
      if (target) setTimeout(function () { dismissed = null; target.focus(); open(target); });
      return;
    }
    var a = highlightOf(e.target);
    if (!a || (how !== "touch" && how !== "pen")) return;
    e.preventDefault();
    if (current && claimOf(current) === claimOf(a)) close();
    else open(a, e.clientY);
  });

  // Focus (Tab, or a script): open at once; focus leaving both the highlight and the card closes it.
  body.addEventListener("focusin", function (e) {
    var a = highlightOf(e.target);
    if (a !== dismissed) dismissed = null;
    if (a && !pressing && a !== dismissed) open(a);
    else if (a || inCard(e.target)) clearTimeout(timer);
  });
  body.addEventListener("focusout", function (e) {
    if (!current) return;
    var to = e.relatedTarget;
    if (to === current || inCard(to)) return;
    if (!to && (pressedInCard || card.matches(":hover") || current.matches(":hover"))) return;
    close();
  });

  window.addEventListener("resize", function () {
    if (current) place(current);
  });
})();
