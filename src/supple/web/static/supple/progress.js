/* The pain chart of the Progress page, drawn with Chart.js from the data in #pain-data.
   The summary sentence and the table on the page say the same for screen readers. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("pain-data");
    var canvas = document.getElementById("pain-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var style = getComputedStyle(document.documentElement);
    var fg = style.getPropertyValue("--fg").trim() || "#1a1a1a";
    var grid = style.getPropertyValue("--border").trim() || "#767676";
    var dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var phone = window.matchMedia("(max-width: 40rem)").matches;
    // Three series told apart by colour, line style and point shape (never colour alone).
    var series = [
      { key: "before", label: "Before", colour: dark ? "#8cc4ff" : "#0b5cab", dash: [], point: "circle" },
      { key: "after", label: "After", colour: dark ? "#ffb870" : "#a14a00", dash: [8, 4], point: "rectRot" },
      { key: "morning", label: "Next morning", colour: dark ? "#d6b0ff" : "#6a2c91", dash: [2, 3], point: "triangle" }
    ];
    var font = { size: phone ? 15 : 16, family: "system-ui, sans-serif" };
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: series.map(function (s) {
          return {
            label: s.label,
            data: data[s.key],
            borderColor: s.colour,
            backgroundColor: s.colour,
            borderWidth: 3,
            borderDash: s.dash,
            pointStyle: s.point,
            pointRadius: phone ? 4 : 5,
            pointHoverRadius: 8,
            spanGaps: true,
            tension: 0
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        color: fg,
        font: font,
        scales: {
          y: {
            min: 0, max: 10,
            ticks: { stepSize: 2, color: fg, font: font },
            grid: { color: grid },
            title: { display: !phone, text: "Pain (0 to 10)", color: fg, font: font }
          },
          x: {
            ticks: { color: fg, font: font, maxRotation: 0, autoSkip: true, maxTicksLimit: phone ? 4 : 8 },
            grid: { display: false }
          }
        },
        plugins: {
          legend: {
            position: "top",
            labels: { color: fg, font: font, usePointStyle: true, padding: 16, boxWidth: 12, boxHeight: 12 }
          },
          tooltip: { titleFont: font, bodyFont: font }
        }
      }
    });
    canvas.dataset.drawn = "true";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
