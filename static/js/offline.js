// Working without a network (reviews/offline.py).
//
// Signed in: the app's service worker is registered (templates/ops/offline-sw.txt); it keeps
// the draft's working pages a reviewer opens, so they open again with no network. "Take
// offline" keeps them before the visit without opening each. A line at the top of those pages
// says when the network is gone and how much typed here is not sent yet.
//
// Not signed in (logged out, or the session ended): everything the app kept in this browser
// is removed – unsent text, kept pages, the service worker – so a shared machine keeps
// nothing of the last person. Text still on an open page is not lost: it is sent from that
// page once its person logs in again in another tab.
(() => {
  "use strict";

  const PREFIX = "ipsfidelity:";
  const CACHE_PREFIX = "ipsfidelity-";
  const PAGES_CACHE = "ipsfidelity-pages";
  const body = document.body;

  async function forgetEverything() {
    try {
      Object.keys(window.localStorage)
        .filter((key) => key.startsWith(PREFIX))
        .forEach((key) => window.localStorage.removeItem(key));
    } catch (error) {
      // Storage disabled: nothing was kept.
    }
    if ("caches" in window) {
      const names = await window.caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => window.caches.delete(name))
      );
    }
    if ("serviceWorker" in navigator) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map((registration) => registration.unregister()));
    }
    body.dataset.offlineCleared = "1";
  }

  if (body.dataset.signedIn !== "1") {
    forgetEverything().catch(() => null);
    return;
  }

  if ("serviceWorker" in navigator && window.isSecureContext && body.dataset.offlineWorker) {
    navigator.serviceWorker
      .register(body.dataset.offlineWorker, { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then(() => {
        body.dataset.offlineReady = "1";
      })
      .catch(() => null);
  }

  // Keep a page now (the service worker keeps it too as it passes, once it controls the page;
  // the first page a person opens was loaded before that).
  async function keep(url) {
    if (!("caches" in window)) return false;
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected || response.headers.get("X-Offline-Copy") !== "keep") {
      return false;
    }
    const cache = await window.caches.open(PAGES_CACHE);
    await cache.put(new URL(url, window.location.href).href, response);
    return true;
  }

  // --- What is not sent yet, and whether the network is there ------------------------------
  const banner = document.querySelector("[data-unsent-banner]");
  const textsElement = document.getElementById("offline-texts");
  const T = textsElement ? JSON.parse(textsElement.textContent) : {};
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));

  function readJSON(key, fallback) {
    try {
      return JSON.parse(window.localStorage.getItem(key)) || fallback;
    } catch (error) {
      return fallback;
    }
  }
  function unsentCount(review) {
    let count = 0;
    const fields = readJSON(`${PREFIX}unsaved:review:${review}`, {});
    for (const object of Object.values(fields)) count += Object.keys(object || {}).length;
    count += readJSON(`${PREFIX}outbox:notes:${review}`, []).length;
    return count;
  }
  function showState() {
    if (!banner) return;
    const count = unsentCount(banner.dataset.review);
    const online = navigator.onLine;
    let text = "";
    if (!online) text = count ? format(count === 1 ? T.offlineOne : T.offlineMany, { count }) : T.offline;
    else if (count) text = format(count === 1 ? T.unsentOne : T.unsentMany, { count });
    banner.textContent = text;
    banner.dataset.unsent = String(count);
    banner.classList.toggle("d-none", !text);
  }
  if (banner) {
    showState();
    ["online", "offline", "storage"].forEach((name) => window.addEventListener(name, showState));
    document.addEventListener("offline:changed", showState);
    window.setInterval(showState, 3000);
    // This page itself, kept at once (it is one of those to take along).
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) {
      keep(window.location.href).catch(() => null);
    }
  }

  // --- Take offline -----------------------------------------------------------------------
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-take-offline]");
    if (!button) return;
    const status = document.getElementById(button.getAttribute("aria-describedby"));
    const urls = button.dataset.takeOffline.split(" ").filter(Boolean);
    button.disabled = true;
    let kept = 0;
    for (const url of urls) {
      if (await keep(url).catch(() => false)) kept += 1;
    }
    button.disabled = false;
    if (status) {
      const time = new Date().toLocaleTimeString("da-DK", { hour: "2-digit", minute: "2-digit" });
      status.textContent =
        kept === urls.length ? format(T.taken, { count: kept, time }) : T.notTaken;
    }
  });
})();
