/*
 * Painel de produção (GET /painel on the balancer): the pedidos of today and the open ones, by
 * status, kept live by GET /events (Server-Sent Events through the balancer). No build step, no
 * external file: it works offline on the LAN. Logs in through POST /auth/login, keeps the token in
 * localStorage (a TV stays signed in across reloads), fetches a pedido again on each event about it
 * (events carry no personal data), and resumes with Last-Event-ID after any disconnection.
 * Data only ever reaches the page through textContent.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'fichas.painel.sessao';
  var TYPES = 'pedido.created,pedido.updated,pedido.deleted,pedido.status_changed,cliente.updated,tipo.updated';
  var COLUMNS = ['recebido', 'em_producao', 'concluido'];
  var RECONNECT_MS = 1000;

  var token = null;
  var pedidos = {};        // id -> pedido
  var clientes = {};       // id -> nome (string) once known
  var clientesPending = {};
  var tipos = {};          // id -> nome
  var lastEventId = null;
  var source = null;
  var loading = false;
  var queued = [];
  var generation = 0;
  var reconnectTimer = null;

  function $(id) { return document.getElementById(id); }

  function show(el, visible) { el.hidden = !visible; }

  function api(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (token) { headers['Authorization'] = 'Bearer ' + token; }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          if (response.status === 401 && path !== '/auth/login') { signOut('Sessão expirada: entre novamente.'); }
          return { status: response.status, json: json };
        });
      });
  }

  // ---- dates ("today" is the browser's date; the LAN's PCs share the server's zone) ----
  function isoDate(d) {
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }
  function today() { return isoDate(new Date()); }
  function localDateOf(timestamp) { return timestamp ? isoDate(new Date(timestamp)) : null; }
  function daysBetween(from, to) {
    var a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
    var b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
    return Math.round((b - a) / 86400000);
  }
  function shortDate(iso) { return iso ? iso.slice(8, 10) + '/' + iso.slice(5, 7) : '—'; }

  /** On the board: every open pedido, and the ones concluded or entered today. */
  function belongs(p) {
    if (p.status === 'recebido' || p.status === 'em_producao') { return true; }
    if (p.status === 'concluido') {
      var t = today();
      return localDateOf(p.updated_at) === t || p.data_entrada === t;
    }
    return false;
  }

  function lateness(p) {
    if (p.status === 'concluido') { return { text: 'concluído', cls: '' }; }
    if (!p.data_entrega_prevista) { return { text: 'sem data prevista', cls: '' }; }
    var days = daysBetween(p.data_entrega_prevista, today());
    if (days > 0) { return { text: 'atrasado ' + days + (days === 1 ? ' dia' : ' dias'), cls: 'atrasado' }; }
    if (days === 0) { return { text: 'vence hoje', cls: 'hoje' }; }
    return { text: days === -1 ? 'falta 1 dia' : 'faltam ' + (-days) + ' dias', cls: '' };
  }

  // ---- rendering ----
  var fresh = {};

  function card(p) {
    var li = document.createElement('li');
    var late = lateness(p);
    li.className = 'cartao' + (late.cls ? ' ' + late.cls : '') + (fresh[p.id] ? ' novo' : '');
    li.dataset.id = String(p.id);
    li.dataset.status = p.status;
    var cliente = document.createElement('div');
    cliente.className = 'cliente';
    cliente.textContent = clientes[p.cliente_id] || ('Cliente #' + p.cliente_id);
    var linha1 = document.createElement('div');
    linha1.className = 'linha';
    var tipo = document.createElement('span');
    tipo.className = 'tipo';
    tipo.textContent = tipos[p.tipo_id] || ('Tipo #' + p.tipo_id);
    var quantidade = document.createElement('span');
    quantidade.className = 'quantidade';
    quantidade.textContent = 'Qtd ' + p.quantidade;
    linha1.append(tipo, quantidade);
    var linha2 = document.createElement('div');
    linha2.className = 'linha prazo';
    var prevista = document.createElement('span');
    prevista.className = 'prevista';
    prevista.textContent = 'Previsto ' + shortDate(p.data_entrega_prevista);
    var atraso = document.createElement('span');
    atraso.className = 'atraso';
    atraso.textContent = late.text;
    linha2.append(prevista, atraso);
    var numero = document.createElement('div');
    numero.className = 'numero';
    numero.textContent = 'Pedido nº ' + p.id;
    li.append(cliente, linha1, linha2, numero);
    return li;
  }

  function order(a, b) {
    var pa = a.data_entrega_prevista || '9999-99-99';
    var pb = b.data_entrega_prevista || '9999-99-99';
    return pa < pb ? -1 : pa > pb ? 1 : a.id - b.id;
  }

  function render() {
    COLUMNS.forEach(function (status) {
      var list = Object.keys(pedidos).map(function (id) { return pedidos[id]; })
        .filter(function (p) { return p.status === status && belongs(p); }).sort(order);
      var column = $('col-' + status);
      column.replaceChildren.apply(column, list.map(card));
      $('n-' + status).textContent = String(list.length);
    });
  }

  function clienteNome(id) {
    if (clientes[id] || clientesPending[id]) { return; }
    clientesPending[id] = true;
    api('GET', '/clientes/' + id).then(function (r) {
      delete clientesPending[id];
      if (r.status === 200 && r.json) { clientes[id] = r.json.nome; render(); }
    }, function () { delete clientesPending[id]; });
  }

  function put(p, highlight) {
    var known = pedidos[p.id];
    if (known && known.version > p.version) { return; }
    if (belongs(p)) {
      pedidos[p.id] = p;
      clienteNome(p.cliente_id);
      if (highlight) {
        fresh[p.id] = true;
        setTimeout(function () { delete fresh[p.id]; render(); }, 3000);
      }
    } else {
      delete pedidos[p.id];
    }
  }

  // ---- loading ----
  function loadStatus(status, orderBy, maxPages) {
    var all = [];
    function page(n) {
      return api('GET', '/pedidos?status=' + status + '&order=' + orderBy + '&size=500&page=' + n).then(function (r) {
        if (r.status !== 200 || !r.json) { throw new Error('GET /pedidos ' + r.status); }
        all = all.concat(r.json.items);
        if (n * 500 < r.json.total && n < maxPages) { return page(n + 1); }
        return all;
      });
    }
    return page(1);
  }

  function loadAll() {
    loading = true;
    var mine = generation;
    return api('GET', '/producoes/tipos').then(function (r) {
      if (r.status === 200 && r.json) { r.json.items.forEach(function (t) { tipos[t.id] = t.nome; }); }
      return Promise.all([loadStatus('recebido', 'data_entrada', 10), loadStatus('em_producao', 'data_entrada', 10),
        loadStatus('concluido', '-data_criacao', 1)]);
    }).then(function (lists) {
      if (mine !== generation) { return; }
      pedidos = {};
      lists.forEach(function (list) { list.forEach(function (p) { put(p, false); }); });
      loading = false;
      render();
      var pending = queued;
      queued = [];
      pending.forEach(handle);
    }).catch(function () {
      loading = false;
      if (mine === generation) { setTimeout(function () { if (mine === generation) { loadAll(); } }, 2000); }
    });
  }

  // ---- events ----
  function setConnected(connected) {
    var el = $('conexao');
    el.textContent = connected ? 'ao vivo' : 'desconectado';
    el.className = 'conexao ' + (connected ? 'conectado' : 'desconectado');
    document.body.dataset.conexao = connected ? 'conectado' : 'desconectado';
  }

  function handle(message) {
    if (loading) { queued.push(message); return; }
    var data = message.data;
    if (message.type === 'reset') { loadAll(); return; }
    if (message.type === 'pedido.deleted') { delete pedidos[data.id]; render(); return; }
    if (message.type === 'cliente.updated') {
      if (clientes[data.id]) { delete clientes[data.id]; clienteNome(data.id); }
      return;
    }
    if (message.type === 'tipo.updated') {
      api('GET', '/producoes/tipos').then(function (r) {
        if (r.status === 200 && r.json) { r.json.items.forEach(function (t) { tipos[t.id] = t.nome; }); render(); }
      });
      return;
    }
    api('GET', '/pedidos/' + data.id).then(function (r) {
      if (r.status === 200 && r.json) {
        if (r.json.cliente && r.json.cliente.nome) { clientes[r.json.cliente_id] = r.json.cliente.nome; }
        put(r.json, true);
      } else if (r.status === 404) {
        delete pedidos[data.id];
      }
      render();
    });
  }

  function connect() {
    var mine = generation;
    if (source) { source.close(); }
    var url = '/events?access_token=' + encodeURIComponent(token) + '&types=' + TYPES
      + (lastEventId ? '&last_event_id=' + encodeURIComponent(lastEventId) : '');
    source = new EventSource(url);
    source.onopen = function () { if (mine === generation) { setConnected(true); } };
    source.onerror = function () {
      if (mine !== generation) { return; }
      setConnected(false);
      // EventSource retries by itself (with Last-Event-ID); when it gave up (an HTTP error), start again.
      if (source.readyState === EventSource.CLOSED && !reconnectTimer) {
        reconnectTimer = setTimeout(function () {
          reconnectTimer = null;
          if (mine !== generation) { return; }
          api('GET', '/producoes/tipos').then(function (r) { if (r.status !== 401 && mine === generation) { connect(); } },
            function () { if (mine === generation) { connect(); } });
        }, RECONNECT_MS);
      }
    };
    TYPES.split(',').concat(['reset']).forEach(function (type) {
      source.addEventListener(type, function (e) {
        if (mine !== generation) { return; }
        if (e.lastEventId) { lastEventId = e.lastEventId; }
        var data = null;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        handle({ type: type, data: data });
      });
    });
  }

  // ---- session ----
  function start() {
    generation++;
    show($('entrada'), false);
    show($('quadro'), true);
    show($('sair'), true);
    loading = true;
    queued = [];
    connect();
    loadAll();
  }

  function signOut(reason) {
    generation++;
    if (source) { source.close(); source = null; }
    token = null;
    lastEventId = null;
    pedidos = {};
    localStorage.removeItem(STORAGE_KEY);
    setConnected(false);
    show($('quadro'), false);
    show($('sair'), false);
    show($('entrada'), true);
    var error = $('erro-entrada');
    error.textContent = reason || '';
    show(error, !!reason);
    $('usuario').focus();
  }

  function onSubmit(e) {
    e.preventDefault();
    var username = $('usuario').value.trim();
    var password = $('senha').value;
    if (!username || !password) { $('erro-entrada').textContent = 'Informe usuário e senha.'; show($('erro-entrada'), true); return; }
    $('entrar').disabled = true;
    api('POST', '/auth/login', { username: username, password: password }).then(function (r) {
      $('entrar').disabled = false;
      $('senha').value = '';
      if (r.status === 200 && r.json && r.json.token) {
        token = r.json.token;
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: token, expires_at: r.json.expires_at }));
        start();
      } else if (r.status === 429) {
        $('erro-entrada').textContent = 'Muitas tentativas: aguarde e tente de novo.';
        show($('erro-entrada'), true);
      } else {
        $('erro-entrada').textContent = 'Usuário ou senha inválidos.';
        show($('erro-entrada'), true);
      }
    }, function () {
      $('entrar').disabled = false;
      $('erro-entrada').textContent = 'Servidor indisponível.';
      show($('erro-entrada'), true);
    });
  }

  function tick() {
    var now = new Date();
    $('relogio').textContent = now.toLocaleDateString('pt-BR') + ' ' + now.toLocaleTimeString('pt-BR');
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('form-entrada').addEventListener('submit', onSubmit);
    $('sair').addEventListener('click', function () {
      var t = token;
      signOut('');
      if (t) { fetch('/auth/logout', { method: 'POST', headers: { 'Authorization': 'Bearer ' + t } }); }
    });
    tick();
    setInterval(tick, 1000);
    setInterval(function () { if (token && !loading) { render(); } }, 60000); // lateness moves at midnight
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null'); } catch (e) { saved = null; }
    if (saved && saved.token && (!saved.expires_at || Date.parse(saved.expires_at) > Date.now())) {
      token = saved.token;
      start();
    } else {
      signOut('');
    }
  });
})();
