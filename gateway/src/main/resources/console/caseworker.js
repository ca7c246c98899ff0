// The caseworker's view (issue #19): the orders assigned to their organisation, each with its summary, its
// alert list (type, time, severity, state, outcome: GET /api/orders/{id}/alerts, which carries no place and
// no device), its compliance report (downloaded as printable HTML, with the reason recorded), the follow-up
// history and a form to record a visit or call. No map, no positions, no live stream.
'use strict';

window.StayawayCases = (function () {
  /**
   * deps: {api(method, path, body), t(key, vars), fmtTime(iso), fail(prefix, err), describe(err),
   * lang(): 'en'|'zh', token(): the bearer token, ApiFailure, review(orderId, reason): opens the renewal review}.
   * Elements: #cw-panel, #cw-orders, #cw-empty, #cw-order and its parts (index.html).
   */
  function create(deps) {
    const $ = (id) => document.getElementById(id);
    const t = deps.t;
    let orders = [];
    let selected = null;   // {order, alerts, followUps}

    // A status line in the console's language, said again in the other when the language changes.
    function say(id, key, vars, detail) {
      const el = $(id);
      el.dataset.key = key || '';
      el.dataset.vars = vars ? JSON.stringify(vars) : '';
      el.dataset.detail = detail || '';
      el.textContent = key ? t(key, vars) + (detail ? ': ' + detail : '') : '';
    }

    function resay(id) {
      const el = $(id);
      if (el.dataset.key) { say(id, el.dataset.key, el.dataset.vars ? JSON.parse(el.dataset.vars) : null, el.dataset.detail); }
    }

    function cell(tr, text) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }

    async function open() {
      try {
        const r = await deps.api('GET', '/api/orders');
        orders = r.orders;
        renderList();
        if (orders.length) { await select(orders[0].id); }
      } catch (e) {
        deps.fail(t('cwErrOrders'), e);
      }
    }

    function close() {
      orders = [];
      selected = null;
      $('cw-orders').textContent = '';
      $('cw-order').hidden = true;
      $('cw-panel').hidden = true;
    }

    function renderList() {
      const list = $('cw-orders');
      list.textContent = '';
      orders.forEach(o => {
        const li = document.createElement('li');
        li.className = 'alert-item cw-item' + (selected && selected.order.id === o.id ? ' selected' : '');
        li.dataset.id = o.id;
        li.tabIndex = 0;
        const top = document.createElement('div');
        top.className = 'line1';
        top.textContent = o.id;
        const bottom = document.createElement('div');
        bottom.className = 'line2';
        const victim = (o.parties || []).find(p => p.role === 'protected');
        bottom.textContent = t('cwStatus_' + o.status) + ' · ' + t('cwUntil', { until: deps.fmtTime(o.validUntil) })
          + (victim && victim.name ? ' · ' + victim.name : '');
        li.append(top, bottom);
        li.addEventListener('click', () => select(o.id));
        li.addEventListener('keydown', e => { if (e.key === 'Enter') { select(o.id); } });
        list.appendChild(li);
      });
      $('cw-empty').hidden = orders.length > 0;
    }

    async function select(id) {
      try {
        const path = '/api/orders/' + encodeURIComponent(id);
        const [order, alerts, followUps] = await Promise.all([
          deps.api('GET', path), deps.api('GET', path + '/alerts'), deps.api('GET', path + '/follow-ups')]);
        selected = { order, alerts: alerts.alerts, followUps: followUps.followUps };
        say('cw-report-status', null);
        say('cw-status', null);
        $('cw-at').value = localNow();
        render();
        renderList();
      } catch (e) {
        deps.fail(t('err_order'), e);
      }
    }

    function render() {
      if (!selected) { return; }
      const o = selected.order;
      $('cw-order').hidden = false;
      $('cw-order').dataset.id = o.id;
      $('cw-order-id').textContent = o.id;
      $('cw-order-status').textContent = t('cwStatus_' + o.status);
      $('cw-court').textContent = o.court || '—';
      $('cw-station').textContent = o.station || '—';
      $('cw-organisation').textContent = o.organisation || '—';
      $('cw-validity').textContent = deps.fmtTime(o.validFrom) + ' – ' + deps.fmtTime(o.validUntil);
      const victim = (o.parties || []).find(p => p.role === 'protected') || {};
      const respondent = (o.parties || []).find(p => p.role === 'respondent') || {};
      $('cw-protected').textContent = [victim.name || '—', victim.phone, victim.language ? t('lang_' + victim.language) : null]
        .filter(Boolean).join(' · ');
      $('cw-respondent').textContent = respondent.name || '—';
      renderAlerts();
      renderFollowUps();
    }

    function renderAlerts() {
      const body = $('cw-alerts');
      body.textContent = '';
      selected.alerts.forEach(a => {
        const tr = document.createElement('tr');
        tr.className = 'court-alert sev-' + a.severity;
        tr.dataset.id = a.id;
        [deps.fmtTime(a.openedAt), t('type_' + a.type), t('sev_' + a.severity), t('state_' + a.state),
          a.outcome ? t('outcome_' + a.outcome) : '—'].forEach(text => cell(tr, text));
        body.appendChild(tr);
      });
      $('cw-alerts-empty').hidden = selected.alerts.length > 0;
    }

    function renderFollowUps() {
      const body = $('cw-followups');
      body.textContent = '';
      selected.followUps.forEach(f => {
        const tr = document.createElement('tr');
        tr.className = 'cw-followup fu-' + f.outcome;
        tr.dataset.id = f.id;
        [deps.fmtTime(f.at), t('kind_' + f.kind), t('fu_' + f.outcome), f.recordedBy, f.note || ''].forEach(text => cell(tr, text));
        body.appendChild(tr);
      });
      $('cw-followups-empty').hidden = selected.followUps.length > 0;
    }

    // The datetime-local input's value for now, in the browser's time zone.
    function localNow() {
      const d = new Date();
      d.setSeconds(0, 0);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    }

    async function save(ev) {
      ev.preventDefault();
      if (!selected) { return; }
      const outcome = $('cw-outcome').value;
      if (!outcome) { say('cw-status', 'needOutcome'); return; }
      const at = new Date($('cw-at').value);
      if (isNaN(at.getTime())) { say('cw-status', 'cwNeedAt'); return; }
      const body = { kind: $('cw-kind').value, at: at.toISOString(), outcome };
      const note = $('cw-note').value.trim();
      if (note) { body.note = note; }
      $('cw-save').disabled = true;
      try {
        const stored = await deps.api('POST', '/api/orders/' + encodeURIComponent(selected.order.id) + '/follow-ups', body);
        selected.followUps.push(stored);
        selected.followUps.sort((a, b) => new Date(a.at) - new Date(b.at));
        renderFollowUps();
        $('cw-note').value = '';
        $('cw-outcome').value = '';
        say('cw-status', 'cwSaved');
      } catch (e) {
        say('cw-status', 'cwErrSave', null, deps.describe(e));
        deps.fail(t('cwErrSave'), e);
      } finally {
        $('cw-save').disabled = false;
      }
    }

    // The compliance report as printable HTML in the console's language, saved as a file: the route needs the
    // bearer header (a plain link cannot send it) and a reason, which the gateway records before answering.
    async function report() {
      if (!selected) { return; }
      const reason = $('cw-report-reason').value.trim();
      if (!reason) { say('cw-report-status', 'needReason'); return; }
      const lang = deps.lang() === 'zh' ? 'zh' : 'en';
      const id = selected.order.id;
      say('cw-report-status', 'evidenceWorking');
      let res;
      try {
        res = await fetch('/api/orders/' + encodeURIComponent(id) + '/compliance?format=html&lang=' + lang
          + '&reason=' + encodeURIComponent(reason), { headers: { 'Authorization': 'Bearer ' + deps.token() }, cache: 'no-store' });
      } catch (e) {
        say('cw-report-status', 'cwErrReport', null, t('err_network'));
        return;
      }
      if (!res.ok) {
        let body = {};
        try { body = await res.json(); } catch (e) { body = {}; }
        const failure = new deps.ApiFailure(res.status, body.error || 'http_' + res.status, body.message || res.statusText);
        say('cw-report-status', 'cwErrReport', null, deps.describe(failure));
        return;
      }
      const blob = await res.blob();
      const name = 'compliance-' + id + '-' + lang + '.html';
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      say('cw-report-status', 'cwReportSaved', { name });
    }

    // The renewal review in a new tab (the console's showPage), in the console's language, with the same reason.
    async function review() {
      if (!selected) { return; }
      const reason = $('cw-report-reason').value.trim();
      if (!reason) { say('cw-report-status', 'needReason'); return; }
      say('cw-report-status', 'reviewWorking');
      try {
        await deps.review(selected.order.id, reason);
        say('cw-report-status', 'reviewOpened');
      } catch (e) {
        say('cw-report-status', 'err_review', null, e instanceof deps.ApiFailure ? deps.describe(e) : t('err_network'));
      }
    }

    function relabel() {
      if (orders.length) { renderList(); }
      render();
      resay('cw-status');
      resay('cw-report-status');
    }

    $('cw-form').addEventListener('submit', save);
    $('cw-report').addEventListener('click', report);
    $('cw-review').addEventListener('click', review);
    return { open, close, relabel };
  }

  return { create };
}());
