/** The report's styles: readable on screen, and on paper (charts do not split across pages). */
export const pageStyle = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 1.5rem auto; max-width: 1000px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: .9rem; margin: .6rem 0 .2rem; font-weight: 600; }
.meta, .note, .legend { color: #555; font-size: .9rem; }
.good { color: #2e7d32; } .bad { color: #c62828; } .warn { color: #b8860b; }
.verdict { font-weight: 600; font-size: 1.1rem; margin: 0 0 .6rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .4rem 0 1rem; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
th { background: #f4f4f4; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fdecea; }
code { font-size: .85em; }
figure.pool { margin: 1rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
.pair { display: flex; gap: 1rem; flex-wrap: wrap; }
.pair > div { flex: 1 1 460px; }
svg { max-width: 100%; height: auto; }
.key { display: inline-block; width: 1.4em; height: .35em; vertical-align: middle; margin-left: .6em; }
.key.usage { background: #3b6db3; } .key.capacity { background: #222; }
.key.warning { background: #e0a800; } .key.critical { background: #c62828; }
.key.band { height: .9em; opacity: .45; }
.dot { display: inline-block; width: .6em; height: .6em; border-radius: 50%; background: #c62828; margin-left: .6em; }
.state { border-left: 4px solid; padding-left: .3em; }
.count { margin-right: .8em; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .9rem; }
dl.summary dt { color: #555; } dl.summary dd { margin: 0; }
nav ul { padding-left: 1.2rem; font-size: .9rem; }
@media print { body { max-width: none; margin: 0; } nav { display: none; } a { color: inherit; text-decoration: none; } }
`;
