// The one wrapper over ApexCharts for Blazor (Components/Common/ApexChart.razor): render into an element, update in
// place, dispose. Charts take their text, grid and tooltip colours from the MudTheme palette the component passes, and
// switch palette when the layout's cc-dark class changes (the theme toggle), without a reload.
window.ccCharts = (function () {
  const charts = new Map();
  let observer = null;

  function isDark(element, theme) {
    const shell = element.closest(".mud-layout");
    return shell ? shell.classList.contains("cc-dark") : !!theme.dark;
  }

  function themed(options, theme, dark) {
    const p = dark ? theme.darkPalette : theme.light;
    const o = Object.assign({}, options);
    o.chart = Object.assign({}, o.chart, { foreColor: p.text, background: "transparent" });
    o.theme = Object.assign({}, o.theme, { mode: p.mode });
    o.grid = Object.assign({}, o.grid, { borderColor: p.grid });
    o.tooltip = Object.assign({}, o.tooltip, { theme: p.mode });
    o.legend = Object.assign({}, o.legend);
    o.legend.labels = Object.assign({ colors: p.text }, o.legend.labels);
    o.xaxis = Object.assign({}, o.xaxis);
    o.xaxis.axisBorder = Object.assign({ color: p.grid }, o.xaxis.axisBorder);
    o.xaxis.axisTicks = Object.assign({ color: p.grid }, o.xaxis.axisTicks);
    o.markers = Object.assign({ strokeColors: p.surface }, o.markers);
    return o;
  }

  function watchTheme(element) {
    const shell = element.closest(".mud-layout");
    if (observer || !shell) { return; }
    observer = new MutationObserver(function () {
      charts.forEach(function (entry, el) {
        const dark = isDark(el, entry.theme);
        if (dark !== entry.dark) {
          entry.dark = dark;
          entry.chart.updateOptions(themed(entry.options, entry.theme, dark), false, false);
        }
      });
    });
    observer.observe(shell, { attributes: true, attributeFilter: ["class"] });
  }

  return {
    render(element, options, theme) {
      const existing = charts.get(element);
      if (existing) { existing.chart.destroy(); }
      const dark = isDark(element, theme);
      const chart = new ApexCharts(element, themed(options, theme, dark));
      charts.set(element, { chart: chart, options: options, theme: theme, dark: dark });
      watchTheme(element);
      return chart.render();
    },
    update(element, options, theme) {
      const entry = charts.get(element);
      if (!entry) { return this.render(element, options, theme); }
      entry.options = options;
      entry.theme = theme;
      entry.dark = isDark(element, theme);
      return entry.chart.updateOptions(themed(options, theme, entry.dark), false, true);
    },
    dispose(element) {
      const entry = charts.get(element);
      if (entry) { entry.chart.destroy(); charts.delete(element); }
    }
  };
})();
