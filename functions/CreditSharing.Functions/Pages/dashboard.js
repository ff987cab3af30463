// 监管工作台: signs in, then reads the grade summary, the newest grade changes and draws
// inspection plans through the same JSON APIs (bearer token) that every other client uses.
// Served from /assets/dashboard.js (CSP script-src 'self'), after the pages' shared sign-in (signin.js);
// it never writes data as HTML.
(() => {
  'use strict';
  const grades = ['A', 'B', 'C', 'D'];
  const colours = { A: '#0b6e2e', B: '#1f5fa8', C: '#8a5a00', D: '#b00020' };
  // County names come from the page (data-labels, written from PageLabels on the server): one table.
  const labels = JSON.parse(document.body.dataset.labels || '{}');
  const countyNames = labels.counties || {};
  const tokenKey = 'creditsharing.dashboard.token';
  const svgNs = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function badge(grade) {
    const span = el('span', grade || '未评', 'grade grade-' + (colours[grade] ? grade : 'none'));
    span.setAttribute('aria-label', '信用等级 ' + (grade || '未评价'));
    return span;
  }

  function showStatus(text) {
    const status = $('data-status');
    status.textContent = text;
    status.hidden = !text;
  }

  const signIn = CreditSharingSignIn.create({
    tokenKey,
    localToken: () => ({ roles: ['Regulator'], sub: 'dashboard-regulator' }),
    signedIn,
    anonymous: load,
    failed: (error) => showStatus(error instanceof CreditSharingSignIn.SignInError ? error.message : explain(error))
  });
  const api = signIn.api;

  function explain(error) {
    if (error.status === 401) return '需要登录：数据接口回答 401（没有有效的监管者令牌）。请先登录。';
    if (error.status === 403) return '没有权限：数据接口回答 403，此账号不是监管者（Regulator）。';
    if (error.status) return '数据接口回答 ' + error.status + '：' + error.message;
    return '无法连接数据接口：' + error.message;
  }

  function renderSummary(summary) {
    $('total').textContent = summary.total;
    $('no-data').textContent = summary.noData || 0;
    for (const g of grades) {
      document.querySelector('.count[data-grade="' + g + '"]').textContent = summary.byGrade[g] || 0;
    }
    const chart = $('chart');
    while (chart.lastChild && chart.lastChild.nodeName !== 'desc') chart.removeChild(chart.lastChild);
    const counties = Object.keys(summary.byCounty);
    // The drawing is as wide as the screen shows it, so its text stays legible on a phone.
    const width = Math.max(280, Math.round(chart.getBoundingClientRect().width) || 640);
    const rowHeight = 30, labelWidth = 64, barWidth = width - labelWidth - 48;
    const max = Math.max(1, ...counties.map((c) => grades.reduce((n, g) => n + (summary.byCounty[c][g] || 0), 0)));
    chart.setAttribute('viewBox', '0 0 ' + width + ' ' + Math.max(60, counties.length * rowHeight + 30));
    const described = [];
    counties.forEach((county, i) => {
      const y = i * rowHeight + 4;
      const name = countyNames[county] || county;
      const row = svg('g', { 'data-county': county });
      row.appendChild(svg('text', { x: 0, y: y + 17 }, name));
      let x = labelWidth, total = 0;
      for (const g of grades) {
        const n = summary.byCounty[county][g] || 0;
        total += n;
        if (n === 0) continue;
        const w = Math.max(2, (n / max) * barWidth);
        const rect = svg('rect', { x, y, width: w, height: rowHeight - 8, fill: colours[g], 'data-grade': g });
        rect.appendChild(svg('title', {}, name + ' ' + g + ' 级 ' + n + ' 家'));
        row.appendChild(rect);
        x += w;
      }
      row.appendChild(svg('text', { x: x + 6, y: y + 17 }, total));
      chart.appendChild(row);
      described.push(name + '：' + grades.map((g) => g + ' ' + (summary.byCounty[county][g] || 0)).join('，'));
    });
    const legendY = counties.length * rowHeight + 16;
    grades.forEach((g, i) => {
      chart.appendChild(svg('rect', { x: labelWidth + i * 56, y: legendY - 10, width: 12, height: 12, fill: colours[g] }));
      chart.appendChild(svg('text', { x: labelWidth + i * 56 + 16, y: legendY }, g + ' 级'));
    });
    $('chart-desc').textContent = counties.length ? described.join('；') : '尚无已评价的企业。';
  }

  // The last 12 months, city calendar (UTC+8), as yyyy-MM.
  function loanRange() {
    const city = new Date(Date.now() + 8 * 3600 * 1000);
    const month = (y, m) => { const d = new Date(Date.UTC(y, m, 1)); return d.getUTCFullYear() + '-' + String(d.getUTCMonth() + 1).padStart(2, '0'); };
    return { from: month(city.getUTCFullYear(), city.getUTCMonth() - 11), to: month(city.getUTCFullYear(), city.getUTCMonth()) };
  }

  function wan(yuan) {
    return (yuan / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  }

  function renderLoans(statistics) {
    $('loan-total').textContent = wan(statistics.grantedAmount);
    $('loan-count').textContent = statistics.grantedCount;
    const chart = $('loan-chart');
    while (chart.lastChild && chart.lastChild.nodeName !== 'desc') chart.removeChild(chart.lastChild);
    const months = statistics.months;
    const width = Math.max(280, Math.round(chart.getBoundingClientRect().width) || 640);
    const height = 180, top = 18, bottom = 24, slot = width / Math.max(1, months.length);
    const max = Math.max(1, ...months.map((m) => m.grantedAmount));
    chart.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    months.forEach((m, i) => {
      const barHeight = m.grantedAmount > 0 ? Math.max(2, (m.grantedAmount / max) * (height - top - bottom)) : 0;
      const x = i * slot + slot * 0.15, w = slot * 0.7, y = height - bottom - barHeight;
      const group = svg('g', { 'data-month': m.month, 'data-amount': m.grantedAmount });
      const rect = svg('rect', { x, y, width: w, height: barHeight, fill: '#2b6cb0' });
      rect.appendChild(svg('title', {}, m.month + ' 放款 ' + wan(m.grantedAmount) + ' 万元，' + m.grantedCount + ' 笔'));
      group.appendChild(rect);
      if (m.grantedAmount > 0) group.appendChild(svg('text', { x: x + w / 2, y: y - 4, 'text-anchor': 'middle', class: 'amount' }, wan(m.grantedAmount)));
      group.appendChild(svg('text', { x: x + w / 2, y: height - 6, 'text-anchor': 'middle' }, Number(m.month.slice(5)) + '月'));
      chart.appendChild(group);
    });
    $('loan-chart-desc').textContent = months.map((m) => m.month + '：' + wan(m.grantedAmount) + ' 万元').join('；');
  }

  function renderChanges(changes) {
    const list = $('changes');
    list.replaceChildren();
    if (!changes.length) { list.appendChild(el('li', '尚无等级变化。', 'muted')); return; }
    for (const c of changes) {
      const li = el('li');
      const link = el('a', c.name || c.uscc);
      link.href = '/e/' + encodeURIComponent(c.uscc);
      li.append(link, ' ', c.previousGrade ? badge(c.previousGrade) : el('span', '首次评价', 'muted'), ' → ', badge(c.grade),
        el('span', ' ' + (c.countyName || countyNames[c.county] || countyNames.other || c.county) + ' · ' + new Date(c.changedAt).toLocaleString('zh-CN', { hour12: false }), 'muted'));
      list.appendChild(li);
    }
  }

  async function load() {
    try {
      const range = loanRange();
      const [summary, changes, loans] = await Promise.all([
        api('/api/grades/summary'), api('/api/grades/changes?count=10'),
        api('/api/loans/statistics?from=' + range.from + '&to=' + range.to)]);
      showStatus('');
      renderSummary(summary);
      renderChanges(changes);
      renderLoans(loans);
      return true;
    } catch (error) {
      showStatus(explain(error));
      return false;
    }
  }

  async function signedIn() {
    $('auth-status').textContent = '已登录：使用监管者令牌读取数据。';
    const button = $('sign-in');
    if (button) button.hidden = true;
    await load();
  }

  async function drawPlan(event) {
    event.preventDefault();
    const form = event.target;
    const body = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) body[k] = String(v).trim();
    try {
      const plan = await api('/api/inspections/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      showStatus('');
      $('plan-seed-used').textContent = plan.seed;
      $('plan-id').textContent = plan.planId;
      const population = grades.map((g) => g + ' 级 ' + (plan.populationByGrade[g] || 0) + ' 家（抽取比例 ' + Math.round((plan.ratios[g] || 0) * 100) + '%）').join('，');
      $('plan-summary').textContent = '抽查对象 ' + plan.selected.length + ' 家；总体：' + population + '。持有种子即可按 SHA-256("种子:代码") 复核抽取结果。';
      const list = $('plan-selected');
      list.replaceChildren();
      for (const s of plan.selected) {
        const li = el('li');
        const link = el('a', s.name || s.uscc);
        link.href = '/e/' + encodeURIComponent(s.uscc);
        li.append(badge(s.grade), ' ', link, el('div', s.uscc, 'meta'));
        list.appendChild(li);
      }
      $('plan-result').hidden = false;
    } catch (error) {
      showStatus(explain(error));
    }
  }

  async function start() {
    $('plan-form').addEventListener('submit', drawPlan);
    await signIn.start();
  }

  start();
})();
