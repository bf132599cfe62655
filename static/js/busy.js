// Slow work the person waits for says so while it runs (issue 22): a form or link marked
// data-busy="…" shows that text with a spinner in its status line (read out by screen
// readers) and a form's button is disabled so it is not sent twice.
(function () {
  "use strict";

  function statusFor(element) {
    const id = element.getAttribute("data-busy-status");
    return id ? document.getElementById(id) : null;
  }

  function show(status, text) {
    if (!status) return;
    status.textContent = "";
    const spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    status.append(spinner, text);
  }

  // The status line stays in the page, empty, so that what is put in it is read out.
  function clear(status) {
    if (status) status.textContent = "";
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) return;
    if (event.defaultPrevented) return;
    show(statusFor(form), form.getAttribute("data-busy"));
    // Disabled after the submission has taken the button's name and value.
    window.setTimeout(() => {
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.disabled = true;
      });
    }, 0);
  });

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-busy]") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    const status = statusFor(link);
    show(status, link.getAttribute("data-busy"));
    link.setAttribute("aria-disabled", "true");
    // A download leaves the page as it is: the note goes once the file has had time to come.
    window.setTimeout(() => {
      clear(status);
      link.removeAttribute("aria-disabled");
    }, 12000);
  });

  // Back from a page left while busy (the browser's cache): nothing is running any more.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.querySelectorAll("[data-busy]").forEach((element) => {
      clear(statusFor(element));
      element.querySelectorAll?.("button[type=submit]").forEach((b) => { b.disabled = false; });
    });
  });
})();
