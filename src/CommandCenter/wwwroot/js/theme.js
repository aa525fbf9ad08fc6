// Remembers the light/dark choice per account for a year (read on the server at the next page load).
window.ccTheme = {
  remember: function (cookieName, dark) {
    document.cookie = encodeURIComponent(cookieName) + "=" + (dark ? "dark" : "light") +
      "; path=/; max-age=31536000; samesite=lax";
  }
};
