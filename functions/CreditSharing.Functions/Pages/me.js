// 企业信用中心 (/me): a signed-in enterprise reads its grade and factors, its records of every tier, its
// consents and access log, objections, repair applications and commitments through the same JSON APIs
// (bearer token) every other client uses, and may file a 信用承诺. Served from /assets/me.js after the
// pages' shared sign-in (signin.js); it never writes data as HTML.
(() => {
  'use strict';
  const labels = JSON.parse(document.body.dataset.labels || '{}');
  const tokenKey = 'creditsharing.me.token';
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(window.location.search);
  let uscc = (params.get('uscc') || '').trim().toUpperCase();
  let recordsToken = null;

  const label = (table, code) => (table && table[code]) || code;
  const time = (at) => at ? new Date(at).toLocaleString('zh-CN', { hour12: false }) : '—';

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function badge(grade) {
    const span = el('span', grade || '未评', 'grade big grade-' + (['A', 'B', 'C', 'D'].includes(grade) ? grade : 'none'));
    span.setAttribute('aria-label', '信用等级 ' + (grade || '未评价'));
    return span;
  }

  // A <dl> of the rows whose value is present.
  function rows(pairs) {
    const dl = el('dl');
    for (const [name, value] of pairs) {
      if (value === undefined || value === null || value === '') continue;
      dl.append(el('dt', name), el('dd', value));
    }
    return dl;
  }

  function fill(list, items, render, empty) {
    list.replaceChildren();
    if (!items.length) { list.appendChild(el('li', empty, 'muted')); return; }
    for (const item of items) list.appendChild(render(item));
  }

  function showStatus(text) {
    const status = $('data-status');
    status.textContent = text;
    status.hidden = !text;
  }

  function explain(error) {
    if (error.status === 401) return '需要登录：数据接口回答 401（没有有效的企业令牌）。请先登录。';
    if (error.status === 403) return '没有权限：数据接口回答 403，此账号不代表该企业（' + error.message + '）。';
    if (error.status) return '数据接口回答 ' + error.status + '：' + error.message;
    return '无法连接数据接口：' + error.message;
  }

  const signIn = CreditSharingSignIn.create({
    tokenKey,
    localToken: () => {
      const typed = $('sign-in-uscc').value.trim().toUpperCase();
      return { roles: ['Enterprise'], sub: 'me-' + typed, uscc: typed };
    },
    signedIn,
    anonymous: async () => showStatus(''),
    failed: (error) => showStatus(error instanceof CreditSharingSignIn.SignInError ? error.message : explain(error))
  });
  const api = signIn.api;
  const base = () => '/api/enterprises/' + encodeURIComponent(uscc);

  function renderGrade(grade) {
    $('name-h').textContent = grade.name || grade.uscc;
    $('grade-badge').replaceChildren(badge(grade.grade));
    $('score').textContent = '评分 ' + grade.score;
    $('grade-meta').textContent = '评价时间 ' + time(grade.computedAt) + ' · 规则版本 ' + grade.rulesVersion + ' · 数据来源 ' + grade.dataSources + ' 个部门';
    fill($('factors'), grade.factors, (f) => {
      const li = el('li', null, 'factor');
      li.dataset.rule = f.rule;
      li.append(el('strong', (f.points > 0 ? '+' : '') + f.points + ' 分'), ' ', f.description);
      if (f.recordIds.length) li.appendChild(el('div', '依据记录：' + f.recordIds.join('、'), 'meta'));
      return li;
    }, '没有计分因素：无信用数据时默认B级。');
  }

  function renderRecord(r) {
    const li = el('li', null, 'record');
    li.dataset.id = r.id;
    const head = el('div');
    head.append(el('strong', label(labels.categories, r.category) + (r.severity ? '（' + label((labels.qualifiers || {})[r.category], r.severity) + '）' : '')), ' ', r.title,
      el('span', label(labels.disclosure, r.disclosure), 'tag tier-' + r.disclosure));
    if (r.disputed) head.appendChild(el('span', labels.disputed, 'tag disputed'));
    if (r.withdrawn) head.appendChild(el('span', '已撤销', 'tag'));
    if (r.repair) head.appendChild(el('span', '已修复', 'tag'));
    li.append(head, rows([
      ['记录编号', r.id], ['决定日期', r.decisionDate], ['决定文书号', r.documentNo], ['决定机关', r.authority], ['内容', r.content],
      ['公示截止', r.publicUntil], ['可申请修复', r.repairEligibleFrom]
    ]));
    return li;
  }

  async function loadRecords(more) {
    const query = '?pageSize=50' + (more && recordsToken ? '&continuationToken=' + encodeURIComponent(recordsToken) : '');
    const page = await api(base() + '/records' + query);
    const list = $('records');
    if (!more) list.replaceChildren();
    for (const r of page.items) list.appendChild(renderRecord(r));
    if (!list.children.length) list.appendChild(el('li', '没有信用记录。', 'muted'));
    recordsToken = page.continuationToken || null;
    $('more-records').hidden = !recordsToken;
  }

  async function loadGrade() {
    try {
      renderGrade(await api(base() + '/grade'));
    } catch (error) {
      if (error.status !== 404) throw error;
      $('grade-badge').replaceChildren(badge(null));
      $('grade-meta').textContent = '尚未评价。';
    }
  }

  async function loadAll() {
    $('uscc').textContent = '统一社会信用代码 ' + uscc;
    $('public-page').href = '/e/' + encodeURIComponent(uscc);
    const [consents, accessLog, objections, repairs, commitments] = await Promise.all([
      api(base() + '/authorizations'),
      api(base() + '/access-log?pageSize=50'),
      api(base() + '/objections'),
      api('/api/repairs?uscc=' + encodeURIComponent(uscc)),
      api('/api/commitments?uscc=' + encodeURIComponent(uscc)),
      loadGrade(),
      loadRecords(false)
    ]);
    fill($('consents'), consents, (c) => {
      const li = el('li', null, 'consent');
      li.append(el('strong', c.bankId), ' ', c.purpose, el('span', c.revokedAt ? '已撤回' : '有效', 'tag'));
      li.appendChild(rows([['授权时间', time(c.grantedAt)], ['有效期至', c.expiresOn], ['撤回时间', c.revokedAt ? time(c.revokedAt) : null]]));
      return li;
    }, '没有授权任何银行查询。');
    fill($('access-log'), accessLog.items, (a) => {
      const li = el('li', null, 'access');
      li.append(el('strong', a.bankId), ' ', a.product, ' · ', a.outcome);
      li.appendChild(el('div', time(a.at) + ' · 留痕编号 ' + a.auditId, 'meta'));
      return li;
    }, '没有银行查询记录。');
    fill($('objections'), objections, (o) => {
      const li = el('li', null, 'objection');
      li.append(el('strong', label(labels.objectionStatuses, o.status)), ' ', o.reason);
      if (o.overdue) li.appendChild(el('span', '已超期', 'tag'));
      li.appendChild(rows([['异议对象', o.target.id], ['提出时间', time(o.filedAt)], ['办理期限', o.dueOn], ['处理意见', o.decision ? o.decision.note : null]]));
      return li;
    }, '没有异议申请。');
    fill($('repairs'), repairs, (r) => {
      const li = el('li', null, 'repair');
      li.append(el('strong', label(labels.repairStatuses, r.status)), ' ', r.reason || '');
      li.appendChild(rows([['修复对象', r.target.id], ['申请时间', time(r.submittedAt)], ['办理期限', r.dueOn], ['审核意见', r.note]]));
      return li;
    }, '没有信用修复申请。');
    fill($('commitments'), commitments, (c) => {
      const li = el('li', null, 'commitment');
      li.append(el('strong', c.kind), '（' + label(labels.commitmentStatuses, c.status) + '）', el('span', c.public ? '公示' : '不公示', 'tag'));
      li.appendChild(rows([['承诺内容', c.text], ['承诺日期', time(c.signedAt)], ['承诺期限', c.dueOn || '长期']]));
      return li;
    }, '没有信用承诺。');
  }

  async function signedIn() {
    $('auth-status').textContent = '已登录：使用企业令牌读取本企业的信用信息。';
    const button = $('sign-in');
    if (button) button.hidden = true;
    const form = $('local-sign-in');
    if (form) form.hidden = true;
    try {
      const mine = await api('/api/me/enterprises');
      if (!uscc && mine.usccs.length === 1) uscc = mine.usccs[0];
      if (!uscc) {
        const select = $('pick-uscc');
        select.replaceChildren(...mine.usccs.map((u) => el('option', u)));
        $('pick').hidden = false;
        showStatus(mine.usccs.length ? '' : '此账号尚未绑定任何企业：请联系监管部门绑定账号。');
        return;
      }
      $('content').hidden = false;
      await loadAll();
      showStatus('');
    } catch (error) {
      showStatus(explain(error));
    }
  }

  async function downloadReport() {
    try {
      const bearer = await signIn.token();
      const response = await fetch(base() + '/report.pdf', { headers: bearer ? { authorization: 'Bearer ' + bearer } : {}, credentials: 'same-origin' });
      if (!response.ok) throw new CreditSharingSignIn.HttpError(response.status, response.statusText);
      const link = el('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download = uscc + '-' + (response.headers.get('x-report-number') || 'report') + '.pdf';
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (error) {
      showStatus(explain(error));
    }
  }

  async function fileCommitment(event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const body = { uscc, kind: data.get('kind'), text: String(data.get('text') || '').trim(), public: true };
    if (data.get('dueOn')) body.dueOn = data.get('dueOn');
    try {
      await api('/api/commitments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      $('commitment-status').textContent = '承诺已提交。';
      event.target.reset();
      await loadAll();
    } catch (error) {
      $('commitment-status').textContent = explain(error);
    }
  }

  $('more-records').addEventListener('click', () => loadRecords(true).catch((error) => showStatus(explain(error))));
  $('report').addEventListener('click', downloadReport);
  $('commitment-form').addEventListener('submit', fileCommitment);
  signIn.start();
})();
