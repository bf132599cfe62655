// The item index of the scoring pages (review, my rating, consensus): each item's state kept
// up to date as scores change, the index open on a wide screen and folded on a phone, a jump
// to an item that also focuses it, keys 1–5 that score the item one is in, and the rating
// page's "N of M items rated".
(() => {
  "use strict";

  const index = document.querySelector("[data-item-index]");
  if (!index) return;
  const textsElement = document.getElementById("index-texts");
  const T = textsElement ? JSON.parse(textsElement.textContent) : {};
  const bar = index.closest(".score-summary");
  const wide = window.matchMedia("(min-width: 992px)");
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));

  // --- Open on a wide screen, folded on a phone ---------------------------------------------
  function fitIndex() {
    index.open = wide.matches;
    measureBar();
  }
  function measureBar() {
    // Items jumped to stop below the sticky bar instead of under it.
    if (bar) document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight}px`);
  }
  wide.addEventListener("change", fitIndex);
  index.addEventListener("toggle", measureBar);
  window.addEventListener("resize", measureBar);
  fitIndex();

  // --- Each item's state ------------------------------------------------------------------------
  function chipFor(row) {
    const number = row.id.replace("item-", "");
    return index.querySelector(`[data-index-item="${number}"]`);
  }
  function scoreOf(row) {
    const checked = row.querySelector('input[type=radio][data-field="score"]:checked');
    return checked ? checked.value : "";
  }
  function showState(row) {
    const chip = chipFor(row);
    if (!chip || !row.querySelector('input[data-field="score"]')) return;
    const state = scoreOf(row) ? "scored" : chip.hasAttribute("data-differ") ? "differ" : "missing";
    if (chip.dataset.state === state) return;
    chip.dataset.state = state;
    const label = chip.querySelector("[data-state-label]");
    if (label && T[state]) label.textContent = T[state];
    if (T[state]) chip.title = chip.title.replace(/:[^:]*$/, `: ${T[state]}`);
  }
  function showRated() {
    const progress = document.querySelector("[data-rating-progress]");
    if (!progress || !T.rated) return;
    const rows = document.querySelectorAll("[data-item-row]");
    const rated = Array.from(rows).filter((row) => scoreOf(row)).length;
    const text = format(T.rated, { rated, count: progress.dataset.itemCount || rows.length });
    if (progress.textContent.trim() !== text) progress.textContent = text;
  }
  function refresh() {
    document.querySelectorAll("[data-item-row]").forEach(showState);
    showRated();
  }
  document.addEventListener("change", (event) => {
    const row = event.target.closest && event.target.closest("[data-item-row]");
    if (!row || event.target.dataset.field !== "score") return;
    showState(row);
    showRated();
  });
  // The autosave script changes scores itself too (restored text, another reviewer's value).
  document.addEventListener("scores:changed", refresh);

  // --- Jumping to an item focuses it, so keys 1–5 work there at once -----------------------------
  index.addEventListener("click", (event) => {
    const chip = event.target.closest("[data-index-item]");
    if (!chip || !chip.getAttribute("href").startsWith("#")) return;
    const row = document.getElementById(`item-${chip.dataset.indexItem}`);
    if (!row) return;
    event.preventDefault();
    unfold(row);
    if (!wide.matches) index.open = false;
    measureBar();
    row.scrollIntoView({ block: "start" });
    row.focus({ preventScroll: true });
    window.history.replaceState(null, "", `#${row.id}`);
  });
  // An item that is done is folded to one line; jumping to it opens it.
  function unfold(row) {
    const fold = row.querySelector("details.item-fold");
    if (fold) fold.open = true;
  }
  function openTarget() {
    if (!window.location.hash.startsWith("#item-")) return;
    const row = document.getElementById(window.location.hash.slice(1));
    if (!row) return;
    unfold(row);
    row.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // The item one is in is marked in the index.
  document.addEventListener("focusin", (event) => {
    const row = event.target.closest && event.target.closest("[data-item-row]");
    index.querySelectorAll('[aria-current="true"]').forEach((chip) => chip.removeAttribute("aria-current"));
    const chip = row && chipFor(row);
    if (chip) chip.setAttribute("aria-current", "true");
  });

  // --- Keys 1–5 score the item one is in, never while one writes -------------------------------
  function isWriting(element) {
    if (element.isContentEditable) return true;
    if (element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
    return element.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(element.type);
  }
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!/^[1-5]$/.test(event.key) || isWriting(event.target)) return;
    const row = event.target.closest && event.target.closest("[data-item-row]");
    if (!row) return;
    const option = row.querySelector(`input[type=radio][data-field="score"][value="${event.key}"]`);
    if (!option || option.disabled) return;
    event.preventDefault();
    if (!option.checked) {
      option.checked = true;
      option.dispatchEvent(new Event("change", { bubbles: true }));
    }
    option.focus();
  });
})();
