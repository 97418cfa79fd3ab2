/*
 * Fichas dashboard: plain JavaScript, no build step, no framework, no third-party code (the LAN may have
 * no internet). Logs in through POST /auth/login (proxied to an instance), keeps the token in
 * sessionStorage, and polls GET /balancer/status every 2 s.
 *
 * Every string from the server reaches the DOM through textContent or setAttribute on data-* / title
 * attributes, never through innerHTML; the page's Content-Security-Policy forbids inline script as well.
 * Elements carry stable ids and data-* attributes (data-backend, data-child, data-state, data-alert-id)
 * for the browser tests.
 */
(function () {
  'use strict';

  var POLL_MS = 2000;
  var REQUEST_TIMEOUT_MS = 8000;
  var HISTORY_POINTS = 60;
  var STORAGE_KEY = 'fichas.dashboard.session';
  var SVG_NS = 'http://www.w3.org/2000/svg';

  var BACKEND_BADGES = { UP: 'badge-up', DOWN: 'badge-down', DRAINING: 'badge-amber' };
  var CHILD_BADGES = {
    ONLINE: 'badge-up', RUNNING: 'badge-up', STARTING: 'badge-amber', WAITING: 'badge-amber',
    STOPPING: 'badge-amber', STOPPED: 'badge-grey', ERRORED: 'badge-down'
  };

  var session = null;          // {token, expiresAt, username}
  var pollGeneration = 0;      // bumped on login/logout so a stale poll loop stops
  var pollTimer = null;
  var backendHistory = {};     // backend id -> {rps: [], p95: []}
  var balancerHistory = { rps: [], errorRate: [] };
  var lastStatus = null;

  function $(id) { return document.getElementById(id); }

  // ---- DOM helpers: text only, never markup ------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function setText(id, text) {
    $(id).textContent = text;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  /**
   * Keeps one child element per item, keyed, so rows (and their buttons) survive between polls:
   * create(item) builds a new one, update(node, item) refreshes it; rows whose key vanished are removed.
   */
  function syncChildren(container, items, keyAttr, keyOf, create, update) {
    var existing = {};
    Array.prototype.forEach.call(container.children, function (node) {
      existing[node.getAttribute(keyAttr)] = node;
    });
    var previous = null;
    items.forEach(function (item) {
      var key = String(keyOf(item));
      var node = existing[key];
      if (node) {
        delete existing[key];
      } else {
        node = create(item);
        node.setAttribute(keyAttr, key);
      }
      update(node, item);
      var wanted = previous ? previous.nextSibling : container.firstChild;
      if (node !== wanted) { container.insertBefore(node, wanted); }
      previous = node;
    });
    Object.keys(existing).forEach(function (key) { container.removeChild(existing[key]); });
  }

  // ---- Formatting -------------------------------------------------------------------------------

  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  function fmtInt(v) { return isNum(v) ? Math.round(v).toLocaleString('en-US') : '—'; }

  function fmtRate(v) {
    if (!isNum(v)) { return '—'; }
    return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
  }

  function fmtPercent(ratio, digits) {
    if (!isNum(ratio)) { return '—'; }
    return (ratio * 100).toFixed(digits === undefined ? 1 : digits) + ' %';
  }

  function fmtMs(v) {
    if (!isNum(v)) { return '—'; }
    if (v >= 1000) { return (v / 1000).toFixed(2) + ' s'; }
    return (v >= 100 ? Math.round(v) : v.toFixed(1)) + ' ms';
  }

  function fmtMegabytes(bytes) { return isNum(bytes) ? Math.round(bytes / 1048576) + ' MB' : '—'; }

  function fmtDuration(seconds) {
    if (!isNum(seconds)) { return '—'; }
    var s = Math.max(0, Math.floor(seconds));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d > 0) { return d + 'd ' + h + 'h'; }
    if (h > 0) { return h + 'h ' + pad(m) + 'm'; }
    if (m > 0) { return m + 'm ' + pad(s % 60) + 's'; }
    return s + 's';
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function fmtClock(date) {
    return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  function fmtAgo(iso) {
    var t = Date.parse(iso);
    if (!isFinite(t)) { return ''; }
    return fmtDuration((Date.now() - t) / 1000) + ' ago';
  }

  // ---- Sparklines (inline SVG; numbers only go into attributes) ---------------------------------

  function pushPoint(series, value) {
    series.push(isNum(value) ? value : null);
    if (series.length > HISTORY_POINTS) { series.splice(0, series.length - HISTORY_POINTS); }
  }

  function drawSpark(svg, values, minMax) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var box = svg.viewBox.baseVal;
    var w = box && box.width ? box.width : 110, h = box && box.height ? box.height : 26;
    var highest = 0;
    values.forEach(function (v) { if (v !== null && v > highest) { highest = v; } });
    // All zeros is the good news for an error rate: draw it quiet, not in alarm colour.
    svg.classList.toggle('flat', highest === 0);
    var max = Math.max(highest, minMax || 0);
    if (max <= 0) { max = 1; }
    var step = w / (HISTORY_POINTS - 1);
    var offset = HISTORY_POINTS - values.length;   // new points enter on the right
    var base = document.createElementNS(SVG_NS, 'line');
    base.setAttribute('class', 'base');
    base.setAttribute('x1', '0'); base.setAttribute('x2', String(w));
    base.setAttribute('y1', String(h - 0.5)); base.setAttribute('y2', String(h - 0.5));
    svg.appendChild(base);
    var run = [];
    function flush() {
      if (run.length === 0) { return; }
      var pts = run.map(function (p) { return p[0].toFixed(1) + ',' + p[1].toFixed(1); }).join(' ');
      var area = document.createElementNS(SVG_NS, 'polygon');
      area.setAttribute('class', 'area');
      area.setAttribute('points', run[0][0].toFixed(1) + ',' + h + ' ' + pts + ' ' + run[run.length - 1][0].toFixed(1) + ',' + h);
      svg.appendChild(area);
      var line = document.createElementNS(SVG_NS, 'polyline');
      line.setAttribute('class', 'line');
      line.setAttribute('points', run.length === 1 ? pts + ' ' + (run[0][0] + 1).toFixed(1) + ',' + run[0][1].toFixed(1) : pts);
      svg.appendChild(line);
      run = [];
    }
    values.forEach(function (v, i) {
      if (v === null) { flush(); return; }
      var x = (offset + i) * step;
      var y = h - 1 - (v / max) * (h - 3);
      run.push([x, y]);
    });
    flush();
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  /** Resolves to {status, body}; rejects only when the server could not be reached (or timed out). */
  function request(method, path, body, token) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    var headers = { 'Accept': 'application/json' };
    if (token) { headers['Authorization'] = 'Bearer ' + token; }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      signal: controller.signal
    }).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { status: response.status, body: parsed };
      });
    }).finally(function () { clearTimeout(timer); });
  }

  function errorText(result) {
    var e = result.body && result.body.error;
    if (e && typeof e.message === 'string') {
      return e.message + ' (' + result.status + (typeof e.code === 'string' ? ' ' + e.code : '') + ')';
    }
    return 'HTTP ' + result.status;
  }

  // ---- Session ------------------------------------------------------------------------------------

  function loadSession() {
    try {
      var s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      if (s && typeof s.token === 'string' && (!s.expiresAt || Date.parse(s.expiresAt) > Date.now())) {
        return s;
      }
    } catch (e) { /* a damaged entry is the same as none */ }
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }

  function saveSession(s) {
    session = s;
    if (s) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    } else {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  }

  function showLogin(message) {
    pollGeneration++;
    clearTimeout(pollTimer);
    saveSession(null);
    lastStatus = null;
    backendHistory = {};
    balancerHistory = { rps: [], errorRate: [] };
    show($('dashboard-view'), false);
    show($('session'), false);
    show($('connection-banner'), false);
    hideConfirm(false);
    show($('login-view'), true);
    var error = $('login-error');
    error.textContent = message || '';
    show(error, !!message);
    $('login-submit').disabled = false;
    $('login-password').value = '';
    ($('login-username').value ? $('login-password') : $('login-username')).focus();
  }

  function showDashboard() {
    show($('login-view'), false);
    show($('dashboard-view'), true);
    show($('session'), true);
    setText('session-user', session.username || 'admin');
    setText('last-updated', 'Loading…');
    startPolling();
  }

  function onLoginSubmit(event) {
    event.preventDefault();
    var username = $('login-username').value.trim();
    var password = $('login-password').value;
    var error = $('login-error');
    if (!username || !password) {
      error.textContent = 'Enter your username and password.';
      show(error, true);
      return;
    }
    $('login-submit').disabled = true;
    show(error, false);
    request('POST', '/auth/login', { username: username, password: password }).then(function (result) {
      $('login-submit').disabled = false;
      if (result.status === 200 && result.body && typeof result.body.token === 'string') {
        var user = result.body.user || {};
        if (user.role !== 'admin') {
          // Not ours to keep: end that session instead of leaving a live token behind.
          request('POST', '/auth/logout', undefined, result.body.token).catch(function () {});
          error.textContent = 'User "' + username + '" has the role "' + String(user.role) +
            '". The dashboard needs an administrator account.';
          show(error, true);
          return;
        }
        saveSession({ token: result.body.token, expiresAt: result.body.expires_at || null,
                      username: user.username || username });
        $('login-password').value = '';
        showDashboard();
      } else if (result.status === 401) {
        error.textContent = 'Wrong username or password.';
        show(error, true);
      } else {
        error.textContent = 'Sign-in failed: ' + errorText(result) + '.';
        show(error, true);
      }
    }, function () {
      $('login-submit').disabled = false;
      error.textContent = 'Cannot reach the server. Check the connection and try again.';
      show(error, true);
    });
  }

  function onLogout() {
    var token = session && session.token;
    showLogin('You are signed out.');
    if (token) { request('POST', '/auth/logout', undefined, token).catch(function () {}); }
  }

  /** What every admin call does with a 401 or 403: back to the login form with a reason. */
  function handleAuthFailure(result) {
    if (result.status === 401) {
      showLogin('Your session has ended. Sign in again.');
      return true;
    }
    if (result.status === 403) {
      showLogin('This account is not an administrator.');
      return true;
    }
    return false;
  }

  // ---- Polling ------------------------------------------------------------------------------------

  function startPolling() {
    var generation = ++pollGeneration;
    clearTimeout(pollTimer);
    poll(generation);
  }

  function poll(generation) {
    if (generation !== pollGeneration || !session) { return; }
    request('GET', '/balancer/status', undefined, session.token).then(function (result) {
      if (generation !== pollGeneration) { return; }
      if (handleAuthFailure(result)) { return; }
      if (result.status === 200 && result.body) {
        show($('connection-banner'), false);
        render(result.body);
        refreshLastBackup();
      } else {
        connectionTrouble('The balancer answered ' + errorText(result) + '.');
      }
      schedule(generation);
    }, function () {
      if (generation !== pollGeneration) { return; }
      connectionTrouble('');
      schedule(generation);
    });
  }

  // The newest backup's age, from GET /backups (an instance route, through the balancer), every 30 s.
  var lastBackupCheck = 0;
  function refreshLastBackup() {
    if (!session || Date.now() - lastBackupCheck < 30000) { return; }
    lastBackupCheck = Date.now();
    request('GET', '/backups', undefined, session.token).then(function (result) {
      var items = result.status === 200 && result.body && result.body.items;
      if (!items) { return; }
      var cell = $('last-backup');
      cell.textContent = items.length ? fmtAgo(items[0].created_at) : 'none yet';
      cell.title = items.length ? items[0].name : '';
    }, function () {});
  }

  function schedule(generation) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(function () { poll(generation); }, POLL_MS);
  }

  function connectionTrouble(detail) {
    setText('connection-detail', detail);
    show($('connection-banner'), true);
  }

  // ---- Rendering ----------------------------------------------------------------------------------

  function render(status) {
    lastStatus = status;
    var now = new Date();
    var updated = $('last-updated');
    updated.textContent = 'Updated ' + fmtClock(now);
    updated.setAttribute('data-generated-at', String(status.generated_at || ''));
    renderBalancer(status.balancer || {});
    renderBackends(Array.isArray(status.backends) ? status.backends : []);
    var supervised = !status.balancer || status.balancer.supervised !== false;
    renderChildren(Array.isArray(status.children) ? status.children : [], supervised);
    renderAlerts(Array.isArray(status.alerts) ? status.alerts : []);
  }

  function renderBalancer(b) {
    pushPoint(balancerHistory.rps, b.requests_per_second);
    pushPoint(balancerHistory.errorRate, b.error_rate);
    setText('bal-rps', fmtRate(b.requests_per_second));
    setText('bal-error-rate', fmtPercent(b.error_rate, 2));
    $('bal-error-rate').classList.toggle('bad', isNum(b.error_rate) && b.error_rate > 0.01);
    setText('bal-in-flight', fmtInt(b.in_flight));
    setText('bal-queue', fmtInt(b.queue_length) + (isNum(b.queue_capacity) ? ' / ' + fmtInt(b.queue_capacity) : ''));
    setText('bal-rate-limited', fmtInt(b.rate_limited_total));
    setText('bal-requests-total', fmtInt(b.requests_total));
    setText('bal-uptime', fmtDuration(b.uptime_s));
    setText('bal-writer', b.write_routing === 'round-robin' ? 'round robin'
      : (b.writer === null || b.writer === undefined ? 'no writer' : String(b.writer)));
    drawSpark($('bal-rps-chart'), balancerHistory.rps);
    drawSpark($('bal-error-chart'), balancerHistory.errorRate, 0.01);
  }

  function badge(node, state, classes) {
    var text = typeof state === 'string' && state ? state : 'UNKNOWN';
    node.className = 'badge ' + (classes[text] || 'badge-grey');
    node.textContent = text;
  }

  function renderBackends(backends) {
    var seen = {};
    backends.forEach(function (b) {
      var id = String(b.id);
      seen[id] = true;
      var h = backendHistory[id] || (backendHistory[id] = { rps: [], p95: [] });
      pushPoint(h.rps, b.requests_per_second);
      pushPoint(h.p95, b.p95_ms);
    });
    Object.keys(backendHistory).forEach(function (id) { if (!seen[id]) { delete backendHistory[id]; } });
    syncChildren($('backends-body'), backends, 'data-backend', function (b) { return b.id; },
      createBackendRow, updateBackendRow);
    show($('backends-empty'), backends.length === 0);
  }

  function createBackendRow() {
    var tr = el('tr');
    var name = el('td');
    name.appendChild(el('span', 'name'));
    name.appendChild(el('span', 'role', 'writer'));
    name.appendChild(el('span', 'sub'));
    tr.appendChild(name);
    var state = el('td');
    state.appendChild(el('span', 'badge'));
    tr.appendChild(state);
    var checks = el('td');
    checks.appendChild(el('span', 'checks'));
    tr.appendChild(checks);
    tr.appendChild(el('td', 'num'));
    tr.appendChild(chartCell('spark-rps'));
    tr.appendChild(chartCell('spark-p95'));
    tr.appendChild(el('td', 'num'));
    tr.appendChild(el('td', 'num'));
    tr.appendChild(el('td', 'num'));
    tr.appendChild(el('td', 'num'));
    var alerts = el('td');
    alerts.appendChild(el('span', 'tags'));
    tr.appendChild(alerts);
    return tr;
  }

  function chartCell(kind) {
    var td = el('td');
    var wrap = el('div', 'chart-cell');
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'spark ' + kind);
    svg.setAttribute('viewBox', '0 0 110 26');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    wrap.appendChild(svg);
    wrap.appendChild(el('span', 'chart-value'));
    td.appendChild(wrap);
    return td;
  }

  function updateBackendRow(tr, b) {
    var cells = tr.children;
    var state = typeof b.state === 'string' ? b.state : 'UNKNOWN';
    tr.setAttribute('data-state', state);
    cells[0].firstChild.textContent = String(b.id);
    cells[0].lastChild.textContent = b.address ? String(b.address) : '';
    show(cells[0].querySelector('.role'), b.writer === true);
    badge(cells[1].firstChild, state, BACKEND_BADGES);
    renderChecks(cells[2].firstChild, Array.isArray(b.health_history) ? b.health_history : []);
    cells[3].textContent = fmtInt(b.in_flight);
    var history = backendHistory[String(b.id)];
    drawSpark(cells[4].querySelector('svg'), history.rps);
    cells[4].querySelector('.chart-value').textContent = fmtRate(b.requests_per_second) + '/s';
    drawSpark(cells[5].querySelector('svg'), history.p95);
    cells[5].querySelector('.chart-value').textContent = fmtMs(b.p95_ms);
    cells[6].textContent = fmtPercent(b.error_rate, 2);
    cells[6].title = fmtInt(b.errors_total) + ' errors of ' + fmtInt(b.requests_total) + ' requests';
    cells[7].textContent = fmtPercent(b.cache_hit_ratio, 0);
    cells[8].textContent = fmtInt(b.event_subscribers);
    cells[8].title = 'open event streams (GET /events, /events/ws) on this instance';
    cells[9].textContent = fmtInt(b.retries_total) + ' / ' + fmtInt(b.ejections_total);
    var tags = cells[10].firstChild;
    while (tags.firstChild) { tags.removeChild(tags.firstChild); }
    (Array.isArray(b.alerts) ? b.alerts : []).forEach(function (rule) {
      tags.appendChild(el('span', 'tag', rule));
    });
  }

  function renderChecks(container, history) {
    var wanted = 30;
    while (container.children.length < wanted) { container.appendChild(el('span', 'check check-none')); }
    var recent = history.slice(-wanted);
    var pad = wanted - recent.length;
    for (var i = 0; i < wanted; i++) {
      var bar = container.children[i];
      var check = i >= pad ? recent[i - pad] : null;
      if (!check) {
        bar.className = 'check check-none';
        bar.removeAttribute('title');
      } else {
        bar.className = check.ok ? 'check' : 'check check-fail';
        bar.title = String(check.at || '') + (check.ok ? ' ok' : ' failed') +
          (isNum(check.latency_ms) ? ', ' + fmtMs(check.latency_ms) : '');
      }
    }
  }

  function renderChildren(children, supervised) {
    syncChildren($('children-body'), children, 'data-child', function (c) { return c.name; },
      createChildRow, updateChildRow);
    show($('children-empty'), children.length === 0);
    $('action-reload').disabled = !supervised;
    $('action-reload').title = supervised ? '' : 'Only when the balancer runs under the supervisor';
  }

  function createChildRow(c) {
    var tr = el('tr');
    var name = el('td');
    name.appendChild(el('span', 'name'));
    name.appendChild(el('span', 'role', 'writer'));
    name.appendChild(el('span', 'sub'));
    tr.appendChild(name);
    tr.appendChild(el('td', 'num'));
    var state = el('td');
    state.appendChild(el('span', 'badge'));
    tr.appendChild(state);
    for (var i = 0; i < 4; i++) { tr.appendChild(el('td', 'num')); }
    var actions = el('td', 'num');
    var restart = el('button', 'btn btn-small', 'Restart');
    restart.type = 'button';
    restart.setAttribute('data-restart', String(c.name));
    restart.addEventListener('click', function () {
      var target = restart.getAttribute('data-restart');
      runAction({
        title: 'Restart ' + target + '?',
        message: 'The instance is stopped and started again; the balancer sends its requests to the others meanwhile.',
        confirm: 'Restart',
        path: '/balancer/actions/restart/' + encodeURIComponent(target),
        pending: 'Restarting ' + target + '…',
        done: function () { return 'Restart of ' + target + ' started.'; }
      });
    });
    actions.appendChild(restart);
    tr.appendChild(actions);
    return tr;
  }

  function updateChildRow(tr, c) {
    var cells = tr.children;
    var state = typeof c.state === 'string' ? c.state : 'UNKNOWN';
    tr.setAttribute('data-state', state);
    tr.setAttribute('data-pid', c.pid === null || c.pid === undefined ? '' : String(c.pid));
    cells[0].firstChild.textContent = String(c.name);
    cells[0].lastChild.textContent = isNum(c.port) ? 'port ' + c.port : '';
    cells[1].textContent = isNum(c.pid) ? String(c.pid) : '—';
    badge(cells[2].firstChild, state, CHILD_BADGES);
    cells[3].textContent = fmtDuration(c.uptime_s);
    cells[4].textContent = fmtInt(c.restarts);
    cells[5].textContent = fmtMegabytes(c.rss_bytes);
    cells[6].textContent = isNum(c.cpu_percent) ? c.cpu_percent.toFixed(1) + ' %' : '—';
  }

  function renderAlerts(alerts) {
    var active = alerts.filter(function (a) { return !a.status || a.status === 'active'; });
    syncChildren($('alerts'), active, 'data-alert-id', function (a) { return a.id; }, createAlert, updateAlert);
    show($('alerts-empty'), active.length === 0);
    var count = $('alert-count');
    count.textContent = String(active.length);
    count.classList.toggle('count-hot', active.length > 0);
  }

  function createAlert(a) {
    var li = el('li', 'alert');
    li.appendChild(el('span', 'badge'));
    var text = el('div');
    text.appendChild(el('div', 'alert-title'));
    text.appendChild(el('div', 'alert-message'));
    text.appendChild(el('div', 'alert-meta'));
    li.appendChild(text);
    var resolve = el('button', 'btn btn-small', 'Resolve');
    resolve.type = 'button';
    resolve.setAttribute('data-action', 'resolve');
    resolve.addEventListener('click', function () {
      var id = li.getAttribute('data-alert-id');
      var title = li.querySelector('.alert-title').textContent;
      runAction({
        title: 'Resolve this alert?',
        message: title + '. It is raised again if the condition comes back after clearing.',
        confirm: 'Resolve',
        path: '/balancer/alerts/' + encodeURIComponent(id) + '/resolve',
        pending: 'Resolving…',
        done: function () { return 'Alert ' + title + ' resolved.'; }
      });
    });
    li.appendChild(resolve);
    return li;
  }

  function updateAlert(li, a) {
    var severity = a.severity === 'critical' ? 'critical' : 'warning';
    li.setAttribute('data-severity', severity);
    li.setAttribute('data-rule', String(a.rule));
    var b = li.firstChild;
    b.className = 'badge ' + (severity === 'critical' ? 'badge-down' : 'badge-amber');
    b.textContent = severity;
    var text = li.children[1];
    text.children[0].textContent = String(a.rule) + (a.subject ? ' · ' + String(a.subject) : '');
    text.children[1].textContent = a.message ? String(a.message) : '';
    var meta = 'raised ' + fmtAgo(a.raised_at);
    if (isNum(a.value) && isNum(a.threshold)) {
      meta += ' · value ' + round(a.value) + ', threshold ' + round(a.threshold);
    }
    if (a.source) { meta += ' · from ' + String(a.source); }
    text.children[2].textContent = meta;
    text.children[2].title = String(a.raised_at || '');
  }

  function round(v) { return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000; }

  // ---- Admin actions ------------------------------------------------------------------------------

  function setResult(status, text) {
    var node = $('action-result');
    node.setAttribute('data-status', status);
    node.textContent = text;
    node.title = text;
    show(node, true);
  }

  function runAction(action) {
    confirmDialog(action.title, action.message, action.confirm).then(function (ok) {
      if (!ok || !session) { return; }
      setResult('pending', action.pending);
      request('POST', action.path, undefined, session.token).then(function (result) {
        if (handleAuthFailure(result)) { return; }
        if (result.status >= 200 && result.status < 300) {
          setResult('ok', action.done(result.body));
          if (session) { startPolling(); }   // show the effect now, not in up to 2 s
        } else {
          setResult('error', action.confirm + ' failed: ' + errorText(result) + '.');
        }
      }, function () {
        setResult('error', action.confirm + ' failed: the balancer could not be reached.');
      });
    });
  }

  function cacheClearSummary(body) {
    var results = body && Array.isArray(body.results) ? body.results : [];
    if (results.length === 0) { return 'No backend was UP: no cache cleared.'; }
    var ok = results.filter(function (r) { return r.status >= 200 && r.status < 300; });
    var text = 'Caches cleared on ' + ok.length + ' of ' + results.length + ' backends';
    var failed = results.filter(function (r) { return !(r.status >= 200 && r.status < 300); });
    if (failed.length > 0) {
      text += ' (failed: ' + failed.map(function (r) { return String(r.backend) + ' ' + String(r.status); }).join(', ') + ')';
    }
    return text + '.';
  }

  // ---- Confirmation dialog (in the page, not window.confirm, so tests and keyboards can drive it) --

  var pendingConfirm = null;
  var focusBeforeDialog = null;

  function confirmDialog(title, message, confirmLabel) {
    hideConfirm(false);
    focusBeforeDialog = document.activeElement;
    setText('confirm-title', title);
    setText('confirm-message', message);
    setText('confirm-ok', confirmLabel);
    show($('confirm-dialog'), true);
    $('confirm-cancel').focus();
    return new Promise(function (resolve) { pendingConfirm = resolve; });
  }

  function hideConfirm(answer) {
    var resolve = pendingConfirm;
    pendingConfirm = null;
    show($('confirm-dialog'), false);
    if (focusBeforeDialog && focusBeforeDialog.focus && document.contains(focusBeforeDialog)) {
      focusBeforeDialog.focus();
    }
    focusBeforeDialog = null;
    if (resolve) { resolve(answer); }
  }

  // ---- Wiring -------------------------------------------------------------------------------------

  function init() {
    $('login-form').addEventListener('submit', onLoginSubmit);
    $('logout').addEventListener('click', onLogout);
    $('confirm-ok').addEventListener('click', function () { hideConfirm(true); });
    $('confirm-cancel').addEventListener('click', function () { hideConfirm(false); });
    $('confirm-dialog').addEventListener('click', function (event) {
      if (event.target === $('confirm-dialog')) { hideConfirm(false); }
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && pendingConfirm) { hideConfirm(false); }
    });
    $('action-reload').addEventListener('click', function () {
      runAction({
        title: 'Start a rolling reload?',
        message: 'Each instance is restarted in turn, waiting for it to be healthy before the next; ' +
          'requests keep being served by the others.',
        confirm: 'Reload',
        path: '/balancer/actions/reload',
        pending: 'Starting the rolling reload…',
        done: function () { return 'Rolling reload started.'; }
      });
    });
    $('action-cache-clear').addEventListener('click', function () {
      runAction({
        title: 'Clear the caches?',
        message: 'Every instance that is UP drops its cached data; the next requests read the database.',
        confirm: 'Clear caches',
        path: '/balancer/actions/cache-clear',
        pending: 'Clearing caches…',
        done: cacheClearSummary
      });
    });
    session = loadSession();
    if (session) {
      showDashboard();
    } else {
      showLogin('');
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
