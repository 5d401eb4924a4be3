/**
 * The stylesheet of `export --format html`: the phone's look on screen, and for print ("Print to PDF")
 * no backgrounds, no bubble split across pages, no day heading left alone at the foot of a page.
 * The page allows exactly this text as its style (by hash, in its Content-Security-Policy).
 */
export const HTML_CSS = `
:root { --ink: #111b21; --muted: #667781; --line: #d1d7db; }
* { box-sizing: border-box; }
body { margin: 0; background: #efeae2; color: var(--ink);
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 16px 12px 48px; }
header.export { margin: 8px 0 16px; color: var(--muted); font-size: 13px; }
header.export ul { margin: 4px 0 0; padding-left: 20px; }
header.export a, nav.pages a, ol.pages a, a.open { color: #027eb5; }
dl.records { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; padding: 8px 12px;
  background: #fff; border-radius: 8px; color: var(--ink); }
dl.records dt { color: var(--muted); }
dl.records dd { margin: 0; overflow-wrap: anywhere; }
.page-of { margin: 8px 0 0; color: var(--ink); }
nav.pages { display: flex; gap: 16px; justify-content: center; margin: 12px 0; font-size: 14px; }
ol.pages { margin: 8px 0 24px; padding-left: 28px; }
ol.pages li { margin: 2px 0; }
a.id { margin-right: 6px; color: var(--muted); text-decoration: none; }
.system a.id { margin: 0 0 0 8px; font-size: 11px; }
section.chat + section.chat { margin-top: 40px; }
h1 { margin: 0 0 4px; padding: 12px 16px; background: #008069; color: #fff; font-size: 20px; border-radius: 8px; }
.count { margin: 12px 0 0; color: var(--muted); font-size: 13px; text-align: center; }
h2.day { width: fit-content; margin: 16px auto 8px; padding: 4px 12px; background: #fff; border-radius: 8px;
  color: var(--muted); font-size: 13px; font-weight: 500; box-shadow: 0 1px 1px rgba(11, 20, 26, .13); }
.msg { width: fit-content; min-width: 120px; max-width: 75%; margin: 3px 0; padding: 6px 9px 4px;
  background: #fff; border-radius: 8px; box-shadow: 0 1px 1px rgba(11, 20, 26, .13); }
.msg.right { margin-left: auto; background: #d9fdd3; }
.author { font-size: 13px; font-weight: 600; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.foot { margin-top: 2px; color: var(--muted); font-size: 11px; text-align: right; white-space: nowrap; }
.edited { margin-right: 6px; font-style: italic; }
.deleted-later { margin-right: 6px; font-style: italic; color: #b3261e; }
.kind { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.msg.deleted .text { color: var(--muted); font-style: italic; }
.system { width: fit-content; max-width: 85%; margin: 8px auto; padding: 5px 12px; background: #fff5c4;
  border-radius: 8px; color: #54656f; font-size: 13px; text-align: center; box-shadow: 0 1px 1px rgba(11, 20, 26, .13); }
.system .text { display: inline; }
.system time { margin-left: 8px; color: var(--muted); font-size: 11px; }
figure { margin: 2px 0 4px; }
figure img { display: block; max-width: 100%; max-height: 360px; border-radius: 6px; }
figcaption, .file { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.file { margin: 2px 0 4px; padding: 6px 8px; background: rgba(11, 20, 26, .05); border-radius: 6px; }
.file .name { color: var(--ink); font-weight: 500; }
.missing { border: 1px dashed #c62828; background: #fdecea; color: #8e1c1c; }
.missing .name { color: #8e1c1c; }
.omitted { border: 1px dashed var(--line); font-style: italic; }
.empty { color: var(--muted); text-align: center; font-style: italic; }
.a0 .author { color: #1f7aa8; } .a1 .author { color: #b3261e; } .a2 .author { color: #00796b; }
.a3 .author { color: #8e24aa; } .a4 .author { color: #c15c00; } .a5 .author { color: #3949ab; }
.a6 .author { color: #ad1457; } .a7 .author { color: #558b2f; }
@media print {
  @page { margin: 15mm; }
  body { background: none; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  header.export ul, nav.pages { display: none; }
  dl.records { padding: 0; border: .5pt solid #999; border-radius: 0; }
  a.id, a.open { color: #000; }
  h1 { background: none; color: #000; padding: 0 0 4pt; border-bottom: 1.5pt solid #000; border-radius: 0; }
  h1, h2.day { break-after: avoid; page-break-after: avoid; }
  h2.day { background: none; box-shadow: none; border-bottom: .5pt solid #999; border-radius: 0; color: #000; }
  section.chat + section.chat { break-before: page; page-break-before: always; margin-top: 0; }
  .msg, .system, figure, .file { break-inside: avoid; page-break-inside: avoid; }
  .msg, .msg.right, .system { background: none; box-shadow: none; border: .5pt solid #999; }
  .file { background: none; border: .5pt solid #bbb; }
  .missing { border: 1pt dashed #000; color: #000; }
  .missing .name { color: #000; }
  figure img { max-height: 9cm; }
}
`;
