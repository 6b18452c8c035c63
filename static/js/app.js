// Small niceties on top of pages that work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copyTarget);
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        field.select();
        document.execCommand("copy");
      }
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // Ticking a permission that implies the others (admin) ticks them too.
  for (const group of document.querySelectorAll("[data-implied-by]")) {
    const boxes = [...group.querySelectorAll("input[type=checkbox]")];
    const master = boxes.find((box) => box.value === group.dataset.impliedBy);
    if (!master) continue;
    master.addEventListener("change", () => {
      if (master.checked) for (const box of boxes) box.checked = true;
    });
  }
  // A form whose only choice is a <select> (the workspace switcher) submits on change.
  for (const form of document.querySelectorAll("form[data-auto-submit]")) {
    const select = form.querySelector("select");
    const button = form.querySelector("[data-auto-submit-button]");
    if (!select) continue;
    if (button) button.hidden = true;
    select.addEventListener("change", () => form.requestSubmit());
  }
  for (const field of document.querySelectorAll("[data-select-on-focus]")) {
    field.addEventListener("focus", () => field.select());
  }
  // API key expiry: the custom day shows only while "Custom date" is chosen.
  for (const group of document.querySelectorAll("[data-expiry]")) {
    const custom = group.querySelector("[data-expiry-custom]");
    const radios = [...group.querySelectorAll("input[type=radio]")];
    const update = () => {
      const chosen = radios.find((radio) => radio.checked);
      custom.hidden = !chosen || chosen.value !== "custom";
    };
    for (const radio of radios) radio.addEventListener("change", update);
    update();
  }
});
