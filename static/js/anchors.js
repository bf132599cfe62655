// "Show all anchors" opens or closes every item's anchor list at once.
document.querySelectorAll("[data-toggle-anchors]").forEach((button) => {
  button.addEventListener("click", () => {
    const open = button.dataset.open !== "true";
    document.querySelectorAll("details.anchors-details").forEach((details) => {
      details.open = open;
    });
    button.dataset.open = String(open);
    button.textContent = open ? button.dataset.labelClose : button.dataset.labelOpen;
  });
});
