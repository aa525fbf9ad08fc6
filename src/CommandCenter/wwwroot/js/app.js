// Small page helpers that the Content-Security-Policy allows (no inline handlers anywhere).
window.ccTheme = {
  // Remembers the light/dark choice per account for a year (read on the server at the next page load).
  remember: function (cookieName, dark) {
    document.cookie = encodeURIComponent(cookieName) + "=" + (dark ? "dark" : "light") +
      "; path=/; max-age=31536000; samesite=lax";
  }
};

// "Reload" links (offline indicator, error bar) reload the page they are on.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-reload]");
  if (link) {
    event.preventDefault();
    location.reload();
  }
});
