// Track replay for an alert: both parties' fixes from a few minutes before the episode to its end (or
// now), read once from GET /api/alerts/{id}/track (scoped and audited like the positions), drawn as
// tracks; a time slider and play/pause move both markers through the stored fixes. While it is open the
// map's live refresh is paused.
'use strict';

window.StayawayReplay = (function () {
  const PLAY_STEP_MS = 400;

  /**
   * deps: {api, t, fmtTime, view(): the map, titleOf(who, fix), describe(respondent, prot): the summary line at
   * that moment, pauseLive(), resumeLive(), fail(prefix, err)}.
   * Elements: #replay-open, #replay-controls, #replay-play, #replay-slider, #replay-time, #replay-close.
   */
  function create(deps) {
    const $ = (id) => document.getElementById(id);
    let track = null;
    let times = [];
    let player = null;

    // Each party's last fix at or before the moment (null before its first fix).
    function at(party, time) {
      const fixes = (party && party.fixes) || [];
      let last = null;
      for (const f of fixes) {
        if (Date.parse(f.ts) <= time) { last = Object.assign({ deviceId: party.deviceId }, f); } else { break; }
      }
      return last;
    }

    function show(index) {
      if (!track || !times.length) { return; }
      const i = Math.max(0, Math.min(times.length - 1, index));
      $('replay-slider').value = String(i);
      const time = times[i];
      const respondent = at(track.respondent, time);
      const prot = at(track.protected, time);
      deps.view().replayAt(respondent, prot, deps.titleOf);
      deps.describe(respondent, prot);
      $('replay-time').textContent = deps.t('replayAt', { time: deps.fmtTime(new Date(time).toISOString()), n: i + 1, count: times.length });
      document.body.dataset.replayIndex = String(i);
    }

    function stop() {
      clearInterval(player);
      player = null;
      $('replay-play').textContent = deps.t('play');
      $('replay-play').dataset.playing = 'false';
    }

    function play() {
      if (player) { stop(); return; }
      if (Number($('replay-slider').value) >= times.length - 1) { show(0); }
      $('replay-play').textContent = deps.t('pause');
      $('replay-play').dataset.playing = 'true';
      player = setInterval(() => {
        const next = Number($('replay-slider').value) + 1;
        if (next >= times.length) { stop(); return; }
        show(next);
      }, PLAY_STEP_MS);
    }

    async function open(alertId) {
      stop();
      try {
        track = await deps.api('GET', '/api/alerts/' + encodeURIComponent(alertId) + '/track');
      } catch (e) {
        deps.fail(deps.t('err_replay'), e);
        return;
      }
      deps.pauseLive();
      const all = [];
      [track.respondent, track.protected].forEach(p => ((p && p.fixes) || []).forEach(f => all.push(Date.parse(f.ts))));
      times = [...new Set(all)].sort((a, b) => a - b);
      $('replay-open').hidden = true;
      $('replay-controls').hidden = false;
      $('replay-slider').min = '0';
      $('replay-slider').max = String(Math.max(0, times.length - 1));
      $('replay-slider').disabled = times.length === 0;
      $('replay-play').disabled = times.length < 2;
      let note = times.length ? '' : deps.t('replayEmpty');
      if (track.capped) { note += deps.t('replayCapped'); }
      if ((track.respondent && track.respondent.thinned) || (track.protected && track.protected.thinned)) { note += deps.t('replayThinned'); }
      $('replay-note').textContent = note;
      document.body.dataset.replayAlert = alertId;
      deps.view().tracks(track, deps.titleOf);
      if (times.length) { show(0); } else { $('replay-time').textContent = ''; }
    }

    function close() {
      stop();
      const wasOpen = track !== null;
      track = null;
      times = [];
      $('replay-controls').hidden = true;
      $('replay-open').hidden = false;
      delete document.body.dataset.replayAlert;
      delete document.body.dataset.replayIndex;
      if (wasOpen) { deps.resumeLive(); }
    }

    $('replay-slider').addEventListener('input', () => { stop(); show(Number($('replay-slider').value)); });
    $('replay-play').addEventListener('click', play);
    $('replay-close').addEventListener('click', close);

    return { open, close, active: () => track !== null, relabel: () => { if (track) { show(Number($('replay-slider').value)); stop(); } } };
  }

  return { create };
}());
