/**
 * `/docs`: the interactive API reference, rendered on the server from the OpenAPI document (no CDN, no build: the hub
 * often runs on a government network without internet). Every operation has a form to try it with your API key.
 */
import { html, raw } from 'hono/html';
import type { buildOpenApiDocument } from './openapi.js';

type Doc = ReturnType<typeof buildOpenApiDocument>;
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema?: Record<string, unknown>;
}
interface OperationObject {
  summary: string;
  tags: string[];
  operationId: string;
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  'x-scopes'?: string[];
}

const script = `
const keyInput = document.getElementById('key');
keyInput.value = sessionStorage.getItem('qiao-key') || '';
keyInput.addEventListener('change', () => sessionStorage.setItem('qiao-key', keyInput.value));
for (const form of document.querySelectorAll('form[data-path]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    let path = form.dataset.path;
    const query = new URLSearchParams();
    for (const [name, value] of data) {
      if (name === '__body' || value === '') continue;
      if (path.includes('{' + name + '}')) path = path.replace('{' + name + '}', encodeURIComponent(value));
      else query.set(name, value);
    }
    const out = form.querySelector('output');
    out.textContent = '…';
    const body = data.get('__body');
    const headers = keyInput.value ? { Authorization: 'Bearer ' + keyInput.value } : {};
    if (body) headers['Content-Type'] = form.dataset.type || 'application/json';
    try {
      const res = await fetch(path + (query.size ? '?' + query : ''), { method: form.dataset.method, headers, body: body || undefined });
      const text = await res.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      out.textContent = res.status + ' ' + res.statusText + '\\n' + shown.slice(0, 20000);
    } catch (error) { out.textContent = String(error); }
  });
}`;

const style = `
body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2329}
header{position:sticky;top:0;background:#0f4c81;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
header input{width:360px;padding:4px}
main{max-width:1100px;margin:0 auto;padding:8px 16px}
details{border:1px solid #d5dbe1;border-radius:4px;margin:6px 0}
summary{padding:6px 10px;cursor:pointer}
.m{display:inline-block;width:56px;font-weight:600;text-transform:uppercase}
.get{color:#1a7f37}.post{color:#0f4c81}.patch{color:#9a6700}.delete{color:#cf222e}
form{padding:8px 12px;display:grid;gap:6px}
label{display:grid;grid-template-columns:160px 1fr;gap:8px}
textarea{min-height:80px;font-family:monospace}
output{white-space:pre-wrap;font-family:monospace;background:#f6f8fa;padding:6px;max-height:360px;overflow:auto}
code{background:#f6f8fa;padding:0 3px}`;

export function renderApiReference(doc: Doc) {
  const byTag = new Map<string, Array<{ path: string; method: string; op: OperationObject }>>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, OperationObject>)) {
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  }
  const sections = [...byTag].map(
    ([tag, ops]) => html`<h2>${tag}</h2>
      ${ops.map(({ path, method, op }) => {
        const [bodyType, bodyContent] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
        return html`<details id="${op.operationId}">
          <summary><span class="m ${method}">${method}</span> <code>${path}</code> — ${op.summary}
            ${op['x-scopes'] ? html` <small>(${op['x-scopes'].join(' / ')})</small>` : ''}</summary>
          <form data-path="${path}" data-method="${method.toUpperCase()}" data-type="${bodyType ?? ''}">
            ${op.parameters.map(
              (p) => html`<label>${p.name}${p.required ? ' *' : ''} <small>(${p.in})</small>
                <input name="${p.name}" ${p.required ? 'required' : ''} placeholder="${typeof p.schema?.type === 'string' ? p.schema.type : ''}" /></label>`,
            )}
            ${
              bodyContent
                ? html`<label>body <small>(${bodyType})</small><textarea name="__body"></textarea></label>
                    <details><summary>schema</summary><output>${JSON.stringify(bodyContent.schema, null, 2)}</output></details>`
                : ''
            }
            <button type="submit">发送 / Send</button>
            <output></output>
          </form>
        </details>`;
      })}`,
  );
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>${doc.info.title} — API 参考</title>
        <style>
          ${raw(style)}
        </style>
      </head>
      <body>
        <header>
          <strong>${doc.info.title}</strong>
          <label>API key <input id="key" type="password" autocomplete="off" placeholder="qiao_…" /></label>
          <a style="color:#fff" href="/openapi.json">openapi.json</a>
        </header>
        <main>
          <p>${doc.info.description}</p>
          ${sections}
        </main>
        <script>
          ${raw(script)}
        </script>
      </body>
    </html>`;
}
