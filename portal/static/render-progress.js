// Record page: follow each edition's PDF rendering without a reload.
// Polls the record's progress.json while an edition is queued or being rendered, then
// shows the link to the PDF. Without JavaScript the page still says "PDF queued".
(function () {
  "use strict";
  var table = document.querySelector("table.editions[data-progress-url]");
  if (!table) { return; }
  var url = table.getAttribute("data-progress-url");
  var delay = 2000;

  function pending() {
    return table.querySelector('td.edition-pdf[data-render-status="queued"], ' +
                               'td.edition-pdf[data-render-status="rendering"]') !== null;
  }

  function show(cell, edition) {
    cell.setAttribute("data-render-status", edition.render_status);
    cell.textContent = "";
    if (edition.pdf_url) {
      var link = document.createElement("a");
      link.href = edition.pdf_url;
      link.type = "application/pdf";
      link.hreflang = cell.closest("tr").querySelector("th").getAttribute("lang") || "";
      link.textContent = edition.pdf_label;
      cell.appendChild(link);
    } else {
      cell.textContent = edition.label;
    }
  }

  function update(data) {
    data.editions.forEach(function (edition) {
      var cell = table.querySelector('td.edition-pdf[data-language="' + edition.language + '"]');
      if (cell && cell.getAttribute("data-render-status") !== edition.render_status) {
        show(cell, edition);
      }
    });
  }

  function poll() {
    if (!pending()) { return; }
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { update(data); }
        delay = Math.min(delay * 1.5, 15000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 15000); });
  }

  window.setTimeout(poll, delay);
}());
