// Stayaway duty-desk console. Plain browser JavaScript, no build step, no external resource.
// Talks only to the gateway's own API with the bearer token from POST /api/login; the live queue
// is read from GET /api/alerts/stream with fetch() (EventSource cannot send the Authorization header,
// and a token in the URL would land in logs).
'use strict';

(function () {
  const I18N = window.StayawayI18n;
  const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  const POSITION_REFRESH_MS = 10000;

  const state = {
    lang: initialLanguage(),
    token: sessionStorage.getItem('stayaway.token'),
    role: sessionStorage.getItem('stayaway.role'),
    user: sessionStorage.getItem('stayaway.user'),
    alerts: new Map(),      // id -> alert JSON (newest version by updatedAt)
    shownAt: new Map(),     // id -> Date.now() when it first reached the queue on screen
    fresh: new Set(),       // ids that arrived live and nobody has looked at yet
    selected: null,
    detail: null,
    orders: new Map(),      // orderId -> order JSON
    stream: null,           // AbortController of the open stream
    streamRetry: null,
    positionsTimer: null,
    mapOrder: null
  };

  const $ = (id) => document.getElementById(id);

  // The officer's own choice (the toggle), else the browser's languages (what it sends as Accept-Language).
  function initialLanguage() {
    const chosen = localStorage.getItem('stayaway.lang');
    if (chosen === 'zh' || chosen === 'en') { return chosen; }
    const first = (navigator.languages || [navigator.language || 'en'])
      .map(l => String(l).toLowerCase()).find(l => l.startsWith('zh') || l.startsWith('en'));
    return first && first.startsWith('zh') ? 'zh' : 'en';
  }

  // ---------- text ----------

  function t(key, vars) {
    let s = (I18N[state.lang][key] !== undefined ? I18N[state.lang][key] : I18N.en[key]);
    if (s === undefined) { return key; }
    if (vars) { Object.keys(vars).forEach(k => { s = s.split('{' + k + '}').join(String(vars[k])); }); }
    return s;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('appTitle');
    document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    $('lang-toggle').textContent = state.lang === 'zh' ? 'English' : '中文';
    renderWho();
    renderQueue();
    if (state.detail) { renderDetail(state.detail); }
    if (state.mapData && !replay.active()) { drawMap(state.mapData.order, state.mapData.positions); }
    replay.relabel();
    if (state.courtData) { renderCourt(state.courtData.order, state.courtData.alerts); }
    if (state.role === 'caseworker') { cases.relabel(); }
    setStreamStatus(state.streamStatus);
  }

  function fmtTime(iso) {
    if (!iso) { return '—'; }
    const d = new Date(iso);
    return d.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  }

  function fmtAge(iso) {
    if (!iso) { return '—'; }
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    const zh = state.lang === 'zh';
    if (s < 120) { return s + (zh ? ' 秒前' : ' s'); }
    const m = Math.round(s / 60);
    return m < 120 ? m + (zh ? ' 分钟前' : ' min') : Math.round(m / 60) + (zh ? ' 小时前' : ' h');
  }

  // ---------- errors ----------

  class ApiFailure extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function describe(err) {
    if (err instanceof ApiFailure) {
      return (err.status ? 'HTTP ' + err.status + ' ' : '') + (err.code ? '(' + err.code + ') ' : '') + err.message;
    }
    return t('err_network') + ' (' + (err && err.message ? err.message : String(err)) + ')';
  }

  function showError(text) {
    $('error-text').textContent = text;
    $('error-banner').hidden = false;
  }

  function fail(prefix, err) {
    showError(prefix + ': ' + describe(err));
  }

  // ---------- API ----------

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (state.token) { headers['Authorization'] = 'Bearer ' + state.token; }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch (e) {
      throw new ApiFailure(0, 'network', t('err_network'));
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      const failure = new ApiFailure(res.status, json && json.error ? json.error : 'http_' + res.status,
        json && json.message ? json.message : (text || res.statusText));
      if (res.status === 401 && path !== '/api/login') { sessionEnded(); }
      if (res.status === 403 && failure.code === 'password_change_required') { askPasswordChange(); }
      throw failure;
    }
    return json;
  }

  function sessionEnded() {
    logout();
    showError(t('sessionExpired'));
  }

  // ---------- login ----------

  async function login(ev) {
    ev.preventDefault();
    const username = $('username').value.trim();
    const password = $('password').value;
    $('login-submit').disabled = true;
    try {
      const r = await api('POST', '/api/login', { username, password });
      state.token = r.token;
      state.role = r.role;
      state.user = username;
      sessionStorage.setItem('stayaway.token', r.token);
      sessionStorage.setItem('stayaway.role', r.role);
      sessionStorage.setItem('stayaway.user', username);
      $('password').value = '';
      $('error-banner').hidden = true;
      if (r.mustChangePassword) { askPasswordChange(); return; }
      enter();
    } catch (e) {
      fail(t('err_login'), e);
    } finally {
      $('login-submit').disabled = false;
    }
  }

  // ---------- own password ----------

  // An administrator's reset leaves the user able to do one thing: set their own password. Changing it ends
  // every token of theirs, so the console signs in again with the new one and carries on.
  function askPasswordChange() {
    if (state.stream) { state.stream.abort(); state.stream = null; }
    clearTimeout(state.streamRetry);
    ['pw-current', 'pw-new', 'pw-repeat'].forEach(id => { $(id).value = ''; });
    $('pw-status').textContent = '';
    if (!$('password-dialog').open) { $('password-dialog').showModal(); }
  }

  async function changePassword(ev) {
    ev.preventDefault();
    const current = $('pw-current').value;
    const password = $('pw-new').value;
    if (password.length < 12) { $('pw-status').textContent = t('pwTooShort'); return; }
    if (password !== $('pw-repeat').value) { $('pw-status').textContent = t('pwMismatch'); return; }
    try {
      await api('POST', '/api/users/' + encodeURIComponent(state.user) + '/password', { currentPassword: current, password });
      const r = await api('POST', '/api/login', { username: state.user, password });
      state.token = r.token;
      sessionStorage.setItem('stayaway.token', r.token);
      $('password-dialog').close();
      $('error-banner').hidden = true;
      enter();
    } catch (e) {
      $('pw-status').textContent = t('err_password') + ': ' + describe(e);
    }
  }

  function logout() {
    if (state.stream) { state.stream.abort(); state.stream = null; }
    clearTimeout(state.streamRetry);
    replay.close();
    cases.close();
    clearInterval(state.positionsTimer);
    ['stayaway.token', 'stayaway.role', 'stayaway.user', 'stayaway.alarmMuted'].forEach(k => sessionStorage.removeItem(k));
    Object.assign(state, { token: null, role: null, user: null, selected: null, detail: null, mapData: null, courtData: null, mapOrder: null });
    state.alerts.clear(); state.shownAt.clear(); state.fresh.clear(); state.orders.clear();
    $('app-view').hidden = true;
    $('login-view').hidden = false;
    $('logout').hidden = true;
    $('who').hidden = true;
    $('stream-status').hidden = true;
    $('detail').hidden = true;
    $('no-selection').hidden = false;
    $('map-panel').hidden = true;
    $('queue').textContent = '';
    $('court-alerts').textContent = '';
    $('court-order').hidden = true;
    updateAlarm();
  }

  function enter() {
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    renderWho();
    const court = state.role === 'court';
    // A caseworker sees summaries, alert lists and follow-ups of their organisation's orders: no queue, no map.
    const caseworker = state.role === 'caseworker';
    $('queue-panel').hidden = court || caseworker;
    $('court-panel').hidden = !court;
    $('cw-panel').hidden = !caseworker;
    $('no-selection').hidden = caseworker;
    document.body.dataset.role = state.role;
    if (caseworker) {
      cases.open();
    } else if (!court) {
      openStream();
    }
  }

  function renderWho() {
    if (!state.token) { return; }
    $('who').textContent = t('signedInAs', { user: state.user, role: t('role_' + state.role) });
    $('who').hidden = false;
  }

  // ---------- live stream ----------

  function setStreamStatus(status) {
    state.streamStatus = status;
    const el = $('stream-status');
    if (!status) { el.hidden = true; return; }
    el.hidden = false;
    el.textContent = t(status);
    el.className = 'stream-status ' + status;
  }

  async function openStream() {
    const controller = new AbortController();
    state.stream = controller;
    let res;
    try {
      res = await fetch('/api/alerts/stream', { headers: { 'Authorization': 'Bearer ' + state.token, 'Accept': 'text/event-stream' },
        signal: controller.signal, cache: 'no-store' });
    } catch (e) {
      if (!controller.signal.aborted) { setStreamStatus('reconnecting'); retryStream(); }
      return;
    }
    if (!res.ok) {
      let body = {};
      try { body = await res.json(); } catch (e) { body = {}; }
      if (res.status === 401) { sessionEnded(); return; }
      if (res.status === 403 && body.error === 'password_change_required') { setStreamStatus(null); askPasswordChange(); return; }
      fail(t('err_stream'), new ApiFailure(res.status, body.error, body.message || res.statusText));
      setStreamStatus('reconnecting');
      retryStream();
      return;
    }
    setStreamStatus('live');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          onFrame(frame);
        }
      }
    } catch (e) {
      // aborted on logout, or the connection dropped: reconnect below unless aborted
    }
    if (!controller.signal.aborted && state.token) {
      setStreamStatus('reconnecting');
      retryStream();
    }
  }

  function retryStream() {
    clearTimeout(state.streamRetry);
    state.streamRetry = setTimeout(() => { if (state.token) { openStream(); } }, 1000);
  }

  function onFrame(frame) {
    let event = 'message';
    const data = [];
    frame.split('\n').forEach(line => {
      if (line.startsWith(':')) { return; }
      if (line.startsWith('event:')) { event = line.slice(6).trim(); }
      if (line.startsWith('data:')) { data.push(line.slice(5).replace(/^ /, '')); }
    });
    if (!data.length) { return; }
    const payload = JSON.parse(data.join('\n'));
    if (event === 'snapshot') {
      payload.alerts.forEach(a => upsert(a, false));
      renderQueue();
      document.body.dataset.snapshotAt = String(Date.now());
    } else if (event === 'alert') {
      upsert(payload.alert, payload.change === 'CREATED');
      renderQueue();
      if (state.selected === payload.alert.id) { loadDetail(payload.alert.id, true); }
      if (state.mapOrder === payload.alert.orderId) { refreshPositions(); }
    } else if (event === 'failure') {
      showError(t('err_stream') + ': ' + payload.message);
    }
  }

  function upsert(alert, isNew) {
    const known = state.alerts.get(alert.id);
    if (known && known.updatedAt && alert.updatedAt && new Date(known.updatedAt) > new Date(alert.updatedAt)) { return; }
    state.alerts.set(alert.id, alert);
    if (isNew && !known) { state.fresh.add(alert.id); }
    if (alert.state === 'ACKNOWLEDGED' || alert.state === 'DISPATCHED' || alert.state === 'RESOLVED') { state.fresh.delete(alert.id); }
  }

  // ---------- queue ----------

  // Keyed update: an item keeps its element while it stays in the queue, so a click or keyboard
  // focus is never lost to a re-render when another alert changes.
  function renderQueue() {
    const list = $('queue');
    if (!list) { return; }
    const open = [...state.alerts.values()].filter(a => a.state !== 'RESOLVED').sort((a, b) =>
      (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) || (new Date(b.openedAt) - new Date(a.openedAt)));
    const existing = new Map([...list.children].map(li => [li.dataset.id, li]));
    const now = Date.now();
    open.forEach(a => {
      let li = existing.get(a.id);
      existing.delete(a.id);
      if (!li) {
        li = document.createElement('li');
        li.dataset.id = a.id;
        li.tabIndex = 0;
        li.addEventListener('click', () => select(a.id));
        li.addEventListener('keydown', e => { if (e.key === 'Enter') { select(a.id); } });
      }
      li.className = 'alert-item sev-' + a.severity + ' state-' + a.state.toLowerCase();
      if (state.fresh.has(a.id)) { li.classList.add('fresh'); }
      if (state.selected === a.id) { li.classList.add('selected'); }
      li.dataset.severity = a.severity;
      li.dataset.type = a.type;
      li.dataset.state = a.state;
      li.dataset.order = a.orderId;
      const top = document.createElement('div');
      top.className = 'line1';
      const sev = document.createElement('span');
      sev.className = 'sev sev-' + a.severity;
      sev.textContent = t('sev_' + a.severity);
      const type = document.createElement('span');
      type.className = 'type';
      type.textContent = t('type_' + a.type);
      top.append(sev, type);
      const bottom = document.createElement('div');
      bottom.className = 'line2';
      bottom.textContent = a.orderId + ' · ' + t('state_' + a.state) + ' · ' + fmtTime(a.openedAt) + (a.late ? t('lateNote') : '');
      li.replaceChildren(top, bottom);
      list.appendChild(li); // appends new items, moves known ones into sorted order
      if (!state.shownAt.has(a.id)) { state.shownAt.set(a.id, now); }
      li.dataset.shownAt = String(state.shownAt.get(a.id));
    });
    existing.forEach(li => li.remove());
    $('queue-count').textContent = String(open.length);
    $('queue-empty').hidden = open.length > 0;
    updateAlarm();
  }

  function select(id) {
    state.selected = id;
    state.fresh.delete(id);
    renderQueue();
    loadDetail(id, false);
  }

  // ---------- detail and actions ----------

  async function loadDetail(id, quiet) {
    try {
      const d = await api('GET', '/api/alerts/' + encodeURIComponent(id));
      if (state.selected !== id) { return; }
      state.detail = d;
      renderDetail(d);
      if (state.role === 'desk' && (!quiet || state.mapOrder !== d.orderId)) { loadMap(d.orderId); }
    } catch (e) {
      fail(t('err_detail'), e);
    }
  }

  function renderDetail(d) {
    $('detail').hidden = false;
    $('no-selection').hidden = true;
    $('detail').dataset.id = d.id;
    $('detail').dataset.state = d.state;
    $('detail-type').textContent = t('type_' + d.type);
    $('detail-severity').textContent = t('sev_' + d.severity);
    $('detail-severity').className = 'sev sev-' + d.severity;
    $('detail-order').textContent = d.orderId;
    $('detail-state').textContent = t('state_' + d.state);
    $('detail-opened').textContent = fmtTime(d.openedAt) + (d.late ? t('lateNote') : '');
    $('detail-rule').textContent = d.ruleId || '—';
    renderExplanation(d);
    $('detail-outcome').textContent = d.outcome ? t('outcome_' + d.outcome) : '—';
    const desk = state.role === 'desk';
    $('actions').hidden = !desk || d.state === 'RESOLVED';
    if (desk) {
      $('btn-ack').disabled = !(d.state === 'OPEN' || d.state === 'NOTIFIED');
      $('btn-dispatch').disabled = d.state !== 'ACKNOWLEDGED';
      $('dispatch-unit').disabled = d.state !== 'ACKNOWLEDGED';
      const resolvable = d.state === 'ACKNOWLEDGED' || d.state === 'DISPATCHED';
      $('btn-resolve').disabled = !resolvable;
      $('resolve-outcome').disabled = !resolvable;
      $('resolve-note').disabled = !resolvable;
    }
    $('evidence-box').hidden = state.role !== 'court';
    const body = $('lifecycle-body');
    body.textContent = '';
    (d.lifecycle || []).forEach(step => {
      const tr = document.createElement('tr');
      const change = (step.from ? t('state_' + step.from) + ' → ' : '') + t('state_' + step.to) + (step.outcome ? ' (' + t('outcome_' + step.outcome) + ')' : '');
      [fmtTime(step.at), change, step.actor || '—', step.note || ''].forEach(text => {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    renderNotifications(d);
  }

  // Every text and call the alert caused, and where its delivery stands; a warning text the protected person's
  // budget withheld is listed too, with the reason in the officer's language.
  function renderNotifications(d) {
    const body = $('notifications-body');
    body.textContent = '';
    (d.notifications || []).forEach(n => {
      const tr = document.createElement('tr');
      tr.dataset.state = n.state;
      tr.dataset.role = n.recipientRole || '';
      if (n.suppression) { tr.className = 'suppressed'; }
      const channel = t('ch_' + n.channel) + (n.purpose && n.purpose !== 'initial' ? t('purpose_' + n.purpose) : '');
      const delivery = n.suppression ? suppressionText(n.suppression)
        : t('nstate_' + n.state) + (n.providerStatus ? ' (' + n.providerStatus + ')' : '');
      [fmtTime(n.sentAt || n.createdAt), t('rcpt_' + n.recipientRole), channel, delivery].forEach(text => {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function suppressionText(s) {
    if (s.reason === 'repeat') {
      return t('supp_repeat', { min: isoMinutes(s.repeatQuiet), time: fmtClock(s.after) });
    }
    return s.dailyCap === 0 ? t('supp_off') : t('supp_daily_cap', { cap: s.dailyCap });
  }

  // Whole minutes of an ISO-8601 duration as the server writes it (PT30M, PT1H30M, PT45S).
  function isoMinutes(iso) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
    if (!m) { return iso; }
    return (Number(m[1] || 0) * 60) + Number(m[2] || 0) + Math.floor(Number(m[3] || 0) / 60);
  }

  function fmtClock(iso) {
    if (!iso) { return '—'; }
    return new Date(iso).toLocaleTimeString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
  }

  // The engine writes its explanation in English (it is also evidence, word for word). A Chinese desk reads
  // the alert's figures in Chinese first, then the engine's own words.
  function renderExplanation(d) {
    const original = (d.detail && d.detail.explanation) || '—';
    const el = $('detail-explanation');
    if (state.lang !== 'zh' || !d.detail) { el.textContent = original; return; }
    const facts = [];
    if (d.ruleId) { facts.push('规则“' + d.ruleId + '”'); }
    if (d.detail.minDistanceMetres !== null && d.detail.minDistanceMetres !== undefined) {
      const m = Math.round(Math.abs(d.detail.minDistanceMetres) * 10) / 10;
      facts.push(d.detail.minDistanceMetres < 0 ? '最深进入区域 ' + m + ' 米' : '最近距离 ' + m + ' 米');
    }
    if (d.detail.accuracyMetres !== null && d.detail.accuracyMetres !== undefined) { facts.push('定位误差 ' + Math.round(d.detail.accuracyMetres * 10) / 10 + ' 米'); }
    if (d.episodeStart) { facts.push('事件开始于 ' + fmtTime(d.episodeStart)); }
    const summary = document.createElement('div');
    summary.className = 'explanation-zh';
    summary.textContent = facts.join('；') + '。';
    const raw = document.createElement('div');
    raw.className = 'explanation-original';
    raw.textContent = '系统原文：' + original;
    el.replaceChildren(summary, raw);
  }

  async function act(action) {
    const d = state.detail;
    if (!d) { return; }
    let body = {};
    if (action === 'dispatch') {
      const unit = $('dispatch-unit').value.trim();
      if (!unit) { showError(t('needUnit')); return; }
      body = { note: unit };
    } else if (action === 'resolve') {
      const outcome = $('resolve-outcome').value;
      if (!outcome) { showError(t('needOutcome')); return; }
      body = { outcome };
      const note = $('resolve-note').value.trim();
      if (note) { body.note = note; }
    }
    const buttons = ['btn-ack', 'btn-dispatch', 'btn-resolve'].map($);
    buttons.forEach(b => { b.disabled = true; });
    try {
      const updated = await api('POST', '/api/alerts/' + encodeURIComponent(d.id) + '/' + action, body);
      upsert(updated, false);
      renderQueue();
      if (action === 'dispatch') { $('dispatch-unit').value = ''; }
      if (action === 'resolve') { $('resolve-outcome').value = ''; $('resolve-note').value = ''; }
      $('error-banner').hidden = true;
    } catch (e) {
      fail(t('err_action', { action: t('act_' + action) }), e);
    }
    await loadDetail(d.id, true);
  }

  // ---------- map (desk only) ----------

  // A new viewing session each time an officer opens an alert's map: its reads are audited as one row.
  function newViewId() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  async function settings() {
    if (!state.settings) { state.settings = await api('GET', '/api/console/settings'); }
    return state.settings;
  }

  function view() {
    if (!state.mapView) {
      state.mapView = window.StayawayMap.create($('map'), state.settings.map);
      $('map-offline').hidden = Boolean(state.settings.map.tiles);
    }
    return state.mapView;
  }

  function fixTitle(who, fix) {
    return t(who === 'respondent' ? 'respondentShort' : 'protectedShort') + ' · ' + fmtTime(fix.ts) + ' · ±' + Math.round(fix.acc) + ' m';
  }

  async function loadMap(orderId) {
    state.mapOrder = orderId;
    state.mapViewId = newViewId();
    clearInterval(state.positionsTimer);
    replay.close();
    $('map-panel').hidden = false;
    try {
      await settings();
      let order = state.orders.get(orderId);
      if (!order) {
        order = await api('GET', '/api/orders/' + encodeURIComponent(orderId));
        state.orders.set(orderId, order);
      }
      state.mapData = { order, positions: null };
      await refreshPositions();
      startLive();
    } catch (e) {
      fail(t('err_map'), e);
    }
  }

  function startLive() {
    clearInterval(state.positionsTimer);
    state.positionsTimer = setInterval(refreshPositions, POSITION_REFRESH_MS);
  }

  async function refreshPositions() {
    const orderId = state.mapOrder;
    const order = state.orders.get(orderId);
    if (!order || replay.active()) { return; }
    let positions = null;
    let note = '';
    try {
      positions = await api('GET', '/api/orders/' + encodeURIComponent(orderId) + '/positions?view=' + state.mapViewId);
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409) {
        note = t('notActive');
        clearInterval(state.positionsTimer);
      } else {
        fail(t('err_map'), e);
        note = describe(e);
      }
    }
    if (state.mapOrder !== orderId || replay.active()) { return; }
    state.mapData = { order, positions };
    drawMap(order, positions);
    $('map-note').textContent = note;
  }

  function drawMap(order, positions) {
    const respondent = positions && positions.respondent;
    const prot = positions && positions.protected;
    $('map-panel').hidden = false;
    view().draw(order, respondent, prot, fixTitle);
    const summary = window.StayawayMap.summarise(order, respondent, prot, t);
    summary.push(t('fixAge', { r: respondent ? fmtAge(respondent.ts) : t('noFix'), p: prot ? fmtAge(prot.ts) : t('noFix') }));
    $('map-summary').textContent = summary.join(' · ');
  }

  const replay = window.StayawayReplay.create({
    api, t, fmtTime, view, titleOf: fixTitle, fail,
    describe: (respondent, prot) => {
      $('map-summary').textContent = window.StayawayMap.summarise(state.mapData.order, respondent, prot, t).join(' · ');
    },
    pauseLive: () => clearInterval(state.positionsTimer),
    resumeLive: () => { refreshPositions(); startLive(); }
  });

  const cases = window.StayawayCases.create({
    api, t, fmtTime, fail, describe, ApiFailure, lang: () => state.lang, token: () => state.token,
    review: (orderId, reason) => showPage(reviewPath(orderId, reason))
  });

  // ---------- alarm ----------

  // A critical alert nobody has acknowledged sounds the alarm (a short tone, looped) until it is
  // acknowledged or the officer mutes it; muting covers the alerts sounding now, and a new critical
  // alert sounds again. The tab title counts them, for an officer on another tab.
  function unacknowledgedCritical() {
    return [...state.alerts.values()].filter(a => a.severity === 'critical' && (a.state === 'OPEN' || a.state === 'NOTIFIED'));
  }

  function mutedIds() {
    try { return new Set(JSON.parse(sessionStorage.getItem('stayaway.alarmMuted') || '[]')); } catch (e) { return new Set(); }
  }

  function updateAlarm() {
    const pending = unacknowledgedCritical();
    document.title = (pending.length ? '(' + pending.length + ') ' : '') + t('appTitle');
    const muted = mutedIds();
    // Only a desk can acknowledge, so only a desk hears it (an admin's console is read-only).
    const sounding = state.token && state.role === 'desk' ? pending.filter(a => !muted.has(a.id)) : [];
    const audio = $('alarm');
    $('alarm-mute').hidden = pending.length === 0 || state.role !== 'desk';
    $('alarm-mute').textContent = sounding.length ? t('alarmMute') : t('alarmMuted');
    $('alarm-mute').classList.toggle('muted', sounding.length === 0);
    $('alarm-mute').title = t('alarmOn', { n: pending.length });
    if (sounding.length) {
      if (audio.paused) {
        audio.play().then(() => { $('alarm-blocked').hidden = true; })
          .catch(() => { $('alarm-blocked').hidden = false; });
      }
    } else {
      audio.pause();
      audio.currentTime = 0;
      $('alarm-blocked').hidden = true;
    }
  }

  function muteAlarm() {
    const muted = mutedIds();
    unacknowledgedCritical().forEach(a => muted.add(a.id));
    sessionStorage.setItem('stayaway.alarmMuted', JSON.stringify([...muted]));
    updateAlarm();
  }

  // ---------- court ----------

  async function lookupOrder(ev) {
    ev.preventDefault();
    const id = $('order-id').value.trim();
    if (!id) { return; }
    try {
      const order = await api('GET', '/api/orders/' + encodeURIComponent(id));
      const page = await api('GET', '/api/alerts?limit=500&orderId=' + encodeURIComponent(id));
      state.courtData = { order, alerts: page.alerts };
      renderCourt(order, page.alerts);
      $('error-banner').hidden = true;
    } catch (e) {
      $('court-order').hidden = true;
      fail(t('err_order'), e);
    }
  }

  function renderCourt(order, alerts) {
    $('court-order').hidden = false;
    $('court-order-id').textContent = order.id;
    $('court-order-facts').textContent = t('courtFacts', { court: order.court || '—', from: fmtTime(order.validFrom), until: fmtTime(order.validUntil) });
    const body = $('court-alerts');
    body.textContent = '';
    alerts.forEach(a => {
      const tr = document.createElement('tr');
      tr.className = 'court-alert sev-' + a.severity;
      tr.dataset.id = a.id;
      [fmtTime(a.openedAt), t('type_' + a.type), t('sev_' + a.severity), t('state_' + a.state), a.outcome ? t('outcome_' + a.outcome) : '—'].forEach(text => {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      tr.addEventListener('click', () => {
        document.querySelectorAll('#court-alerts tr').forEach(r => r.classList.remove('selected'));
        tr.classList.add('selected');
        state.selected = a.id;
        $('evidence-status').textContent = '';
        loadDetail(a.id, false);
      });
      body.appendChild(tr);
    });
    $('court-empty').hidden = alerts.length > 0;
  }

  function askEvidenceReason() {
    $('evidence-reason').value = '';
    $('evidence-dialog').showModal();
  }

  async function exportEvidence(ev) {
    ev.preventDefault();
    const reason = $('evidence-reason').value.trim();
    if (!reason) { showError(t('needReason')); return; }
    $('evidence-dialog').close();
    const id = state.detail && state.detail.id;
    if (!id) { return; }
    const status = $('evidence-status');
    status.textContent = t('evidenceWorking');
    let res;
    try {
      res = await fetch('/api/alerts/' + encodeURIComponent(id) + '/evidence?reason=' + encodeURIComponent(reason),
        { headers: { 'Authorization': 'Bearer ' + state.token }, cache: 'no-store' });
    } catch (e) {
      status.textContent = t('err_evidence') + ': ' + t('err_network');
      fail(t('err_evidence'), e);
      return;
    }
    if (!res.ok) {
      let body = {};
      try { body = await res.json(); } catch (e) { body = {}; }
      const failure = new ApiFailure(res.status, body.error || 'http_' + res.status, body.message || res.statusText);
      status.textContent = t('err_evidence') + ': ' + describe(failure);
      fail(t('err_evidence'), failure);
      if (res.status === 401) { sessionEnded(); }
      return;
    }
    const blob = await res.blob();
    const disposition = res.headers.get('Content-Disposition') || '';
    const match = /filename="?([^";]+)"?/.exec(disposition);
    const name = match ? match[1] : 'evidence-' + id + (blob.type.includes('zip') ? '.zip' : '.json');
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = t('evidenceDone', { name, bytes: blob.size });
  }

  // ---------- renewal review ----------

  function askReviewReason() {
    $('review-reason').value = '';
    $('review-dialog').showModal();
  }

  // A printable page behind the bearer token (the renewal review): fetched here and shown from a blob in a tab
  // opened during the click itself (a tab opened after an await would be taken for a pop-up and blocked). The
  // blob inherits the console's Content-Security-Policy, which admits the reports' style by its hash.
  async function showPage(path) {
    const tab = window.open('', '_blank');
    try {
      const res = await fetch(path, { headers: { 'Authorization': 'Bearer ' + state.token }, cache: 'no-store' });
      if (!res.ok) {
        let body = {};
        try { body = await res.json(); } catch (e) { body = {}; }
        throw new ApiFailure(res.status, body.error || 'http_' + res.status, body.message || res.statusText);
      }
      const url = URL.createObjectURL(await res.blob());
      if (tab) { tab.location = url; } else { window.location.assign(url); }
      setTimeout(() => URL.revokeObjectURL(url), 600000);
    } catch (e) {
      if (tab) { tab.close(); }
      if (e instanceof ApiFailure && e.status === 401) { sessionEnded(); }
      throw e;
    }
  }

  function reviewPath(orderId, reason) {
    return '/api/orders/' + encodeURIComponent(orderId) + '/renewal-review?lang=' + state.lang
      + '&reason=' + encodeURIComponent(reason);
  }

  async function openReview(ev) {
    ev.preventDefault();
    const reason = $('review-reason').value.trim();
    if (!reason) { showError(t('needReason')); return; }
    $('review-dialog').close();
    const order = state.courtData && state.courtData.order;
    if (!order) { return; }
    const status = $('review-status');
    status.textContent = t('reviewWorking');
    try {
      await showPage(reviewPath(order.id, reason));
      status.textContent = t('reviewOpened');
    } catch (e) {
      status.textContent = t('err_review') + ': ' + (e instanceof ApiFailure ? describe(e) : t('err_network'));
      fail(t('err_review'), e);
    }
  }

  // ---------- wiring ----------

  function wire() {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('lang-toggle').addEventListener('click', () => {
      state.lang = state.lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem('stayaway.lang', state.lang);
      applyLanguage();
    });
    $('error-close').addEventListener('click', () => { $('error-banner').hidden = true; });
    $('btn-ack').addEventListener('click', () => act('acknowledge'));
    $('btn-dispatch').addEventListener('click', () => act('dispatch'));
    $('btn-resolve').addEventListener('click', () => act('resolve'));
    $('order-lookup').addEventListener('submit', lookupOrder);
    $('btn-evidence').addEventListener('click', askEvidenceReason);
    $('evidence-form').addEventListener('submit', exportEvidence);
    $('evidence-cancel').addEventListener('click', () => $('evidence-dialog').close());
    $('btn-review').addEventListener('click', askReviewReason);
    $('review-form').addEventListener('submit', openReview);
    $('review-cancel').addEventListener('click', () => $('review-dialog').close());
    $('alarm-mute').addEventListener('click', muteAlarm);
    $('password-form').addEventListener('submit', changePassword);
    $('pw-logout').addEventListener('click', () => { $('password-dialog').close(); logout(); });
    $('alarm-blocked').addEventListener('click', updateAlarm);
    $('replay-open').addEventListener('click', () => { if (state.detail) { replay.open(state.detail.id); } });
    setInterval(() => { if (state.alerts.size) { renderQueue(); } }, 30000);
  }

  wire();
  applyLanguage();
  if (state.token && state.role) { enter(); }
}());
