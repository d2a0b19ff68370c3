// The query page: YASGUI on this server's /sparql, the catalogue's questions in a picker.
(function () {
  "use strict";
  var catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  var first = catalogue.filter(function (q) { return q.name === "participants_by_helix"; })[0]
    || catalogue[0];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // no look-ups on other sites (LOV, prefix.cc): the page works offline
    yasqe: { autocompleters: ["prefixes", "variables"] },
  });
  function open(q) {
    return yasgui.addTab(true, {
      name: q.name, yasqe: { value: q.text }, requestConfig: { endpoint: endpoint },
    });
  }
  open(first);
  document.getElementById("question").addEventListener("change", function (event) {
    var q = catalogue.filter(function (c) { return c.name === event.target.value; })[0];
    if (q) { open(q); }
  });
  window.sekgYasgui = yasgui;
})();
