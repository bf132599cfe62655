// The visit's notes: what a reviewer types into a note is kept in this browser until it is
// sent, so a closed tab, a reload or a laptop that sleeps does not lose it. The text comes
// back into the same form the next time the page opens (with a line saying so), and is
// dropped from the browser when the form is sent. Logging out clears it (the logout answer
// asks the browser to clear the app's storage: Clear-Site-Data).
(() => {
  "use strict";

  const prefix = "ipsfidelity:unsaved:note:";

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
    if (textarea.form) {
      textarea.form.addEventListener("submit", () => write(key, ""));
    }
  });
})();
