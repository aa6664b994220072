// The weekly report's trend charts: each team's bad-pull rate per ISO week against the target line.
// A week with few verdicts is labelled with its counts ("1 of 1"), never a bare 100%.
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") return;

  document.querySelectorAll('canvas[data-chart="bad-pull-trend"]').forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    var points = source ? JSON.parse(source.textContent) : [];
    var target = parseFloat(canvas.dataset.target);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: points.map(function (p) { return p.week; }),
        datasets: [
          {
            label: canvas.dataset.rateLabel,
            data: points.map(function (p) { return p.rate; }),
            borderColor: "#1c7ed6",
            backgroundColor: "#1c7ed6",
            spanGaps: true,
            pointRadius: points.map(function (p) { return p.breach ? 6 : 3; }),
            pointBackgroundColor: points.map(function (p) { return p.breach ? "#c92a2a" : "#1c7ed6"; }),
          },
          {
            label: canvas.dataset.targetLabel,
            data: points.map(function () { return target; }),
            borderColor: "#e03131",
            borderDash: [6, 4],
            pointRadius: 0,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, suggestedMax: Math.max(target * 2, 1), ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          title: { display: true, text: canvas.dataset.title },
          tooltip: {
            callbacks: {
              label: function (item) {
                if (item.datasetIndex === 1) return canvas.dataset.targetLabel + ": " + target + "%";
                var p = points[item.dataIndex];
                return p.rate + "% (" + p.bad + " / " + p.with_verdict + ")";
              },
            },
          },
        },
      },
      plugins: [{
        // The counts above each point: a rate on one verdict reads "1 of 1", not a bare 100%.
        id: "counts",
        afterDatasetsDraw: function (chart) {
          var ctx = chart.ctx;
          var meta = chart.getDatasetMeta(0);
          ctx.save();
          ctx.font = "10px sans-serif";
          ctx.fillStyle = "#495057";
          ctx.textAlign = "center";
          meta.data.forEach(function (element, index) {
            var p = points[index];
            if (p.rate === null || p.with_verdict >= 20 || p.bad === 0) return;
            ctx.fillText(p.bad + " " + (canvas.dataset.of || "of") + " " + p.with_verdict, element.x, element.y - 8);
          });
          ctx.restore();
        },
      }],
    });
  });
})();
