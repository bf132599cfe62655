// The visit's notes: nothing written is lost, with or without a network.
//
// What a reviewer types into a note is kept in this browser until it is sent, so a closed tab,
// a reload or a laptop that sleeps does not lose it: the text comes back into the same form
// the next time the page opens (with a line saying so).
//
// Sending a note puts it in this browser's queue first, then sends it. Without a network it
// waits there – shown under its session as not sent yet – and goes when the network is back
// (also after the page was closed and opened again, from the service worker's copy). Each
// note carries a key made when it was written, so a note sent twice (an answer lost on the
// way, two tabs sending the queue at once) is stored once. Logging out clears the queue and
// the kept text (the logout answer asks the browser to clear the app's storage).
(() => {
  "use strict";

  const prefix = "ipsfidelity:unsaved:note:";
  const forms = Array.from(document.querySelectorAll("form[data-note-form]"));
  const textsElement = document.getElementById("notes-texts");
  const T = textsElement ? JSON.parse(textsElement.textContent) : {};

  function keyOf(textarea) {
    const form = textarea.form;
    const action = (form && form.getAttribute("action")) || window.location.pathname;
    return `${prefix}${new URL(action, window.location.href).pathname}:${textarea.name}`;
  }
  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }
  function write(key, value) {
    try {
      if (value.trim()) window.localStorage.setItem(key, value);
      else window.localStorage.removeItem(key);
    } catch (error) {
      // Storage full or disabled: the form itself still holds the text.
    }
  }

  document.querySelectorAll("textarea[data-keep-draft]").forEach((textarea) => {
    const key = keyOf(textarea);
    const kept = read(key);
    if (kept !== null && kept !== textarea.value) {
      textarea.value = kept;
      const details = textarea.closest("details");
      if (details) details.open = true;
      const status = document.createElement("p");
      status.className = "small text-body-secondary mt-1 mb-0";
      status.setAttribute("role", "status");
      status.dataset.testid = "note-restored";
      status.textContent = textarea.dataset.keepDraft;
      textarea.insertAdjacentElement("afterend", status);
    }
    textarea.addEventListener("input", () => write(key, textarea.value));
  });

  if (!forms.length) return;

  // --- The queue of notes to send ------------------------------------------------------------
  const reviewId = forms[0].dataset.review;
  const outboxKey = `ipsfidelity:outbox:notes:${reviewId}`;
  const loginPath = new URL(forms[0].dataset.loginUrl, window.location.href).pathname;
  let sending = false;
  let retryTimer = null;

  function readOutbox() {
    try {
      return JSON.parse(window.localStorage.getItem(outboxKey)) || [];
    } catch (error) {
      return [];
    }
  }
  function writeOutbox(outbox) {
    try {
      if (outbox.length) window.localStorage.setItem(outboxKey, JSON.stringify(outbox));
      else window.localStorage.removeItem(outboxKey);
    } catch (error) {
      // Storage full or disabled: the note is still sent now if the network is there.
    }
    document.dispatchEvent(new CustomEvent("offline:changed"));
  }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    const hex = Array.from(window.crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(16).padStart(2, "0")
    ).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));

  function keyField(form) {
    return form.querySelector('input[name$="client_key"]');
  }

  // The notes waiting to be sent, under the form of their session.
  function render() {
    const outbox = readOutbox();
    for (const form of forms) {
      let list = form.parentElement.querySelector("[data-pending-notes]");
      const mine = outbox.filter((entry) => entry.action === form.getAttribute("action"));
      if (!mine.length) {
        if (list) list.remove();
        continue;
      }
      if (!list) {
        list = document.createElement("ul");
        list.className = "list-unstyled pending-notes mb-2";
        list.dataset.pendingNotes = "";
        list.setAttribute("aria-label", T.pending);
        form.parentElement.insertBefore(list, form);
      }
      list.replaceChildren();
      for (const entry of mine) {
        const item = document.createElement("li");
        item.className = "border-start border-warning border-3 ps-2 mb-2";
        item.dataset.testid = "pending-note";
        const text = document.createElement("p");
        text.className = "mb-1 text-prewrap";
        text.textContent = entry.text;
        const state = document.createElement("p");
        state.className = "small mb-0";
        state.textContent = entry.error ? format(T.refused, { error: entry.error }) : T.notSent;
        item.append(text, state);
        if (entry.error) {
          const back = document.createElement("button");
          back.type = "button";
          back.className = "btn btn-link btn-sm p-0";
          back.textContent = T.backToForm;
          back.addEventListener("click", () => {
            const textarea = form.querySelector("textarea");
            textarea.value = entry.text;
            write(keyOf(textarea), entry.text);
            writeOutbox(readOutbox().filter((other) => other.key !== entry.key));
            render();
            textarea.focus();
          });
          item.append(back);
        }
        list.append(item);
      }
    }
  }

  async function sendOne(entry) {
    const body = new URLSearchParams(entry.entries);
    let response;
    try {
      response = await fetch(entry.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
    } catch (error) {
      return "offline";
    }
    let data = null;
    if ((response.headers.get("Content-Type") || "").includes("application/json")) {
      data = await response.json().catch(() => null);
    }
    if (response.redirected && new URL(response.url).pathname === loginPath) return "loggedOut";
    if (data && data.ok) return "sent";
    if (data && data.error && response.status < 500) return { error: data.error };
    if (response.status === 403 || response.status === 401) return "loggedOut";
    return "offline";
  }

  async function sendAll() {
    if (sending) return;
    sending = true;
    window.clearTimeout(retryTimer);
    let sent = 0;
    let waiting = false;
    for (const entry of readOutbox()) {
      if (entry.error) continue;
      const outcome = await sendOne(entry);
      if (outcome === "sent") {
        sent += 1;
        writeOutbox(readOutbox().filter((other) => other.key !== entry.key));
      } else if (outcome === "offline" || outcome === "loggedOut") {
        waiting = true;
        break;
      } else {
        writeOutbox(
          readOutbox().map((other) => (other.key === entry.key ? { ...other, error: outcome.error } : other))
        );
      }
    }
    sending = false;
    render();
    if (waiting) retryTimer = window.setTimeout(sendAll, 15000);
    // Sent: the page shows the notes as the server has them.
    if (sent && !readOutbox().some((entry) => !entry.error)) window.location.reload();
  }

  for (const form of forms) {
    const field = keyField(form);
    if (field && !field.value) field.value = newKey();
    form.addEventListener("submit", (event) => {
      const textarea = form.querySelector("textarea");
      // An empty note goes to the server, which says what is missing.
      if (!textarea || !textarea.value.trim()) return;
      event.preventDefault();
      if (!field.value) field.value = newKey();
      const entries = Array.from(new FormData(form).entries()).filter(
        ([name]) => name !== "csrfmiddlewaretoken"
      );
      const outbox = readOutbox();
      if (!outbox.some((entry) => entry.key === field.value)) {
        outbox.push({
          key: field.value,
          action: form.getAttribute("action"),
          entries,
          text: textarea.value,
          at: new Date().toISOString(),
        });
      }
      writeOutbox(outbox);
      // The note is in the queue now: the form is free for the next one.
      textarea.value = "";
      write(keyOf(textarea), "");
      field.value = newKey();
      render();
      sendAll();
    });
  }

  render();
  window.addEventListener("online", sendAll);
  window.addEventListener("pageshow", sendAll);
  if (readOutbox().length) sendAll();
})();
