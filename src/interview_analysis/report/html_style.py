"""The stylesheet of ``report.html``: screen layout with sticky navigation, and print (A4).

On screen the contents sit in a sticky column beside the text (above it on a narrow window);
the text column is wide enough (52 em) that figures drawn for a 16 cm page are legible at
page width. In print the navigation is hidden, pages are A4 with 2.5 cm margins, every theme
and main section starts on a new page, and figures, table rows and quotations never break.
"""
from __future__ import annotations

CSS = """
:root{--text:#1a1a1a;--muted:#444;--rule:#999;--accent:#0b5394}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.45;color:var(--text);
margin:0;padding:0 1.5em;display:grid;grid-template-columns:15rem minmax(0,52rem);
column-gap:2.5rem;justify-content:center}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto;
padding:1.2em 0 2em;font-size:.88em;line-height:1.3}
nav.toc h2{font-size:1em;margin:0 0 .6em;text-transform:uppercase;letter-spacing:.04em;
color:var(--muted)}
nav.toc ol{list-style:none;margin:0;padding:0}nav.toc ol ol{padding-left:1em;margin:.2em 0 .4em}
nav.toc li{margin:.25em 0}nav.toc a{color:var(--accent);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
nav.toc details{margin-top:1em}nav.toc summary{cursor:pointer;color:var(--muted)}
main{min-width:0;padding-bottom:4em}
h1{font-size:1.7em;margin:1.2em 0 .6em}h2{font-size:1.35em;margin-top:1.8em}
h3{font-size:1.12em;margin-top:1.5em}
h2,h3{scroll-margin-top:.6em}
figure{margin:1.5em 0;scroll-margin-top:.6em}figure img{width:100%;height:auto;display:block}
figcaption,p.caption{font-size:.92em;margin:.4em 0}
.table-wrap{overflow-x:auto;margin:.4em 0 1.2em}
table{border-collapse:collapse;font-size:.85em;scroll-margin-top:.6em}table.wide{font-size:.76em}
th,td{border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:.25em .55em;
text-align:left;vertical-align:top}th{background:#f2f2f2;vertical-align:bottom}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
blockquote{margin:.6em 0 .6em 1.5em;font-style:italic;color:#333}
blockquote cite{font-style:normal;margin-left:.4em}
a.context{font-size:.8em;font-style:normal;margin-left:.5em;color:var(--accent)}
p.definition,p.evidence{font-size:.92em;color:var(--muted)}p.note{font-size:.85em;color:var(--muted)}
p.question,p.recommendation,p.bullet{margin-left:1.6em;text-indent:-1.6em}
p.question .n,p.recommendation .n{display:inline-block;width:1.6em;text-indent:0}
p.recommendation{font-weight:bold;margin-top:1.2em}
p.bullet::before{content:"–";display:inline-block;width:1.6em;text-indent:0}
section.passages .passage{border-left:3px solid #ddd;padding:.2em 0 .2em 1em;margin:1em 0;
scroll-margin-top:.6em}
section.passages .passage:target{border-left-color:var(--accent);background:#f3f7fb}
section.passages .speaker{font-weight:bold}section.passages p.before{color:var(--muted)}
section.passages .id{font-size:.85em;color:var(--muted)}
footer{margin-top:3em;font-size:.8em;color:#666}
@media (max-width:62rem){body{display:block;max-width:52rem;margin:0 auto}
nav.toc{position:static;max-height:none;border-bottom:1px solid #ddd;margin-bottom:1em}}
@media print{
@page{size:A4;margin:2.5cm}
body{display:block;padding:0;font-size:11pt;max-width:none}
nav.toc,a.context,a.back{display:none}
h2.chapter,h3.theme,section.passages{break-before:page}
main>h2.chapter:first-of-type,h2.chapter+h3.theme{break-before:auto}
h2,h3,p.caption,p.recommendation{break-after:avoid}
figure,tr,blockquote,.passage{break-inside:avoid}
figure img{max-width:16cm}
.table-wrap{overflow:visible}table{font-size:8.5pt}table.wide{font-size:7pt}
thead{display:table-header-group}
a{color:inherit;text-decoration:none}
}
"""
