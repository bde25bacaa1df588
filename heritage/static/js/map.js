// Maps of sites with Leaflet. Markers come from our own server, so the map still shows where
// sites are when OpenStreetMap's tiles cannot load (offline, blocked); the list never depends on it.
(function () {
  "use strict";
  if (typeof L === "undefined") return;
  L.Icon.Default.imagePath = document.querySelector('script[src*="leaflet.js"]').src.replace(/leaflet\.js.*$/, "images/");

  var TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var GENERALISED_RADIUS_M = 10000;
  // Messages in the reader's language (forms.js reads them from the page); English without.
  var T = window.HeritageText || {
    text: function (key, english) { return english; },
    around: function (key, english, name) { var parts = english.split("%(" + name + ")s"); return [parts[0], parts[1] || ""]; }
  };

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (char) { return "&#" + char.charCodeAt(0) + ";"; });
  }

  // Leaflet takes the attribution as HTML: our words escaped, around the link to the licence.
  function attribution() {
    var parts = T.around("map.attribution", "© %(openstreetmap)s contributors", "openstreetmap");
    return escapeHtml(parts[0]) + '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' + escapeHtml(parts[1]);
  }

  // Country outlines shipped with the app, drawn beneath the tiles: when the tiles cannot load
  // (no connection, blocked), the markers still sit on a recognisable map.
  function offlineBasemap(map, url) {
    if (!url || typeof topojson === "undefined") return;
    map.createPane("basemap").style.zIndex = 150;
    fetch(url)
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        var countries = topojson.feature(topology, topology.objects.countries);
        L.geoJSON(countries, { pane: "basemap", className: "basemap-country", interactive: false }).addTo(map);
      })
      .catch(function () { /* the markers and the list still work */ });
  }

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false, worldCopyJump: true, zoomControl: false });
    L.control.zoom({
      zoomInTitle: T.text("map.zoom_in", "Zoom in"),
      zoomOutTitle: T.text("map.zoom_out", "Zoom out")
    }).addTo(map);
    // Leaflet names a popup's close button in English, whatever the page's language.
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", T.text("map.close_popup", "Close popup"));
    });
    offlineBasemap(map, element.dataset.basemap);
    L.tileLayer(TILE_URL, { maxZoom: 18, attribution: attribution() }).addTo(map);
    element.classList.add("map-ready");
    return map;
  }

  // Leaflet writes a string given as a tooltip or popup into the page as HTML, and site names are
  // typed by contributors and shown to anonymous visitors: every label is built from text nodes.
  function textLabel(text) {
    var label = document.createElement("span");
    label.textContent = text;
    return label;
  }

  // "Palmyra (approximate position)", the name isolated (<bdi>) in the sentence around it.
  function approximateLabel(name) {
    var parts = T.around("map.approximate", "%(name)s (approximate position)", "name");
    var label = textLabel(parts[0]);
    var isolated = document.createElement("bdi");
    isolated.textContent = name;
    label.append(isolated, parts[1]);
    return label;
  }

  // A generalised position is drawn as an area, never as a pin that looks exact: a circle of
  // about 10 km on a site's own map, a fixed-size ring on the overview where 10 km is a dot.
  function addSite(map, lat, lon, precision, name, url, overview) {
    var layer;
    if (precision === "generalised") {
      layer = overview
        ? L.circleMarker([lat, lon], { radius: 11, className: "site-area" })
        : L.circle([lat, lon], { radius: GENERALISED_RADIUS_M, className: "site-area" });
      layer.bindTooltip(approximateLabel(name));
    } else {
      layer = L.marker([lat, lon], { title: name, alt: name, keyboard: true });
    }
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = name;
      layer.bindPopup(link);
    }
    return layer.addTo(map);
  }

  function sitesMap(element) {
    var map = baseMap(element);
    map.setView([33, 40], 4);
    fetch(element.dataset.source, { headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (collection) {
        var layers = collection.features.map(function (feature) {
          var coordinates = feature.geometry.coordinates, props = feature.properties;
          return addSite(map, coordinates[1], coordinates[0], props.precision, props.name, "/sites/" + encodeURIComponent(props.slug), true);
        });
        element.dataset.markers = String(layers.length);
        if (layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.3), { maxZoom: 8 });
      })
      .catch(function () {
        var message = document.createElement("p");
        message.className = "map-error";
        message.textContent = T.text("map.load_failed", "The map data could not be loaded; the list shows every site.");
        element.appendChild(message);
      });
  }

  function siteMap(element) {
    var map = baseMap(element);
    var lat = parseFloat(element.dataset.lat), lon = parseFloat(element.dataset.lon);
    var generalised = element.dataset.precision === "generalised";
    map.setView([lat, lon], generalised ? 9 : 13);  // layers need a view before they are drawn
    addSite(map, lat, lon, element.dataset.precision, element.dataset.name, null, false);
    element.dataset.markers = "1";
    if (element.dataset.outline) {
      var outline = L.geoJSON(JSON.parse(element.dataset.outline), { className: "site-outline" }).addTo(map);
      map.fitBounds(outline.getBounds().pad(0.2));
    }
  }

  // The site form's map: a click, or dragging the marker, writes the position into the
  // position box (which the server reads); what is typed there moves the marker once the
  // server has read it back (read-back.js). Without JavaScript the box alone does the job.
  function pickerMap(element) {
    var input = document.getElementById(element.dataset.for);
    element.hidden = false;
    var map = baseMap(element);
    var marker = null;

    function write(latlng) {
      var wrapped = latlng.wrap();
      input.value = wrapped.lat.toFixed(6) + ", " + wrapped.lng.toFixed(6);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function place(lat, lon, zoom) {
      if (!marker) {
        var title = T.text("map.site_position", "The site's position");
        marker = L.marker([lat, lon], { draggable: true, keyboard: true, title: title, alt: title }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng([lat, lon]);
      }
      if (zoom) map.setView([lat, lon], zoom);
    }

    if (element.dataset.lat) place(parseFloat(element.dataset.lat), parseFloat(element.dataset.lon), 12);
    else map.setView([33, 40], 4);
    map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng); write(event.latlng); });
    input.addEventListener("read-back", function (event) {
      if (typeof event.detail.latitude === "number") {
        place(event.detail.latitude, event.detail.longitude, Math.max(map.getZoom(), 9));
      }
    });
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    if (element.dataset.map === "sites") sitesMap(element);
    else if (element.dataset.map === "picker") pickerMap(element);
    else siteMap(element);
  });
})();
