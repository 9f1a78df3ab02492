/** The frame every console page shares (header, navigation, stylesheet, keyboard script) and how a page is sent. */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Principal } from '../../access/api-keys.js';
import { consoleStyle } from './console-style.js';
import { keyboardScript } from './keyboard-script.js';

export type Section = 'queue' | 'audit' | 'entity' | 'sign-in';

export interface PageProps {
  title: string;
  section: Section;
  principal?: Principal;
  /** A line of feedback at the top (after a decision, a split). */
  notice?: { text: string; error?: boolean };
  status?: ContentfulStatusCode;
}

/**
 * Sends a page: the HTML with a strict Content-Security-Policy (the one inline script runs by its nonce), never
 * cached (pages show personal data), never framed.
 */
export function sendPage(c: Context, props: PageProps, content: Child): Response | Promise<Response> {
  const nonce = randomBytes(16).toString('base64');
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; ` +
      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Content-Type-Options', 'nosniff');
  const page = (
    <Layout {...props} nonce={nonce}>
      {content}
    </Layout>
  );
  return c.html(html`<!DOCTYPE html>${page}`, props.status ?? 200);
}

function Layout(props: PageProps & { nonce: string; children?: Child }) {
  const nav = (href: string, section: Section, text: string) => (
    <a href={href} class={props.section === section ? 'here' : undefined}>
      {text}
    </a>
  );
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · 桥 数据管理台`}</title>
        <style dangerouslySetInnerHTML={{ __html: consoleStyle }} />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/console">
            <b>桥</b> 数据管理台
          </a>
          {props.principal && (
            <nav>
              {nav('/console', 'queue', '待判定队列')}
              {nav('/console/audit', 'audit', '操作记录')}
            </nav>
          )}
          {props.principal && (
            <div class="who">
              <span>{props.principal.name}</span>
              <form method="post" action="/console/sign-out">
                <button type="submit">退出</button>
              </form>
            </div>
          )}
        </header>
        <main>
          {props.notice && (
            <div class={props.notice.error ? 'notice error' : 'notice'} role="status">
              {props.notice.text}
            </div>
          )}
          {props.children}
          {props.principal && (
            <footer class="keys">
              快捷键：<kbd>j</kbd>/<kbd>k</kbd> 上下移动 <kbd>Enter</kbd> 打开 <kbd>s</kbd> 相同 <kbd>d</kbd>{' '}
              不同
              <kbd>n</kbd> 下一对 <kbd>q</kbd> 返回队列 <kbd>/</kbd> 筛选 <kbd>Esc</kbd> 离开输入框{' '}
              <kbd>?</kbd> 帮助
            </footer>
          )}
        </main>
        <div id="keys-help" class="help" role="dialog" aria-label="快捷键">
          <div>
            <kbd>j</kbd>
            <kbd>k</kbd>在列表中下移 / 上移
          </div>
          <div>
            <kbd>Enter</kbd>打开选中的一行
          </div>
          <div>
            <kbd>s</kbd>判定为相同（合并）
          </div>
          <div>
            <kbd>d</kbd>判定为不同
          </div>
          <div>
            <kbd>n</kbd>跳过，看下一对
          </div>
          <div>
            <kbd>q</kbd>返回队列
          </div>
          <div>
            <kbd>]</kbd>队列下一页
          </div>
          <div>
            <kbd>/</kbd>聚焦筛选条件
          </div>
          <div>
            <kbd>Esc</kbd>离开输入框（之后可用快捷键）
          </div>
        </div>
        <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: keyboardScript }} />
      </body>
    </html>
  );
}
