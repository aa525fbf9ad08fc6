// Keyboard-first timeline entry: Enter records, Shift+Enter adds a line, Alt+1..5 pick the kind.
// Every keystroke is also kept in localStorage under the draft key, so a reload, a lost connection or a new circuit never
// loses what the scribe was typing; the draft comes back into the box and is cleared once the entry is recorded.
window.ccComposer = {
  attach(textarea, submitButton, kindSelect, draftKey, mentions) {
    if (!textarea || textarea.dataset.ccAttached) { return; }
    textarea.dataset.ccAttached = "1";
    // @mentions: typing "@ma" lists matching people under the box; Tab completes the first one.
    const suggestions = textarea.form ? textarea.form.querySelector(".mention-suggestions") : null;
    const pending = () => {
      const match = /@(\w*)$/.exec(textarea.value.slice(0, textarea.selectionStart));
      if (!match || !mentions || mentions.length === 0) { return null; }
      const found = mentions.filter(m => m.toLowerCase().startsWith("@" + match[1].toLowerCase()));
      return found.length ? { typed: match[0], found } : null;
    };
    const complete = (mention, typed) => {
      const start = textarea.selectionStart - typed.length;
      // One space after the mention, unless the text already goes on with one.
      const spaced = /^\s/.test(textarea.value.slice(textarea.selectionEnd)) ? "" : " ";
      textarea.setRangeText(mention + spaced, start, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      if (suggestions) { suggestions.hidden = true; }
      justCompleted = true;
    };
    // A space typed right after a completion would double the one the completion added: it is swallowed.
    let justCompleted = false;
    const showSuggestions = () => {
      if (!suggestions) { return; }
      const p = pending();
      suggestions.hidden = !p;
      suggestions.replaceChildren(...(p ? p.found.map(m => {
        const b = document.createElement("button");
        b.type = "button"; b.className = "chip mention"; b.textContent = m;
        b.addEventListener("mousedown", (e) => { e.preventDefault(); const q = pending(); complete(m, q ? q.typed : "@"); });
        return b;
      }) : []));
    };
    textarea.addEventListener("input", showSuggestions);
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
      const afterCompletion = justCompleted;
      justCompleted = false;
      if (e.key === " " && afterCompletion && /\s$/.test(textarea.value.slice(0, textarea.selectionStart))) {
        e.preventDefault();
        return;
      }
      if (e.key === "Tab" && !e.shiftKey) {
        const p = pending();
        if (p) { e.preventDefault(); complete(p.found[0], p.typed); return; }
      }
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
  insert(textarea, token) {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const spacer = before.length && !/\s$/.test(before) ? " " : "";
    const after = /^\s/.test(textarea.value.slice(textarea.selectionEnd)) ? "" : " ";
    textarea.setRangeText(spacer + token + after, textarea.selectionStart, textarea.selectionEnd, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
    return textarea.value;
  },
  clearDraft(draftKey) { if (draftKey) { window.localStorage.removeItem(draftKey); } },
  focus(element) { if (element) { element.focus(); } }
};
