// China's coordinate offset (GCJ-02) for the duty-desk map: docs/console.md, "China's coordinate offset (GCJ-02)".
// Mainland-China tile providers (AMap/Gaode, Tencent) draw their streets in GCJ-02, a state-mandated, deliberately
// distorted copy of WGS-84, mostly 100-700 m off (down to ~20 m in parts of Qinghai). The formula is not official:
// this is the widely used public ("eviltransform") reconstruction. To put a WGS-84 fix on such tiles, the console
// shifts it with toGcj02 just before drawing it; a point picked on such a map comes back with toWgs84.
// DISPLAY ONLY: nothing converted here is ever stored, evaluated against a zone or exported as evidence; the
// gateway keeps, judges and exports the WGS-84 fixes the devices sent.
// Accuracy (CoordinateOffsetIT, in headless Chromium): toGcj02 reproduces the published reference pairs exactly
// (0 degrees apart); toWgs84 inverts it by fixed-point iteration, not the one-step approximation (up to ~5 m off),
// and a round trip over 4,000 points across China loses at most 0.0005 mm. These figures are against the public
// formula; how closely it matches a provider's own, unpublished transform is not measured here.
// Hand-written because no well-kept JS transform library (e.g. gcoord) is available to us as a WebJar.
// Loaded as a classic script (no modules, no build step); defines window.StayawayGcj02 and nothing else.
(function () {
  'use strict';

  // Krasovsky 1940 ellipsoid, which the published WGS-84 -> GCJ-02 formula is written against.
  const SEMI_MAJOR_AXIS = 6378245.0; // metres
  const ECCENTRICITY_SQUARED = 0.00669342162296594323;

  // The rough box the formula is applied in (it takes in some neighbours and sea); outside it GCJ-02 = WGS-84.
  const BOX = { minLat: 0.8293, maxLat: 55.8271, minLon: 72.004, maxLon: 137.8347 };

  // The inverse stops when a step moves the point less than this (about 0.1 mm), or after this many steps.
  const INVERSE_TOLERANCE_DEGREES = 1e-9;
  const INVERSE_MAX_STEPS = 10;

  function requireCoordinate(lat, lon) {
    if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new TypeError('StayawayGcj02: latitude and longitude must be finite numbers, got ' + lat + ', ' + lon);
    }
  }

  function outsideChina(lat, lon) {
    requireCoordinate(lat, lon);
    return lon < BOX.minLon || lon > BOX.maxLon || lat < BOX.minLat || lat > BOX.maxLat;
  }

  // The published distortion, in "metres-like" units on a plane centred on 35 N, 105 E (x east, y north).
  function sines(u, k6, k2) {
    return (k6 * Math.sin(6 * u * Math.PI) + k2 * Math.sin(2 * u * Math.PI)) * 2 / 3;
  }

  function northing(x, y) {
    const polynomial = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    const waves = (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3
      + (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y / 30 * Math.PI)) * 2 / 3;
    return polynomial + sines(x, 20, 20) + waves;
  }

  function easting(x, y) {
    const polynomial = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    const waves = (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3
      + (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
    return polynomial + sines(x, 20, 20) + waves;
  }

  // The GCJ-02 offset of a WGS-84 point inside the box, in degrees [dLat, dLon]: the planar distortion turned
  // into degrees with the Krasovsky meridian and prime-vertical radii of curvature at that latitude.
  function offsetDegrees(lat, lon) {
    const x = lon - 105;
    const y = lat - 35;
    const phi = lat / 180 * Math.PI;
    const sinPhi = Math.sin(phi);
    const w2 = 1 - ECCENTRICITY_SQUARED * sinPhi * sinPhi;
    const w = Math.sqrt(w2);
    const meridianRadius = SEMI_MAJOR_AXIS * (1 - ECCENTRICITY_SQUARED) / (w2 * w);
    const primeVerticalRadius = SEMI_MAJOR_AXIS / w;
    return [
      northing(x, y) * 180 / (meridianRadius * Math.PI),
      easting(x, y) * 180 / (primeVerticalRadius * Math.cos(phi) * Math.PI)
    ];
  }

  // WGS-84 -> GCJ-02, [lat, lon]; points outside the box come back unchanged.
  function toGcj02(lat, lon) {
    if (outsideChina(lat, lon)) {
      return [lat, lon];
    }
    const d = offsetDegrees(lat, lon);
    return [lat + d[0], lon + d[1]];
  }

  // GCJ-02 -> WGS-84, [lat, lon]: the WGS-84 point whose GCJ-02 image is the given point, found by fixed-point
  // iteration wgs <- gcj - offset(wgs) from wgs = gcj (the offset changes by under a millimetre per metre, so
  // each step gains about three digits). Points outside the box come back unchanged; within ~700 m of the box's
  // edges (far from China) the inverse is not exact.
  function toWgs84(lat, lon) {
    if (outsideChina(lat, lon)) {
      return [lat, lon];
    }
    let wgsLat = lat;
    let wgsLon = lon;
    for (let step = 0; step < INVERSE_MAX_STEPS; step++) {
      const d = offsetDegrees(wgsLat, wgsLon);
      const nextLat = lat - d[0];
      const nextLon = lon - d[1];
      const change = Math.max(Math.abs(nextLat - wgsLat), Math.abs(nextLon - wgsLon));
      wgsLat = nextLat;
      wgsLon = nextLon;
      if (change < INVERSE_TOLERANCE_DEGREES) {
        break;
      }
    }
    return [wgsLat, wgsLon];
  }

  window.StayawayGcj02 = Object.freeze({ toGcj02: toGcj02, toWgs84: toWgs84, outsideChina: outsideChina });
})();
