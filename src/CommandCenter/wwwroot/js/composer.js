// Keyboard-first timeline entry: Enter records, Shift+Enter adds a line, Alt+1..5 pick the kind.
// Every keystroke is also kept in localStorage under the draft key, so a reload, a lost connection or a new circuit never
// loses what the scribe was typing; the draft comes back into the box and is cleared once the entry is recorded.
window.ccComposer = {
  attach(textarea, submitButton, kindSelect, draftKey) {
    if (!textarea || textarea.dataset.ccAttached) { return; }
    textarea.dataset.ccAttached = "1";
    if (draftKey) {
      const saved = window.localStorage.getItem(draftKey);
      if (saved && !textarea.value) {
        textarea.value = saved;
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      }
      textarea.addEventListener("input", () => {
        if (textarea.value) { window.localStorage.setItem(draftKey, textarea.value); }
        else { window.localStorage.removeItem(draftKey); }
      });
    }
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
  clearDraft(draftKey) { if (draftKey) { window.localStorage.removeItem(draftKey); } },
  focus(element) { if (element) { element.focus(); } }
};
