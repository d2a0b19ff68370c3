// The behaviour of a network view page: draw the network from the embedded data, stop the
// physics once the layout has settled, filter and search, open a node's page on click.
// State for tests and curious users is on window.sekg.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sekg-data").textContent);
  var words = data.words;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var sekg = { network: network, nodes: nodes, edges: edges, ready: false, readyAt: null };
  window.sekg = sekg;

  function ready() {
    if (sekg.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    sekg.ready = true;
    sekg.readyAt = performance.now();
    document.body.classList.add("ready");
  }
  network.once("stabilizationIterationsDone", ready);
  network.once("stabilized", ready);
  if (!data.options.physics || !data.options.physics.enabled || nodes.length < 2) {
    window.setTimeout(ready, 0);
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-facet]"));
  var nameInput = document.getElementById("filter-name");
  var neighbours = document.getElementById("filter-neighbours");
  var shown = document.getElementById("shown");

  function matches(node, chosen, query) {
    if (node.pinned) { return true; }
    for (var facet in chosen) {
      var values = (node.facets && node.facets[facet]) || [];
      if (values.indexOf(chosen[facet]) < 0) { return false; }
    }
    return !query || fold(node.name || node.label).indexOf(query) >= 0;
  }

  function visibleCount() {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
  }
  sekg.visibleCount = visibleCount;

  function apply() {
    var chosen = {};
    selects.forEach(function (s) { if (s.value) { chosen[s.dataset.facet] = s.value; } });
    var query = fold(nameInput.value.trim());
    var keep = {};
    var found = [];
    nodes.forEach(function (n) {
      if (matches(n, chosen, query)) {
        keep[n.id] = true;
        if (!n.pinned) { found.push(n.id); }
      }
    });
    if (neighbours.checked) {
      found.forEach(function (id) {
        network.getConnectedNodes(id).forEach(function (other) { keep[other] = true; });
      });
    }
    var changes = [];
    nodes.forEach(function (n) {
      var hidden = !keep[n.id];
      if (Boolean(n.hidden) !== hidden) { changes.push({ id: n.id, hidden: hidden }); }
    });
    nodes.update(changes);
    if (query && found.length === 1) {
      network.selectNodes([found[0]]);
      network.focus(found[0], { scale: 1.3, animation: false });
    }
    shown.textContent = words["filter.shown"]
      .replace("{shown}", visibleCount()).replace("{total}", nodes.length);
  }
  sekg.apply = apply;

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  nameInput.addEventListener("input", apply);
  neighbours.addEventListener("change", apply);
  document.getElementById("filter-reset").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    nameInput.value = "";
    neighbours.checked = false;
    apply();
    network.fit({ animation: false });
  });
  apply();

  // a click on a node opens its page (an entity page, or the view of a group)
  network.on("click", function (params) {
    if (params.nodes.length !== 1) { return; }
    var node = nodes.get(params.nodes[0]);
    if (node && node.url) { window.location.assign(node.url); }
  });
  network.on("hoverNode", function () { container.style.cursor = "pointer"; });
  network.on("blurNode", function () { container.style.cursor = "default"; });
})();
