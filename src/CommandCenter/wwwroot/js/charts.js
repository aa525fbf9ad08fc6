// One small wrapper over ApexCharts for Blazor: render into an element, update in place, dispose.
window.ccCharts = (function () {
  const charts = new Map();
  return {
    render(element, options) {
      const existing = charts.get(element);
      if (existing) { existing.destroy(); }
      const chart = new ApexCharts(element, options);
      charts.set(element, chart);
      return chart.render();
    },
    update(element, options) {
      const chart = charts.get(element);
      if (!chart) { return this.render(element, options); }
      return chart.updateOptions(options, false, true);
    },
    dispose(element) {
      const chart = charts.get(element);
      if (chart) { chart.destroy(); charts.delete(element); }
    }
  };
})();
