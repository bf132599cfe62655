// The review page: every field saves on its own, live totals, and nothing typed is lost.
//
// Each object on the page (the review header, an item score, an evidence source, an
// improvement area) is an element with data-autosave-object, data-url and data-version;
// its fields carry data-field. A save sends one field with the version it was based on.
// The server refuses a save based on an old version (409); the page then shows the other
// reviewer's text beside the user's own instead of overwriting either. Unsaved values are
// kept in localStorage until the server has them, so a reload, a lost network or an
// expired session never loses text. An answer that is not the app's JSON (a proxy's error
// page, a request too large for the server) never stops the other fields from saving.
(() => {
  "use strict";

  const root = document.querySelector("[data-review]");
  const textsElement = document.getElementById("autosave-texts");
  if (!root || !textsElement) return;

  const T = JSON.parse(textsElement.textContent);
  const reviewId = root.dataset.review;
  const loginPath = new URL(root.dataset.loginUrl, window.location.href).pathname;
  const storeKey = `ipsfidelity:unsaved:review:${reviewId}`;
  const bandsElement = document.getElementById("review-bands");
  const bands = bandsElement ? JSON.parse(bandsElement.textContent) : [];
  const subscalesElement = document.getElementById("review-subscales");
  const subscales = subscalesElement ? JSON.parse(subscalesElement.textContent) : [];
  const states = new Map();
  const TEXT_DELAY = 1200;
  const MAX_BACKOFF = 30000;

  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));

  function csrfToken() {
    // Read afresh each time: logging in again in another tab rotates the token.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // --- Unsaved values kept in the browser until the server has them --------------------
  function readStore() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey)) || {};
    } catch (error) {
      return {};
    }
  }
  function writeStore(store) {
    try {
      if (Object.keys(store).length) window.localStorage.setItem(storeKey, JSON.stringify(store));
      else window.localStorage.removeItem(storeKey);
    } catch (error) {
      // Storage full or disabled: the page itself still holds the text.
    }
  }
  function remember(state, field, value) {
    const store = readStore();
    store[state.key] = store[state.key] || {};
    store[state.key][field] = { value, base: state.bases[field], version: state.version };
    writeStore(store);
  }
  function forget(state, field, value) {
    const store = readStore();
    const entry = store[state.key] && store[state.key][field];
    if (entry && entry.value === value) {
      delete store[state.key][field];
      if (!Object.keys(store[state.key]).length) delete store[state.key];
      writeStore(store);
    }
  }

  // --- Fields ------------------------------------------------------------------------------
  function ownFields(objectElement, field) {
    const selector = field ? `[data-field="${field}"]` : "[data-field]";
    return Array.from(objectElement.querySelectorAll(selector)).filter(
      (el) => el.closest("[data-autosave-object]") === objectElement
    );
  }
  function fieldValue(objectElement, field) {
    const elements = ownFields(objectElement, field);
    if (!elements.length) return null;
    if (elements[0].type === "radio") {
      const checked = elements.find((el) => el.checked);
      return checked ? checked.value : "";
    }
    return elements[0].value;
  }
  function servedValue(objectElement, field) {
    // The value as the server rendered it, whatever the user has typed since.
    const elements = ownFields(objectElement, field);
    if (elements[0].type === "radio") {
      const checked = elements.find((el) => el.defaultChecked);
      return checked ? checked.value : "";
    }
    if (elements[0].tagName === "SELECT") {
      const option = Array.from(elements[0].options).find((o) => o.defaultSelected);
      return option ? option.value : elements[0].options[0]?.value ?? "";
    }
    return elements[0].defaultValue;
  }
  function setFieldValue(objectElement, field, value) {
    for (const el of ownFields(objectElement, field)) {
      if (el.type === "radio") el.checked = el.value === value;
      else el.value = value;
    }
  }
  function ownOne(objectElement, selector) {
    return Array.from(objectElement.querySelectorAll(selector)).find(
      (el) => el.closest("[data-autosave-object]") === objectElement
    );
  }

  function stateFor(objectElement) {
    const key = objectElement.dataset.autosaveObject;
    let state = states.get(key);
    if (state && state.element !== objectElement) state = null; // re-rendered row
    if (!state) {
      state = {
        key,
        element: objectElement,
        url: objectElement.dataset.url,
        version: parseInt(objectElement.dataset.version, 10),
        bases: {},
        queued: new Map(),
        // field -> "conflict" (waits for the user's choice) or "refused" (waits for an edit)
        blocked: new Map(),
        // field -> the message of its refused save, shown until the field is changed
        errors: new Map(),
        inflight: false,
        timer: null,
        backoff: 2000,
      };
      for (const el of ownFields(objectElement)) {
        const field = el.dataset.field;
        if (!(field in state.bases)) state.bases[field] = servedValue(objectElement, field);
      }
      states.set(key, state);
    }
    return state;
  }

  function showState(state, field, kind, extra = {}) {
    const own = ownOne(state.element, `[data-save-state="${field}"]`);
    const element = own || ownOne(state.element, '[data-save-state=""]');
    if (!element) return;
    if (!own && kind !== "error") {
      // A state shared by the row's fields: another field's refusal stays in view until
      // that field is changed, whatever this field does meanwhile.
      const other = Array.from(state.errors.entries()).find(([name]) => name !== field);
      if (other) {
        element.textContent = other[1];
        element.dataset.state = "error";
        return;
      }
    }
    const messages = {
      saving: T.saving,
      saved: format(T.saved, { time: extra.time || "" }),
      unsaved: T.unsaved,
      retrying: T.retrying,
      loggedOut: T.loggedOut,
      restored: T.restored,
      error: extra.message || "",
    };
    element.textContent = messages[kind] || "";
    element.dataset.state = kind;
  }

  // --- Saving --------------------------------------------------------------------------------
  function queue(objectElement, field, { immediate }) {
    const state = stateFor(objectElement);
    const value = fieldValue(objectElement, field);
    if (["refused", "retry"].includes(state.blocked.get(field))) state.blocked.delete(field);
    state.errors.delete(field);
    state.queued.set(field, value);
    remember(state, field, value);
    showState(state, field, "unsaved");
    window.clearTimeout(state.timer);
    if (immediate) flush(state);
    else state.timer = window.setTimeout(() => flush(state), TEXT_DELAY);
  }

  function flush(state) {
    window.clearTimeout(state.timer);
    if (state.inflight) return;
    const next = Array.from(state.queued.keys()).find((field) => !state.blocked.has(field));
    if (next === undefined) return;
    send(state, next, state.queued.get(next));
  }

  async function send(state, field, value) {
    state.inflight = true;
    showState(state, field, "saving");
    const body = new URLSearchParams({ field, value, version: String(state.version) });
    let response;
    try {
      response = await fetch(state.url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
    } catch (error) {
      return retry(state, field);
    }
    // Anything but the app's JSON (a proxy's error page, a cut-off body) is treated as no answer.
    let data = null;
    if ((response.headers.get("Content-Type") || "").includes("application/json")) {
      data = await response.json().catch(() => null);
    }
    state.inflight = false;
    const loggedOut =
      (response.redirected && new URL(response.url).pathname === loginPath) ||
      response.status === 401 ||
      (response.status === 403 && !data);
    if (loggedOut) return onLoggedOut(state, field);
    hideLoggedOutBanner();
    if (response.ok && data && data.ok) return onSaved(state, field, value, data);
    if (response.status === 409 && data && data.conflict) return onConflict(state, field, value, data);
    if (response.status === 413 || (response.status === 400 && !(data && data.error))) {
      // Too large for the server to read at all: sending it again cannot help.
      return refuse(state, field, tooLong(state, field, value));
    }
    if (data && data.error && response.status < 500) {
      // Refused input (too long, not a score, review finalized): the text stays in the field.
      return refuse(state, field, data.error);
    }
    return retry(state, field);
  }

  function fieldLabel(objectElement, field) {
    const element = ownFields(objectElement, field)[0];
    const label = element && element.labels && element.labels[0];
    return label ? label.textContent.trim() : T.thisField;
  }
  function tooLong(state, field, value) {
    return format(T.tooLong, {
      field: fieldLabel(state.element, field),
      length: value.length.toLocaleString("da-DK"),
    });
  }

  function refuse(state, field, message) {
    // Kept in the field and in the browser's store until the user changes it.
    state.blocked.set(field, "refused");
    state.errors.set(field, message);
    showState(state, field, "error", { message });
    flush(state);
  }

  function retry(state, field) {
    // Only this field waits; the object's other fields go on saving meanwhile.
    state.inflight = false;
    showState(state, field, "retrying");
    state.blocked.set(field, "retry");
    window.setTimeout(() => {
      if (state.blocked.get(field) !== "retry") return;
      state.blocked.delete(field);
      flush(state);
    }, state.backoff);
    state.backoff = Math.min(state.backoff * 2, MAX_BACKOFF);
    flush(state);
  }

  function onLoggedOut(state, field) {
    showState(state, field, "loggedOut");
    const banner = document.querySelector("[data-logged-out-banner]");
    if (banner) banner.classList.remove("d-none");
    state.timer = window.setTimeout(() => flush(state), 5000);
  }
  function hideLoggedOutBanner() {
    const banner = document.querySelector("[data-logged-out-banner]");
    if (banner) banner.classList.add("d-none");
  }

  function acceptServerValues(state, values, except) {
    // Show what others saved in fields this user has not touched since.
    for (const [field, serverValue] of Object.entries(values)) {
      if (field === except || state.queued.has(field) || state.blocked.has(field)) continue;
      if (fieldValue(state.element, field) === state.bases[field] && serverValue !== state.bases[field]) {
        setFieldValue(state.element, field, serverValue);
      }
      if (fieldValue(state.element, field) === serverValue) state.bases[field] = serverValue;
    }
  }

  function onSaved(state, field, value, data) {
    state.version = data.version;
    state.backoff = 2000;
    state.bases[field] = data.values[field];
    if (state.queued.get(field) === value) state.queued.delete(field);
    forget(state, field, value);
    acceptServerValues(state, data.values, field);
    showState(state, field, state.queued.has(field) ? "unsaved" : "saved", { time: data.saved_at });
    updateSummary();
    flush(state);
  }

  function onConflict(state, field, value, data) {
    const theirs = data.values[field];
    const base = state.bases[field];
    state.version = data.version;
    acceptServerValues(state, data.values, field);
    if (theirs === value) {
      // The same value is already stored (an earlier answer was lost on the way).
      return onSaved(state, field, value, { ...data, saved_at: data.at });
    }
    if (theirs === base) {
      // Someone changed another field of this row: this field is still ours to save.
      return flush(state);
    }
    state.blocked.set(field, "conflict");
    showConflict(state, field, theirs, data);
    showState(state, field, "unsaved");
    flush(state);
  }

  function showConflict(state, field, theirs, data) {
    const holder = ownOne(state.element, `[data-conflict-for="${field}"]`);
    if (!holder) return;
    holder.replaceChildren();
    const box = document.createElement("div");
    box.className = "conflict alert alert-warning mt-2";
    box.setAttribute("role", "alert");
    const who = data.by || T.someone;
    const intro = document.createElement("p");
    const mine = fieldValue(state.element, field);
    if (field === "score") {
      intro.textContent = format(T.conflictScore, {
        who,
        time: data.at,
        theirs: theirs || T.noScore,
        mine: mine || T.noScore,
      });
      box.append(intro);
    } else {
      intro.textContent = format(T.conflictText, { who, time: data.at });
      const id = `theirs-${state.key}-${field}`;
      const label = document.createElement("label");
      label.className = "form-label fw-semibold";
      label.htmlFor = id;
      label.textContent = T.theirText;
      const theirsBox = document.createElement("textarea");
      theirsBox.className = "form-control mb-2";
      theirsBox.id = id;
      theirsBox.readOnly = true;
      theirsBox.rows = 4;
      theirsBox.value = theirs;
      box.append(intro, label, theirsBox);
    }
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-sm btn-primary me-2";
    keep.textContent = T.keepMine;
    keep.dataset.conflictAction = "keep";
    const use = document.createElement("button");
    use.type = "button";
    use.className = "btn btn-sm btn-outline-secondary";
    use.textContent = T.useTheirs;
    use.dataset.conflictAction = "theirs";
    box.append(keep, use);
    holder.append(box);

    keep.addEventListener("click", () => {
      state.bases[field] = theirs;
      state.blocked.delete(field);
      holder.replaceChildren();
      queue(state.element, field, { immediate: true });
    });
    use.addEventListener("click", () => {
      setFieldValue(state.element, field, theirs);
      state.bases[field] = theirs;
      state.blocked.delete(field);
      state.queued.delete(field);
      forget(state, field, readStore()[state.key]?.[field]?.value);
      holder.replaceChildren();
      showState(state, field, "saved", { time: data.at });
      updateSummary();
      flush(state);
    });
  }

  // --- Live totals ---------------------------------------------------------------------------
  function updateSummary() {
    // The item index (items.js) follows the scores too.
    document.dispatchEvent(new CustomEvent("scores:changed"));
    const summary = document.querySelector("[data-score-summary]");
    if (!summary) return;
    const groups = document.querySelectorAll("[data-score-group]");
    const subtotals = {};
    let total = 0;
    let scored = 0;
    groups.forEach((group) => {
      const section = group.dataset.section;
      subtotals[section] = subtotals[section] || 0;
      // Items filtered out of the page still count, with the score the server sent.
      const checked = group.querySelector("input[type=radio]:checked");
      const value = checked ? checked.value : group.dataset.fixedScore || "";
      const score = value ? parseInt(value, 10) : 0;
      if (score) {
        total += score;
        scored += 1;
        subtotals[section] += score;
      }
    });
    const count = groups.length;
    const totalElement = summary.querySelector("[data-summary-total]");
    if (totalElement) totalElement.textContent = String(total);
    const progress = summary.querySelector("[data-summary-progress]");
    const progressText = format(T.progress, { scored, count });
    if (progress.textContent.trim() !== progressText) progress.textContent = progressText;
    for (const [section, subtotal] of Object.entries(subtotals)) {
      document.querySelectorAll(`[data-section-subtotal="${section}"]`).forEach((el) => {
        el.textContent = String(subtotal);
      });
    }
    const band =
      count && scored === count ? bands.find((b) => b.min <= total && total <= b.max) : null;
    showBand(summary.querySelector("[data-summary-band]"), band, T.bandPending);
    // Each subscale: its own total and, once its every item is scored, its own band.
    for (const subscale of subscales) {
      const id = String(subscale.id);
      let subTotal = 0;
      let subScored = 0;
      let subCount = 0;
      groups.forEach((group) => {
        if (group.dataset.subscale !== id) return;
        subCount += 1;
        const checked = group.querySelector("input[type=radio]:checked");
        const value = checked ? checked.value : group.dataset.fixedScore || "";
        if (value) {
          subTotal += parseInt(value, 10);
          subScored += 1;
        }
      });
      const totalHolder = summary.querySelector(`[data-subscale-total="${id}"]`);
      if (totalHolder) totalHolder.textContent = String(subTotal);
      const subBand =
        subCount && subScored === subCount
          ? subscale.bands.find((b) => b.min <= subTotal && subTotal <= b.max)
          : null;
      showBand(
        summary.querySelector(`[data-subscale-band="${id}"]`),
        subBand,
        T.subscaleBandPending,
      );
    }
  }

  function showBand(holder, band, pending) {
    if (!holder) return;
    holder.replaceChildren();
    const badge = document.createElement("span");
    if (band) {
      badge.className = `band band-${band.level}`;
      badge.textContent = band.label;
    } else {
      badge.className = "text-body-secondary";
      badge.textContent = pending;
    }
    holder.append(badge);
  }

  // --- Events ----------------------------------------------------------------------------------
  function fieldTarget(event) {
    const el = event.target;
    if (!(el instanceof HTMLElement) || !el.dataset.field) return null;
    const objectElement = el.closest("[data-autosave-object]");
    return objectElement ? { el, objectElement } : null;
  }
  const isTyped = (el) => el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text");

  document.addEventListener("input", (event) => {
    const target = fieldTarget(event);
    if (target && isTyped(target.el)) {
      queue(target.objectElement, target.el.dataset.field, { immediate: false });
    }
  });
  document.addEventListener("change", (event) => {
    const target = fieldTarget(event);
    if (!target) return;
    if (target.el.type === "radio") updateSummary();
    queue(target.objectElement, target.el.dataset.field, { immediate: true });
  });
  document.addEventListener("focusout", (event) => {
    const target = fieldTarget(event);
    if (target && isTyped(target.el)) {
      const state = stateFor(target.objectElement);
      if (state.queued.has(target.el.dataset.field)) flush(state);
    }
  });

  window.addEventListener("beforeunload", (event) => {
    const pending = Array.from(states.values()).some((s) => s.queued.size || s.inflight);
    if (pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("online", () =>
    states.forEach((state) => {
      for (const [field, why] of state.blocked) if (why === "retry") state.blocked.delete(field);
      flush(state);
    })
  );

  // htmx (adding and removing rows) sends the current CSRF token too.
  document.body.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // Moving an improvement area up or down moves it in place, keeping any unsaved text.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-move-form]")) return;
    event.preventDefault();
    const direction = event.submitter ? event.submitter.value : "down";
    const body = new URLSearchParams({ direction });
    const response = await fetch(form.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).catch(() => null);
    if (!response || !response.ok) return;
    const row = form.closest("li");
    if (direction === "up" && row.previousElementSibling) {
      row.parentElement.insertBefore(row, row.previousElementSibling);
    } else if (direction === "down" && row.nextElementSibling) {
      row.parentElement.insertBefore(row.nextElementSibling, row);
    }
    event.submitter?.focus();
  });

  // Fill the basis text from the evidence sources, then save it like a typed change.
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-basis-suggest]");
    if (!button) return;
    const objectElement = root;
    const current = fieldValue(objectElement, "basis");
    if (current && current.trim() && !window.confirm(button.dataset.confirm)) return;
    const response = await fetch(button.dataset.basisSuggest, { credentials: "same-origin" }).catch(
      () => null
    );
    if (!response || !response.ok) {
      window.alert(T.suggestFailed);
      return;
    }
    const data = await response.json();
    setFieldValue(objectElement, "basis", data.text);
    queue(objectElement, "basis", { immediate: true });
  });

  // --- Start: bring back anything typed but not saved before the page was left ---------------
  function restoreUnsaved() {
    const store = readStore();
    for (const [key, fields] of Object.entries(store)) {
      const objectElement =
        key === "review" ? root : document.querySelector(`[data-autosave-object="${key}"]`);
      if (!objectElement) continue;
      const state = stateFor(objectElement);
      for (const [field, entry] of Object.entries(fields)) {
        if (fieldValue(objectElement, field) === null) continue;
        // Save against the version the text was written on, so a change made by someone
        // else in the meantime shows up as a conflict instead of being overwritten.
        state.version = Math.min(state.version, entry.version);
        state.bases[field] = entry.base;
        setFieldValue(objectElement, field, entry.value);
        state.queued.set(field, entry.value);
        showState(state, field, "restored");
      }
      updateSummary();
      flush(state);
    }
  }
  restoreUnsaved();
})();
