// The desk's map: the order's zones, warning bands and corridors, both parties' fixes with their
// accuracy, and (when replaying) both tracks, as Leaflet layers over the configured basemap. Without a
// tile source there is no basemap and nothing is fetched from outside the gateway. On a GCJ-02 basemap
// every position is converted for display only (StayawayGcj02); distances are measured on the raw
// WGS-84 fixes, as the gateway measures them.
'use strict';

window.StayawayMap = (function () {
  const STYLE = {
    exclusion: { color: '#b3141b', weight: 2, fillColor: '#b3141b', fillOpacity: 0.18 },
    inclusion: { color: '#2f8132', weight: 2, dashArray: '8 4', fillColor: '#2f8132', fillOpacity: 0.08 },
    mobile: { color: '#b3141b', weight: 2, dashArray: '6 4', fillColor: '#b3141b', fillOpacity: 0.10 },
    band: { color: '#f0a500', weight: 1.5, dashArray: '5 4', fillColor: '#f0a500', fillOpacity: 0.16 },
    corridor: { color: '#2f8132', weight: 1.5, dashArray: '3 3', fillColor: '#2f8132', fillOpacity: 0.2 },
    distance: { color: '#334e68', weight: 1.5, dashArray: '4 3', interactive: false }
  };
  const PARTY_COLOUR = { respondent: '#b3141b', protected: '#1565c0' };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function haversine(a, b) {
    const r = 6371008.8;
    const toRad = x => x * Math.PI / 180;
    const dLat = toRad(b.lat - a.lat);
    const dLon = toRad(b.lon - a.lon);
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
    return 2 * r * Math.asin(Math.sqrt(h));
  }

  function polygonsOf(geometry) {
    if (!geometry) { return []; }
    if (geometry.type === 'Polygon') { return [geometry.coordinates]; }
    if (geometry.type === 'MultiPolygon') { return geometry.coordinates; }
    return [];
  }

  // Local equirectangular projection in metres; exact enough over a few km for the summary line.
  function projection(lat0, lon0) {
    const kx = 111320 * Math.cos(lat0 * Math.PI / 180);
    const ky = 110540;
    return (lat, lon) => [(lon - lon0) * kx, -(lat - lat0) * ky];
  }

  function insideRing(pt, ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (((yi > pt[1]) !== (yj > pt[1])) && (pt[0] < (xj - xi) * (pt[1] - yi) / (yj - yi) + xi)) { inside = !inside; }
    }
    return inside;
  }

  function segmentDistance(p, a, b) {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = dx * dx + dy * dy;
    const u = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
    return Math.hypot(p[0] - (a[0] + u * dx), p[1] - (a[1] + u * dy));
  }

  /** Signed distance in metres from a fix to a zone's edge: negative inside. */
  function signedDistance(fix, zone) {
    const project = projection(fix.lat, fix.lon);
    const pt = [0, 0];
    if (zone.circle) {
      const c = project(zone.circle.lat, zone.circle.lon);
      return Math.hypot(c[0], c[1]) - zone.circle.radius;
    }
    let best = Infinity;
    let inside = false;
    polygonsOf(zone.geometry).forEach(poly => {
      const rings = poly.map(ring => ring.map(([lon, lat]) => project(lat, lon)));
      if (insideRing(pt, rings[0]) && !rings.slice(1).some(h => insideRing(pt, h))) { inside = true; }
      rings.forEach(ring => { for (let i = 1; i < ring.length; i++) { best = Math.min(best, segmentDistance(pt, ring[i - 1], ring[i])); } });
    });
    return best === Infinity ? null : (inside ? -best : best);
  }

  /** One line per fact: where the respondent is against each zone, how far apart they are. */
  function summarise(order, respondent, prot, t) {
    const summary = [];
    if (respondent) {
      // Every zone the respondent is inside, deepest first; if none, the nearest one.
      const distances = (order.zones || []).filter(z => z.type !== 'inclusion' && z.type !== 'mobile')
        .map(z => ({ zone: z.id, d: signedDistance(respondent, z) })).filter(x => x.d !== null).sort((a, b) => a.d - b.d);
      const inside = distances.filter(x => x.d < 0);
      (inside.length ? inside : distances.slice(0, 1)).forEach(x => {
        summary.push(t(x.d < 0 ? 'inside' : 'outside', { who: t('respondentShort'), m: Math.round(Math.abs(x.d)), zone: x.zone }));
      });
    }
    if (respondent && prot) { summary.push(t('apart', { m: Math.round(haversine(respondent, prot)) })); }
    return summary;
  }

  /**
   * Creates the map in the given element. settings: {tiles, attribution, maxZoom, subdomains, datum} from
   * GET /api/console/settings.
   */
  function create(element, settings) {
    const gcj = settings.datum === 'gcj02';
    // Positions as drawn: converted to GCJ-02 on a GCJ-02 basemap, as reported otherwise.
    const shown = (lat, lon) => (gcj ? window.StayawayGcj02.toGcj02(lat, lon) : [lat, lon]);
    const map = L.map(element, { maxZoom: settings.maxZoom || 19, zoomSnap: 1, worldCopyJump: false });
    map.attributionControl.setPrefix('Leaflet');
    if (settings.tiles) {
      L.tileLayer(settings.tiles, {
        attribution: escapeHtml(settings.attribution || ''),
        maxZoom: settings.maxZoom || 19,
        subdomains: settings.subdomains || 'abc'
      }).addTo(map);
      element.classList.add('with-basemap');
    } else {
      element.classList.add('offline');
    }
    L.control.scale({ imperial: false }).addTo(map);
    const order = L.layerGroup().addTo(map);
    const parties = L.layerGroup().addTo(map);
    const tracks = L.layerGroup().addTo(map);
    let polygonBands = [];
    let fittedFor = null;
    element.dataset.datum = gcj ? 'gcj02' : 'wgs84';

    function tag(layer, attrs) {
      const el = layer.getElement && layer.getElement();
      if (el) { Object.keys(attrs).forEach(k => el.setAttribute(k, attrs[k])); }
      return layer;
    }

    function ring(coords) { return coords.map(([lon, lat]) => shown(lat, lon)); }

    // A polygon's band is its outline drawn twice the band wide: the outer half is the band. Its width is in
    // pixels, so it follows the zoom.
    function bandWeights() {
      const zoom = map.getZoom();
      polygonBands.forEach(({ layer, metres, lat }) => {
        const metresPerPixel = 40075016.686 * Math.cos(lat * Math.PI / 180) / Math.pow(2, zoom + 8);
        layer.setStyle({ weight: Math.max(1, 2 * metres / metresPerPixel) });
      });
    }
    map.on('zoomend', bandWeights);

    function drawZones(o, prot) {
      order.clearLayers();
      polygonBands = [];
      (o.zones || []).forEach(z => {
        const kind = z.type === 'inclusion' ? 'inclusion' : 'exclusion';
        if (z.circle) {
          const c = shown(z.circle.lat, z.circle.lon);
          if (z.warningBuffer) {
            tag(L.circle(c, Object.assign({ radius: z.circle.radius + z.warningBuffer, className: 'warning-band' }, STYLE.band)).addTo(order), { 'data-zone-id': z.id });
          }
          tag(L.circle(c, Object.assign({ radius: z.circle.radius, className: 'zone zone-' + kind }, STYLE[kind])).addTo(order), { 'data-zone-id': z.id })
            .bindTooltip(escapeHtml(z.id), { permanent: false });
        }
        polygonsOf(z.geometry).forEach(poly => {
          const latlngs = poly.map(ring);
          if (z.warningBuffer) {
            const band = L.polygon(latlngs, { className: 'warning-band polygon-band', color: '#f0a500', opacity: 0.35, fill: false, lineJoin: 'round', interactive: false }).addTo(order);
            tag(band, { 'data-zone-id': z.id });
            polygonBands.push({ layer: band, metres: z.warningBuffer, lat: poly[0][0][1] });
          }
          tag(L.polygon(latlngs, Object.assign({ className: 'zone zone-' + kind }, STYLE[kind])).addTo(order), { 'data-zone-id': z.id })
            .bindTooltip(escapeHtml(z.id));
        });
        if (z.type === 'mobile' && prot) {
          const p = shown(prot.lat, prot.lon);
          if (z.warningDistance) {
            tag(L.circle(p, Object.assign({ radius: z.warningDistance, className: 'warning-band mobile' }, STYLE.band)).addTo(order), { 'data-zone-id': z.id });
          }
          tag(L.circle(p, Object.assign({ radius: z.minDistance, className: 'zone zone-mobile' }, STYLE.mobile)).addTo(order), { 'data-zone-id': z.id });
        }
      });
      (o.corridors || []).forEach(c => polygonsOf(c.geometry).forEach(poly => {
        L.polygon(poly.map(ring), Object.assign({ className: 'corridor' }, STYLE.corridor)).addTo(order);
      }));
      bandWeights();
    }

    /** A party's marker (the element id is marker-respondent or marker-protected) and its accuracy circle. */
    function drawParty(layer, who, fix, title) {
      const at = shown(fix.lat, fix.lon);
      L.circle(at, { radius: fix.acc, className: 'accuracy accuracy-' + who, color: PARTY_COLOUR[who], weight: 1, fillOpacity: 0.12, interactive: false }).addTo(layer);
      const marker = L.marker(at, {
        icon: L.divIcon({ className: 'marker marker-' + who, html: who === 'respondent' ? 'R' : 'P', iconSize: [22, 22] }),
        keyboard: false,
        title,
        zIndexOffset: who === 'respondent' ? 1000 : 500
      }).addTo(layer);
      const el = marker.getElement();
      el.id = 'marker-' + who;
      el.dataset.deviceId = fix.deviceId || '';
      el.dataset.ts = fix.ts;
      el.dataset.lat = String(at[0]);
      el.dataset.lon = String(at[1]);
      return at;
    }

    function drawParties(layer, respondent, prot, titleOf) {
      layer.clearLayers();
      const drawn = {};
      if (respondent && prot) {
        L.polyline([shown(respondent.lat, respondent.lon), shown(prot.lat, prot.lon)], Object.assign({ className: 'distance-line' }, STYLE.distance)).addTo(layer);
      }
      if (prot) { drawn.protected = drawParty(layer, 'protected', prot, titleOf('protected', prot)); }
      if (respondent) { drawn.respondent = drawParty(layer, 'respondent', respondent, titleOf('respondent', respondent)); }
      return drawn;
    }

    function fit(o, points) {
      const bounds = L.latLngBounds([]);
      (o.zones || []).forEach(z => {
        if (z.circle) { bounds.extend(L.latLng(shown(z.circle.lat, z.circle.lon)).toBounds(2 * (z.circle.radius + (z.warningBuffer || 0)))); }
        polygonsOf(z.geometry).forEach(poly => poly[0].forEach(([lon, lat]) => bounds.extend(shown(lat, lon))));
      });
      points.forEach(p => bounds.extend(L.latLng(p).toBounds(200)));
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: Math.min(17, settings.maxZoom || 19) }); } else { map.setView([0, 0], 2); }
    }

    return {
      /** Draws the order and both parties' latest fixes; fits the view the first time an order is shown. */
      draw(o, respondent, prot, titleOf) {
        map.invalidateSize();
        // The view is set before anything is drawn: Leaflet adds layers to a map only once it has one.
        if (fittedFor !== o.id) {
          fittedFor = o.id;
          fit(o, [respondent, prot].filter(Boolean).map(f => shown(f.lat, f.lon)));
        }
        drawZones(o, prot);
        tracks.clearLayers();
        drawParties(parties, respondent, prot, titleOf);
      },
      /** Draws both tracks as lines with a dot per fix (its time and accuracy in the dot's tooltip). */
      tracks(track, titleOf) {
        tracks.clearLayers();
        const points = [];
        [['respondent', track.respondent], ['protected', track.protected]].forEach(([who, party]) => {
          const fixes = (party && party.fixes) || [];
          const line = fixes.map(f => shown(f.lat, f.lon));
          points.push(...line);
          if (line.length > 1) { L.polyline(line, { className: 'track track-' + who, color: PARTY_COLOUR[who], weight: 2, opacity: 0.7, interactive: false }).addTo(tracks); }
          fixes.forEach((f, i) => {
            L.circleMarker(line[i], { radius: 3, className: 'track-fix track-fix-' + who, color: PARTY_COLOUR[who], weight: 1, fillOpacity: 0.6 })
              .bindTooltip(escapeHtml(titleOf(who, Object.assign({ deviceId: party.deviceId }, f)))).addTo(tracks);
          });
        });
        if (points.length) { map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: Math.min(17, settings.maxZoom || 19) }); }
      },
      /** Puts the parties' markers where they were (null: not yet seen at that moment). */
      replayAt(respondent, prot, titleOf) {
        drawParties(parties, respondent, prot, titleOf);
      },
      summarise
    };
  }

  return { create, summarise };
}());
