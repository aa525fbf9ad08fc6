// Keyboard-first timeline entry: Enter records, Shift+Enter adds a line, Alt+1..5 pick the kind.
window.ccComposer = {
  attach(textarea, submitButton, kindSelect) {
    if (!textarea || textarea.dataset.ccAttached) { return; }
    textarea.dataset.ccAttached = "1";
    textarea.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submitButton.click();
      } else if (e.altKey && e.key >= "1" && e.key <= "9" && kindSelect) {
        const index = Number(e.key) - 1;
        if (index < kindSelect.options.length) {
          e.preventDefault();
          kindSelect.selectedIndex = index;
          kindSelect.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
  },
  focus(element) { if (element) { element.focus(); } }
};
