// Stayaway duty-desk console. Plain browser JavaScript, no build step, no external resource.
// Talks only to the gateway's own API with the bearer token from POST /api/login; the live queue
// is read from GET /api/alerts/stream with fetch() (EventSource cannot send the Authorization header,
// and a token in the URL would land in logs).
'use strict';

(function () {
  const I18N = {
    en: {
      appTitle: 'Stayaway duty desk', logout: 'Log out', dismiss: 'Dismiss', loginTitle: 'Sign in', username: 'User name',
      password: 'Password', loginButton: 'Sign in', loginHint: 'Only desk, court and admin accounts can use this console.',
      queueTitle: 'Alert queue', queueEmpty: 'No open alerts.', order: 'Order', state: 'State', opened: 'Opened', zone: 'Zone / rule',
      explanation: 'What happened', outcome: 'Outcome', acknowledge: 'Acknowledge', dispatch: 'Dispatch', resolve: 'Resolve',
      unitPlaceholder: 'Unit sent (e.g. Patrol 12)', notePlaceholder: 'Note (optional)', chooseOutcome: 'Outcome…',
      outcome_CONFIRMED_BREACH: 'Confirmed breach', outcome_FALSE_ALARM: 'False alarm', outcome_TECHNICAL: 'Technical fault',
      outcome_PERMITTED: 'Permitted presence', exportEvidence: 'Export evidence', lifecycle: 'Lifecycle', at: 'At', transition: 'Change',
      actor: 'By', note: 'Note', mapTitle: 'Where they are', legendZone: 'Exclusion zone', legendBand: 'Warning band',
      legendRespondent: 'Respondent', legendProtected: 'Protected person', orderLookup: 'Order number', find: 'Find alerts',
      type: 'Type', severityLabel: 'Severity', noAlertsForOrder: 'This order has no alerts.', evidenceTitle: 'Export evidence',
      evidenceReason: 'Why is this evidence exported? (recorded in the audit log)', cancel: 'Cancel', export: 'Export',
      live: 'Live', reconnecting: 'Reconnecting…', signedInAs: 'Signed in as {user} ({role})',
      role_desk: 'duty desk', role_court: 'court', role_admin: 'administrator',
      sev_critical: 'Critical', sev_high: 'High', sev_medium: 'Medium', sev_low: 'Low', sev_info: 'Info',
      state_OPEN: 'Open', state_NOTIFIED: 'Desk notified', state_ACKNOWLEDGED: 'Acknowledged', state_DISPATCHED: 'Unit dispatched', state_RESOLVED: 'Resolved',
      type_BREACH: 'Zone breach', type_PROXIMITY: 'Too close to protected person', type_CROSSING: 'Crossed a zone', type_APPROACH: 'Approaching',
      type_CURFEW: 'Curfew', type_PROXIMITY_UNKNOWN: 'Proximity unknown', type_TAMPER: 'Tamper', type_PANIC: 'Panic button',
      type_COMMUNICATION_LOSS: 'Communication lost', type_GNSS_LOSS: 'GPS lost', type_LOW_BATTERY: 'Low battery', type_ORDER_EXPIRING: 'Order expiring',
      err_login: 'Sign-in failed', err_stream: 'Live alert stream failed', err_detail: 'Could not load the alert', err_action: 'Could not {action} the alert',
      err_map: 'Could not load the map', err_order: 'Could not find the order', err_alerts: 'Could not list the alerts', err_evidence: 'Evidence export failed',
      err_network: 'the server could not be reached', sessionExpired: 'Your session has ended; sign in again.',
      needUnit: 'Name the unit you sent before dispatching.', needOutcome: 'Choose an outcome before resolving.', needReason: 'A reason is required.',
      act_acknowledge: 'acknowledge', act_dispatch: 'dispatch', act_resolve: 'resolve',
      evidenceDone: 'Evidence exported: {name} ({bytes} bytes).', evidenceWorking: 'Exporting…',
      notActive: 'The order is not in force now: positions are not shown.', noFix: 'no fix yet',
      inside: '{who} is {m} m inside “{zone}”', outside: '{who} is {m} m outside “{zone}”', apart: '{m} m between respondent and protected person',
      fixAge: 'fixes {r} / {p} old', respondentShort: 'Respondent', protectedShort: 'Protected person', lateNote: ' (reported late)',
      courtFacts: '{court} · valid {from} – {until}', newCritical: 'new critical',
      selectHint: 'Select an alert to see what happened and act on it.'
    },
    zh: {
      appTitle: 'Stayaway 值班台', logout: '退出', dismiss: '关闭', loginTitle: '登录', username: '用户名',
      password: '密码', loginButton: '登录', loginHint: '仅值班台、法院和管理员账号可使用本控制台。',
      queueTitle: '告警队列', queueEmpty: '没有未处理的告警。', order: '保护令', state: '状态', opened: '发生时间', zone: '区域/规则',
      explanation: '情况说明', outcome: '处理结果', acknowledge: '确认接警', dispatch: '派警', resolve: '结案',
      unitPlaceholder: '出警单位（如 巡逻12组）', notePlaceholder: '备注（可选）', chooseOutcome: '处理结果…',
      outcome_CONFIRMED_BREACH: '确认违令', outcome_FALSE_ALARM: '误报', outcome_TECHNICAL: '技术故障',
      outcome_PERMITTED: '许可的接近', exportEvidence: '导出证据', lifecycle: '处理记录', at: '时间', transition: '变更',
      actor: '处理人', note: '备注', mapTitle: '双方位置', legendZone: '禁止区域', legendBand: '预警带',
      legendRespondent: '被申请人', legendProtected: '受保护人', orderLookup: '保护令编号', find: '查询告警',
      type: '类型', severityLabel: '级别', noAlertsForOrder: '该保护令没有告警。', evidenceTitle: '导出证据',
      evidenceReason: '导出证据的理由（将记入审计日志）', cancel: '取消', export: '导出',
      live: '实时', reconnecting: '正在重新连接…', signedInAs: '当前用户 {user}（{role}）',
      role_desk: '值班台', role_court: '法院', role_admin: '管理员',
      sev_critical: '严重', sev_high: '高', sev_medium: '中', sev_low: '低', sev_info: '提示',
      state_OPEN: '未处理', state_NOTIFIED: '已通知值班台', state_ACKNOWLEDGED: '已确认', state_DISPATCHED: '已派警', state_RESOLVED: '已结案',
      type_BREACH: '进入禁止区域', type_PROXIMITY: '接近受保护人', type_CROSSING: '穿越禁止区域', type_APPROACH: '正在接近',
      type_CURFEW: '宵禁违规', type_PROXIMITY_UNKNOWN: '距离无法判断', type_TAMPER: '设备被拆', type_PANIC: '紧急求助',
      type_COMMUNICATION_LOSS: '通信中断', type_GNSS_LOSS: '定位丢失', type_LOW_BATTERY: '电量低', type_ORDER_EXPIRING: '保护令即将到期',
      err_login: '登录失败', err_stream: '实时告警连接失败', err_detail: '无法加载告警', err_action: '无法{action}该告警',
      err_map: '无法加载地图', err_order: '找不到该保护令', err_alerts: '无法列出告警', err_evidence: '证据导出失败',
      err_network: '无法连接服务器', sessionExpired: '登录已失效，请重新登录。',
      needUnit: '派警前请填写出警单位。', needOutcome: '结案前请选择处理结果。', needReason: '必须填写理由。',
      act_acknowledge: '确认', act_dispatch: '派警处理', act_resolve: '结案',
      evidenceDone: '证据已导出：{name}（{bytes} 字节）。', evidenceWorking: '正在导出…',
      notActive: '该保护令当前不在有效期内，不显示位置。', noFix: '暂无定位',
      inside: '{who}在“{zone}”内 {m} 米', outside: '{who}在“{zone}”外 {m} 米', apart: '被申请人与受保护人相距 {m} 米',
      fixAge: '定位分别为 {r} / {p} 前', respondentShort: '被申请人', protectedShort: '受保护人', lateNote: '（迟报）',
      courtFacts: '{court} · 有效期 {from} – {until}', newCritical: '新严重告警',
      selectHint: '请选择一条告警，查看详情并处理。'
    }
  };
  const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  const POSITION_REFRESH_MS = 10000;

  const state = {
    lang: localStorage.getItem('stayaway.lang') === 'zh' ? 'zh' : 'en',
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
    if (state.mapData) { drawMap(state.mapData.order, state.mapData.positions); }
    if (state.courtData) { renderCourt(state.courtData.order, state.courtData.alerts); }
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
    if (s < 120) { return s + (state.lang === 'zh' ? ' 秒' : ' s'); }
    const m = Math.round(s / 60);
    return m < 120 ? m + (state.lang === 'zh' ? ' 分钟' : ' min') : Math.round(m / 60) + (state.lang === 'zh' ? ' 小时' : ' h');
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
      enter();
    } catch (e) {
      fail(t('err_login'), e);
    } finally {
      $('login-submit').disabled = false;
    }
  }

  function logout() {
    if (state.stream) { state.stream.abort(); state.stream = null; }
    clearTimeout(state.streamRetry);
    clearInterval(state.positionsTimer);
    ['stayaway.token', 'stayaway.role', 'stayaway.user'].forEach(k => sessionStorage.removeItem(k));
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
  }

  function enter() {
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    renderWho();
    const court = state.role === 'court';
    $('queue-panel').hidden = court;
    $('court-panel').hidden = !court;
    document.body.dataset.role = state.role;
    if (!court) { openStream(); }
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
    const unseenCritical = open.filter(a => a.severity === 'critical' && state.fresh.has(a.id)).length;
    document.title = (unseenCritical ? '(' + unseenCritical + ' ' + t('newCritical') + ') ' : '') + t('appTitle');
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
    $('detail-explanation').textContent = (d.detail && d.detail.explanation) || '—';
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

  async function loadMap(orderId) {
    state.mapOrder = orderId;
    clearInterval(state.positionsTimer);
    $('map-panel').hidden = false;
    try {
      let order = state.orders.get(orderId);
      if (!order) {
        order = await api('GET', '/api/orders/' + encodeURIComponent(orderId));
        state.orders.set(orderId, order);
      }
      state.mapData = { order, positions: null };
      await refreshPositions();
      state.positionsTimer = setInterval(refreshPositions, POSITION_REFRESH_MS);
    } catch (e) {
      fail(t('err_map'), e);
    }
  }

  async function refreshPositions() {
    const orderId = state.mapOrder;
    const order = state.orders.get(orderId);
    if (!order) { return; }
    let positions = null;
    let note = '';
    try {
      positions = await api('GET', '/api/orders/' + encodeURIComponent(orderId) + '/positions');
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409) {
        note = t('notActive');
        clearInterval(state.positionsTimer);
      } else {
        fail(t('err_map'), e);
        note = describe(e);
      }
    }
    if (state.mapOrder !== orderId) { return; }
    state.mapData = { order, positions };
    drawMap(order, positions);
    $('map-note').textContent = note;
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svgEl(name, attrs, parent) {
    const el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(k => el.setAttribute(k, attrs[k]));
    if (parent) { parent.appendChild(el); }
    return el;
  }

  // Local equirectangular projection in metres around the order's first zone; exact enough over a few km.
  function projection(lat0, lon0) {
    const kx = 111320 * Math.cos(lat0 * Math.PI / 180);
    const ky = 110540;
    return (lat, lon) => [(lon - lon0) * kx, -(lat - lat0) * ky];
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

  /** Signed distance in metres from a projected point to a zone's edge: negative inside. */
  function signedDistance(pt, zone, project) {
    if (zone.circle) {
      const c = project(zone.circle.lat, zone.circle.lon);
      return Math.hypot(pt[0] - c[0], pt[1] - c[1]) - zone.circle.radius;
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

  function drawMap(order, positions) {
    const svg = $('map');
    svg.textContent = '';
    const zones = order.zones || [];
    const respondent = positions && positions.respondent;
    const prot = positions && positions.protected;
    const anchor = zones.find(z => z.circle) ? zones.find(z => z.circle).circle
      : (polygonsOf((zones.find(z => z.geometry) || {}).geometry)[0] ? (() => { const c = polygonsOf(zones.find(z => z.geometry).geometry)[0][0][0]; return { lat: c[1], lon: c[0] }; })()
        : (respondent || prot || { lat: 0, lon: 0 }));
    const project = projection(anchor.lat, anchor.lon);

    // Extent in projected metres.
    const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    const extend = (p, r) => {
      box.minX = Math.min(box.minX, p[0] - r); box.maxX = Math.max(box.maxX, p[0] + r);
      box.minY = Math.min(box.minY, p[1] - r); box.maxY = Math.max(box.maxY, p[1] + r);
    };
    const protPoint = prot ? project(prot.lat, prot.lon) : null;
    zones.forEach(z => {
      const band = z.warningBuffer || 0;
      if (z.circle) { extend(project(z.circle.lat, z.circle.lon), z.circle.radius + band); }
      polygonsOf(z.geometry).forEach(poly => poly[0].forEach(([lon, lat]) => extend(project(lat, lon), band)));
      if (z.type === 'mobile' && protPoint) { extend(protPoint, Math.max(z.minDistance || 0, z.warningDistance || 0)); }
    });
    if (respondent) { extend(project(respondent.lat, respondent.lon), Math.max(respondent.acc, 30)); }
    if (protPoint) { extend(protPoint, Math.max(prot.acc, 30)); }
    if (!isFinite(box.minX)) { extend([0, 0], 500); }
    let w = box.maxX - box.minX;
    let h = box.maxY - box.minY;
    const size = Math.max(w, h, 400) * 1.15;
    const cx = (box.minX + box.maxX) / 2;
    const cy = (box.minY + box.maxY) / 2;
    w = size * 1.4; h = size;
    svg.setAttribute('viewBox', [cx - w / 2, cy - h / 2, w, h].map(v => v.toFixed(1)).join(' '));
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    const u = size / 100;

    svgEl('rect', { x: cx - w / 2, y: cy - h / 2, width: w, height: h, class: 'map-bg' }, svg);
    const bands = svgEl('g', { class: 'bands' }, svg);
    const areas = svgEl('g', { class: 'areas' }, svg);
    const labels = svgEl('g', { class: 'labels' }, svg);

    zones.forEach(z => {
      const kind = z.type === 'inclusion' ? 'zone-inclusion' : 'zone-exclusion';
      if (z.circle) {
        const c = project(z.circle.lat, z.circle.lon);
        if (z.warningBuffer) {
          svgEl('circle', { cx: c[0], cy: c[1], r: z.circle.radius + z.warningBuffer, class: 'warning-band', 'data-zone-id': z.id, 'vector-effect': 'non-scaling-stroke' }, bands);
        }
        svgEl('circle', { cx: c[0], cy: c[1], r: z.circle.radius, class: 'zone ' + kind, 'data-zone-id': z.id, 'vector-effect': 'non-scaling-stroke' }, areas);
        svgEl('text', { x: c[0], y: c[1] - z.circle.radius - u, class: 'zone-label', 'font-size': 3 * u, 'text-anchor': 'middle' }, labels).textContent = z.id;
      }
      polygonsOf(z.geometry).forEach(poly => {
        const d = poly.map(ring => 'M' + ring.map(([lon, lat]) => project(lat, lon).map(v => v.toFixed(1)).join(',')).join('L') + 'Z').join(' ');
        if (z.warningBuffer) {
          // A stroke twice the band wide, centred on the outline, covers the band outside the zone.
          svgEl('path', { d, class: 'warning-band polygon-band', 'stroke-width': 2 * z.warningBuffer, 'stroke-linejoin': 'round', 'data-zone-id': z.id }, bands);
        }
        svgEl('path', { d, class: 'zone ' + kind, 'fill-rule': 'evenodd', 'data-zone-id': z.id, 'vector-effect': 'non-scaling-stroke' }, areas);
        const first = project(poly[0][0][1], poly[0][0][0]);
        svgEl('text', { x: first[0], y: first[1] - u, class: 'zone-label', 'font-size': 3 * u }, labels).textContent = z.id;
      });
      if (z.type === 'mobile' && protPoint) {
        if (z.warningDistance) {
          svgEl('circle', { cx: protPoint[0], cy: protPoint[1], r: z.warningDistance, class: 'warning-band mobile', 'data-zone-id': z.id, 'vector-effect': 'non-scaling-stroke' }, bands);
        }
        svgEl('circle', { cx: protPoint[0], cy: protPoint[1], r: z.minDistance, class: 'zone zone-mobile', 'data-zone-id': z.id, 'vector-effect': 'non-scaling-stroke' }, areas);
      }
    });
    (order.corridors || []).forEach(c => polygonsOf(c.geometry).forEach(poly => {
      const d = poly.map(ring => 'M' + ring.map(([lon, lat]) => project(lat, lon).map(v => v.toFixed(1)).join(',')).join('L') + 'Z').join(' ');
      svgEl('path', { d, class: 'corridor', 'vector-effect': 'non-scaling-stroke' }, areas);
    }));

    const marks = svgEl('g', { class: 'markers' }, svg);
    const summary = [];
    if (respondent && prot) {
      const a = project(respondent.lat, respondent.lon);
      svgEl('line', { x1: a[0], y1: a[1], x2: protPoint[0], y2: protPoint[1], class: 'distance-line', 'vector-effect': 'non-scaling-stroke' }, marks);
      summary.push(t('apart', { m: Math.round(haversine(respondent, prot)) }));
    }
    [['protected', prot, 'P'], ['respondent', respondent, 'R']].forEach(([who, fix, letter]) => {
      if (!fix) { return; }
      const p = project(fix.lat, fix.lon);
      const g = svgEl('g', { id: 'marker-' + who, class: 'marker marker-' + who, 'data-device-id': fix.deviceId, 'data-ts': fix.ts }, marks);
      svgEl('circle', { cx: p[0], cy: p[1], r: fix.acc, class: 'accuracy', 'vector-effect': 'non-scaling-stroke' }, g);
      svgEl('circle', { cx: p[0], cy: p[1], r: 2 * u, class: 'dot', 'vector-effect': 'non-scaling-stroke' }, g);
      svgEl('text', { x: p[0], y: p[1] + u, class: 'marker-letter', 'font-size': 2.6 * u, 'text-anchor': 'middle' }, g).textContent = letter;
      const title = svgEl('title', {}, g);
      title.textContent = t(who === 'respondent' ? 'respondentShort' : 'protectedShort') + ' · ' + fmtTime(fix.ts) + ' · ±' + Math.round(fix.acc) + ' m';
    });
    if (respondent) {
      // Every zone the respondent is inside, deepest first; if none, the nearest one.
      const p = project(respondent.lat, respondent.lon);
      const distances = zones.filter(z => z.type !== 'inclusion')
        .map(z => ({ zone: z.id, d: signedDistance(p, z, project) })).filter(x => x.d !== null).sort((a, b) => a.d - b.d);
      const inside = distances.filter(x => x.d < 0);
      (inside.length ? inside : distances.slice(0, 1)).reverse().forEach(x => {
        summary.unshift(t(x.d < 0 ? 'inside' : 'outside', { who: t('respondentShort'), m: Math.round(Math.abs(x.d)), zone: x.zone }));
      });
    }
    summary.push(t('fixAge', { r: respondent ? fmtAge(respondent.ts) : t('noFix'), p: prot ? fmtAge(prot.ts) : t('noFix') }));

    // Scale bar: a round number of metres about a fifth of the width.
    const target = w / 5;
    const step = [50, 100, 200, 250, 500, 1000, 2000, 5000, 10000].find(s => s >= target) || 10000;
    const sx = cx - w / 2 + 3 * u;
    const sy = cy + h / 2 - 4 * u;
    svgEl('line', { x1: sx, y1: sy, x2: sx + step, y2: sy, class: 'scale-bar', 'vector-effect': 'non-scaling-stroke' }, svg);
    svgEl('text', { x: sx, y: sy - u, class: 'scale-label', 'font-size': 2.6 * u }, svg).textContent = step >= 1000 ? (step / 1000) + ' km' : step + ' m';
    svgEl('text', { x: cx + w / 2 - 4 * u, y: cy - h / 2 + 5 * u, class: 'north', 'font-size': 3.5 * u, 'text-anchor': 'middle' }, svg).textContent = 'N ↑';

    $('map-summary').textContent = summary.join(' · ');
    $('map-panel').hidden = false;
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
    setInterval(() => { if (state.alerts.size) { renderQueue(); } }, 30000);
  }

  wire();
  applyLanguage();
  if (state.token && state.role) { enter(); }
}());
