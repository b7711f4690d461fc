// interview-analysis coding widget: the front end of notebook/widget.py (a plain ES module,
// no build step, no network).
//
// Offsets: the model speaks Unicode code points into the document's canonical text (what
// Python's text[start:end] indexes); the DOM speaks UTF-16 code units, in which an emoji takes
// two. `Doc` converts both ways, and `snapToWords` follows notebook/offsets.py.
//
// Keys: the root has tabindex=0 and data-lm-suppress-shortcuts (Lumino, the toolkit of
// JupyterLab and Notebook 7, matches no shortcut inside it), and every keydown is stopped at
// the root, so no key reaches the notebook's command mode (x would cut the cell).

const STANCE_KEYS = { "1": "positive", "2": "negative", "3": "mixed", "0": null };
const STANCE_TEXT = { positive: "+ positive", negative: "− negative", mixed: "± mixed" };
const STANCE_COLOUR = { positive: "#1a7f37", negative: "#cf222e", mixed: "#9a6700" };
const LANES = 6; // codings drawn side by side in the margin (more overlap: the rest share)
const LANE_PX = 5;
const BAND_PX = 3;
const CORE = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
const JOINERS = new Set(["'", "\u2019", "-"]);

// ---------------------------------------------------------------- offsets

// table[u] = code point index of UTF-16 unit u (0..s.length); the middle of a surrogate pair
// maps to the pair's character.
export function u16ToCpTable(s) {
  const t = new Int32Array(s.length + 1);
  let cp = 0;
  for (let i = 0; i < s.length; ) {
    const w = s.codePointAt(i) > 0xffff ? 2 : 1;
    t[i] = cp;
    if (w === 2) t[i + 1] = cp;
    i += w;
    cp += 1;
  }
  t[s.length] = cp;
  return t;
}

export class Doc {
  constructor(text) {
    this.text = text;
    this.astral = /[\uD800-\uDFFF]/.test(text);
    if (this.astral) {
      this.cps = Array.from(text);
      this.cpToU = new Int32Array(this.cps.length + 1);
      let u = 0;
      for (let i = 0; i < this.cps.length; i++) { this.cpToU[i] = u; u += this.cps[i].length; }
      this.cpToU[this.cps.length] = u;
      this.uToCp = u16ToCpTable(text);
    }
    this.length = this.astral ? this.cps.length : text.length;
  }
  u(cp) { return this.astral ? this.cpToU[cp] : cp; }
  cp(u) { return this.astral ? this.uToCp[Math.min(u, this.text.length)] : u; }
  ch(i) { return this.astral ? this.cps[i] : this.text[i]; }
  slice(a, b) { return this.text.slice(this.u(a), this.u(b)); }
}

function isCore(doc, i) { return i >= 0 && i < doc.length && CORE.test(doc.ch(i)); }

function isWord(doc, i) {
  if (i < 0 || i >= doc.length) return false;
  if (JOINERS.has(doc.ch(i))) return isCore(doc, i - 1) && isCore(doc, i + 1);
  return isCore(doc, i);
}

// [a, b) trimmed of non-word characters and widened to whole words; null if no word is left.
export function snapToWords(doc, a, b) {
  let s = Math.max(0, Math.min(a, b)), e = Math.min(doc.length, Math.max(a, b));
  while (s < e && !isWord(doc, s)) s++;
  while (e > s && !isWord(doc, e - 1)) e--;
  if (s >= e) return null;
  while (s > 0 && isWord(doc, s - 1)) s--;
  while (e < doc.length && isWord(doc, e)) e++;
  return [s, e];
}

// ---------------------------------------------------------------- small helpers

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ESC[c]);

function tint(colour, alpha) {
  const m = /^#([0-9a-f]{6})$/i.exec(colour || "");
  if (!m) return `rgba(128,128,128,${alpha})`;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function make(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label, title, onClick) {
  const b = make("button", "", label);
  b.type = "button";
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

function clock(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  const two = (x) => String(x).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

// Lanes for overlapping spans (interval partitioning): lane[i] for items sorted by start.
function assignLanes(items) {
  const ends = [], lanes = new Map();
  const order = [...items].sort((x, y) => x.start - y.start || y.end - x.end);
  for (const it of order) {
    let lane = ends.findIndex((end) => end <= it.start);
    if (lane < 0) { lane = ends.length; ends.push(it.end); } else ends[lane] = it.end;
    lanes.set(it, Math.min(lane, LANES - 1));
  }
  return lanes;
}

const keyOf = (c) => `${c.start}:${c.end}:${c.code}`;
const overlaps = (x, s, e) => x.start < e && x.end > s;

// ---------------------------------------------------------------- the widget view

class Coder {
  constructor(model, host) {
    this.model = model;
    this.host = host;
    this.pending = null;      // [start, end] of the selection, snapped (code points)
    this.showPending = false; // draw it while the code tree has the focus
    this.picked = null;       // key of the picked coding
    this.stance = null;       // stance for the next coding
    this.memo = "";           // memo for the next coding
    this.intent = null;       // what Enter in the code tree does: code | recode | change
    this.current = null;      // key of the current suggestion (review mode)
    this.caret = 0;           // turn of the keyboard caret
    this.active = 0;          // highlighted row of the code tree
    this.dirty = new Set();   // turns whose margin stripes need drawing
    this.build();
    this.listen();
    this.loadText();
    const focus = model.get("scroll_to") || {};
    if (focus.offset !== undefined) requestAnimationFrame(() => this.scrollTo(focus.offset));
    this.root.dataset.ready = "1";
  }

  // ---------------------------------------------------------- skeleton
  build() {
    const root = (this.root = make("div", "ia-coder"));
    root.tabIndex = 0;
    root.setAttribute("data-lm-suppress-shortcuts", "true");
    root.setAttribute("role", "application");
    root.setAttribute("aria-label", "coding widget: press ? for keys");
    root.style.setProperty("--ia-gutter", `${LANES * LANE_PX}px`);

    const bar = make("div", "ia-bar");
    this.prevDoc = button("◀", "previous document ([)", () => this.stepDocument(-1));
    this.docSelect = make("select", "ia-doc-select");
    this.docSelect.title = "document";
    this.nextDoc = button("▶", "next document (])", () => this.stepDocument(1));
    this.codeBtn = button("Code", "code: select words and give them a code", () => this.setMode("code"));
    this.reviewBtn = button("Review (r)", "review the suggestions", () => this.setMode("review"));
    this.progressEl = make("span", "ia-progress");
    this.undoBtn = button("↶ Undo", "undo (z)", () => this.send({ action: "undo" }));
    this.redoBtn = button("↷ Redo", "redo (Shift+Z)", () => this.send({ action: "redo" }));
    this.helpBtn = button("?", "keys (?)", () => this.toggleHelp());
    const who = make("span", "ia-coder-name", `coder: ${this.model.get("coder")}`);
    bar.append(this.prevDoc, this.docSelect, this.nextDoc, this.codeBtn, this.reviewBtn,
               this.progressEl, make("span", "ia-spacer"), who, this.undoBtn, this.redoBtn,
               this.helpBtn);
    this.statusEl = make("div", "ia-status");
    this.statusEl.setAttribute("role", "status");

    const main = make("div", "ia-main");
    this.docEl = make("div", "ia-doc");
    main.append(this.docEl, this.buildSide());
    this.tip = make("div", "ia-tip");
    this.tip.hidden = true;
    this.help = make("div", "ia-help");
    this.help.hidden = true;
    root.append(bar, this.statusEl, main, this.tip, this.help);
    this.host.appendChild(root);
  }

  buildSide() {
    const side = make("div", "ia-side");
    this.search = make("input", "ia-search");
    this.search.placeholder = "Search codes (c) — type, ↑ ↓, Enter";
    this.search.setAttribute("aria-label", "search codes");
    this.tree = make("div", "ia-tree");
    this.tree.setAttribute("role", "listbox");
    this.stanceBtns = {};
    const stances = make("div", "ia-stances");
    for (const [key, stance] of Object.entries(STANCE_KEYS)) {
      const b = button(stance ? `${STANCE_TEXT[stance]} ${key}` : `none ${key}`,
                       `stance ${stance || "none"} (${key})`, () => this.setStance(stance));
      b.dataset.stance = stance || "none";
      this.stanceBtns[stance || "none"] = b;
    }
    stances.append(...["positive", "negative", "mixed", "none"].map((s) => this.stanceBtns[s]));
    this.memoEl = make("textarea", "ia-memo");
    this.memoEl.placeholder = "Memo (m): why this code — Enter saves";
    this.card = make("div", "ia-card");
    side.append(make("div", "ia-label", "Codes"), this.search, this.tree,
                make("div", "ia-label", "Stance"), stances, this.memoEl, this.card);
    return side;
  }

  // ---------------------------------------------------------- model and DOM events
  listen() {
    const m = this.model;
    this.handlers = {
      "change:text": () => this.loadText(),
      "change:codings": () => this.loadCodings(),
      "change:suggestions": () => this.loadSuggestions(),
      "change:mode": () => this.drawBar(),
      "change:progress": () => this.drawBar(),
      "change:history": () => this.drawBar(),
      "change:status": () => this.drawStatus(),
      "change:scroll_to": () => requestAnimationFrame(() => this.scrollTo(m.get("scroll_to").offset)),
      "change:height": () => { this.docEl.style.height = m.get("height"); },
    };
    for (const [name, fn] of Object.entries(this.handlers)) m.on(name, fn);

    const root = this.root;
    root.addEventListener("keydown", (e) => this.onKeydown(e));
    for (const type of ["keypress", "keyup"]) root.addEventListener(type, (e) => e.stopPropagation());
    this.docEl.addEventListener("mouseup", (e) => this.onMouseup(e));
    this.docEl.addEventListener("mouseover", (e) => this.onHover(e));
    this.docEl.addEventListener("mouseleave", () => { this.tip.hidden = true; });
    this.docEl.addEventListener("scroll", () => { this.tip.hidden = true; }, { passive: true });
    this.onSelection = () => this.readSelection();
    document.addEventListener("selectionchange", this.onSelection);
    this.search.addEventListener("input", () => { this.active = -1; this.drawTree(); });
    this.search.addEventListener("focus", () => this.openPicker(this.intent || this.inferIntent(), false));
    this.tree.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    this.tree.addEventListener("click", (e) => {
      const row = e.target.closest(".ia-code");
      if (row) this.applyCode(row.dataset.id, this.intent || this.inferIntent());
    });
    this.memoEl.addEventListener("input", () => { if (!this.picked) this.memo = this.memoEl.value; });
    this.memoEl.addEventListener("change", () => this.saveMemo());
    this.docSelect.addEventListener("change", () =>
      this.send({ action: "document", document: this.docSelect.value }));
    this.observer = new IntersectionObserver((entries) => {
      for (const en of entries) if (en.isIntersecting) this.drawStripes(+en.target.dataset.k);
    }, { root: this.docEl, rootMargin: "400px 0px" });
    this.resize = new ResizeObserver(() => {
      this.docEl.querySelectorAll(".ia-turn").forEach((t) => this.dirty.add(+t.dataset.k));
      this.stripesSoon();
    });
    this.resize.observe(this.docEl);
  }

  destroy() {
    for (const [name, fn] of Object.entries(this.handlers)) this.model.off(name, fn);
    document.removeEventListener("selectionchange", this.onSelection);
    this.observer.disconnect();
    this.resize.disconnect();
  }

  send(message) {
    this.model.send(message);
  }

  say(text, error = false) {
    this.statusEl.textContent = text;
    this.statusEl.classList.toggle("ia-error", error);
  }

  // ---------------------------------------------------------- loading what Python sends
  loadText() {
    const t0 = performance.now();
    const m = this.model;
    this.doc = new Doc(m.get("text"));
    this.turns = m.get("turns");
    this.codes = m.get("codes");
    this.codeById = new Map(this.codes.map((c) => [c.id, c]));
    this.pending = null;
    this.picked = null;
    this.current = null;
    this.caret = 0;
    this.docEl.style.height = m.get("height");
    this.docSelect.replaceChildren(...m.get("documents").map((d) =>
      new Option(`${d.id} · ${d.case} · ${d.words.toLocaleString()} words`, d.id)));
    this.docSelect.value = m.get("document");
    this.indexCodings();
    this.indexSuggestions();
    this.renderAll();
    this.drawTree();
    this.drawBar();
    this.drawSide();
    const built = performance.now() - t0;
    void this.docEl.scrollHeight; // layout now, so the time includes it
    const laid = performance.now() - t0;
    requestAnimationFrame(() => {
      const rendered = { ms: Math.round(performance.now() - t0), build_ms: Math.round(built),
                         layout_ms: Math.round(laid), turns: this.turns.length,
                         codings: this.codings.length,
                         segments: this.docEl.querySelectorAll(".ia-seg").length };
      this.root.dataset.rendered = JSON.stringify(rendered); // read by bench/widget_bench.py
      m.set("rendered", rendered);
      m.save_changes();
    });
  }

  // Which turns each item overlaps (binary search over the turns, which are in text order).
  byTurn(items) {
    const per = this.turns.map(() => []);
    items.forEach((it, i) => {
      let lo = 0, hi = this.turns.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (this.turns[mid].end <= it.start) lo = mid + 1; else hi = mid; }
      for (let k = lo; k < this.turns.length && this.turns[k].start < it.end; k++) per[k].push(i);
    });
    return per;
  }

  indexCodings() {
    this.codings = this.model.get("codings");
    this.codingByKey = new Map(this.codings.map((c) => [keyOf(c), c]));
    this.codingTurns = this.byTurn(this.codings);
    this.counts = new Map();
    for (const c of this.codings) this.counts.set(c.code, (this.counts.get(c.code) || 0) + 1);
  }

  indexSuggestions() {
    this.sugs = this.model.get("mode") === "review" ? this.model.get("suggestions") : [];
    this.sugByKey = new Map(this.sugs.map((s) => [s.key, s]));
    this.sugTurns = this.byTurn(this.sugs);
  }

  // Redraw only the turns whose codings changed.
  loadCodings() {
    if (this.model.get("text") !== this.doc.text) return; // loadText draws everything
    const before = this.codingByKey;
    this.indexCodings();
    const touched = [];
    for (const [k, c] of this.codingByKey) if (JSON.stringify(before.get(k)) !== JSON.stringify(c)) touched.push(c);
    for (const [k, c] of before) if (!this.codingByKey.has(k)) touched.push(c);
    if (this.picked && !this.codingByKey.has(this.picked)) this.picked = null;
    this.renderTurns(this.turnsOf(touched));
    this.drawTree();
    this.drawSide();
  }

  loadSuggestions() {
    if (this.model.get("text") !== this.doc.text) return;
    const before = this.sugs;
    const last = this.sugByKey.get(this.current);
    this.indexSuggestions();
    if (!this.sugByKey.has(this.current)) {
      const at = last ? last.start : -1;
      const next = this.sugs.find((s) => s.start >= at) || this.sugs[this.sugs.length - 1];
      this.current = next ? next.key : null;
    }
    this.renderTurns(this.turnsOf([...before, ...this.sugs]));
    this.drawBar();
    this.drawSide();
    if (this.model.get("mode") === "review") this.revealCurrent();
  }

  turnsOf(items) {
    const set = new Set();
    this.byTurn(items).forEach((list, k) => { if (list.length) set.add(k); });
    return set;
  }

  // ---------------------------------------------------------- drawing the transcript
  renderAll() {
    const parts = this.turns.map((t, k) => {
      const who = `<span class="ia-speaker">${esc(t.speaker || (t.role === "interviewer" ? "interviewer" : ""))}</span>` +
                  `<span class="ia-pid">${esc(t.id)}</span>` +
                  (t.time !== null && t.time !== undefined ? ` · <span class="ia-time">${clock(t.time)}</span>` : "");
      return `<div class="ia-turn" data-k="${k}" data-role="${esc(t.role)}">` +
             `<div class="ia-who">${who}</div><div class="ia-body"><div class="ia-gutter"></div>` +
             `<div class="ia-text" data-k="${k}">${this.turnHtml(k)}</div></div></div>`;
    });
    this.docEl.innerHTML = parts.join("");
    this.turnEls = Array.from(this.docEl.children);
    this.observer.disconnect();
    this.dirty = new Set(this.turns.map((_, k) => k));
    for (const el of this.turnEls) this.observer.observe(el);
  }

  renderTurns(ks) {
    for (const k of ks) {
      const el = this.turnEls[k];
      if (!el) continue;
      el.querySelector(".ia-text").innerHTML = this.turnHtml(k);
      this.dirty.add(k);
    }
    this.stripesSoon();
  }

  // One turn's text as segments: a segment is a stretch covered by the same codings,
  // suggestions and pending selection.
  turnHtml(k) {
    const t = this.turns[k], s = t.start, e = t.end;
    const cods = this.codingTurns[k].map((i) => this.codings[i]);
    const sugs = this.sugTurns[k].map((i) => this.sugs[i]);
    const cuts = new Set([s, e]);
    const clip = (x) => Math.max(s, Math.min(e, x));
    for (const x of [...cods, ...sugs]) { cuts.add(clip(x.start)); cuts.add(clip(x.end)); }
    const pend = this.showPending && this.pending && overlaps({ start: this.pending[0], end: this.pending[1] }, s, e);
    if (pend) { cuts.add(clip(this.pending[0])); cuts.add(clip(this.pending[1])); }
    const pts = [...cuts].sort((a, b) => a - b);
    const lanes = assignLanes(cods);
    this.turns[k].lanes = lanes;
    let html = "";
    for (let j = 0; j + 1 < pts.length; j++) {
      const a = pts[j], b = pts[j + 1];
      const over = cods.filter((c) => c.start <= a && c.end >= b);
      const sover = sugs.filter((g) => g.start <= a && g.end >= b);
      html += this.segmentHtml(a, b, over, sover, lanes,
                               pend && this.pending[0] <= a && this.pending[1] >= b);
    }
    return html;
  }

  segmentHtml(a, b, over, sover, lanes, pending) {
    const cls = ["ia-seg"], style = [], data = [];
    if (over.length) {
      cls.push("ia-coded");
      over.sort((x, y) => lanes.get(x) - lanes.get(y));
      const top = this.codeById.get(over[0].code);
      const images = [], positions = [];
      for (const c of over) {
        const colour = (this.codeById.get(c.code) || {}).colour || "#999999";
        images.push(`linear-gradient(${colour},${colour})`);
        positions.push(`0 calc(100% - ${lanes.get(c) * BAND_PX}px)`);
      }
      const depth = Math.max(...over.map((c) => lanes.get(c))) + 1;
      const wash = tint(top && top.colour, 0.2); // a layer, so state colours show beneath it
      images.push(`linear-gradient(${wash},${wash})`);
      positions.push("0 0");
      const sizes = images.map((_, i) => (i < over.length ? `100% ${BAND_PX}px` : "100% 100%"));
      style.push(`background-image:${images.join(",")}`, `background-size:${sizes.join(",")}`,
                 `background-position:${positions.join(",")}`, "background-repeat:no-repeat",
                 `padding-bottom:${depth * BAND_PX}px`);
      data.push(`data-c="${over.map((c) => esc(keyOf(c))).join("|")}"`);
      if (this.picked && over.some((c) => keyOf(c) === this.picked)) cls.push("ia-picked");
    }
    if (sover.length) {
      cls.push("ia-sug");
      const first = sover.find((g) => g.key === this.current) || sover[0];
      const colour = first.kind === "stance" ? STANCE_COLOUR[first.stance]
                                             : (this.codeById.get(first.code) || {}).colour;
      style.push(`--ia-sc:${colour || "#666"}`);
      if (sover.some((g) => g.key === this.current)) cls.push("ia-sug-current");
      data.push(`data-g="${sover.map((g) => esc(g.key)).join("~")}"`);
    }
    if (pending) cls.push("ia-pending");
    const st = style.length ? ` style="${style.join(";")}"` : "";
    return `<span class="${cls.join(" ")}"${st} ${data.join(" ")}>${esc(this.doc.slice(a, b))}</span>`;
  }

  // Margin stripes: one bar per coding, in its lane, from its first line to its last.
  stripesSoon() {
    if (this.stripeFrame) return;
    this.stripeFrame = requestAnimationFrame(() => {
      this.stripeFrame = null;
      const view = this.docEl.getBoundingClientRect();
      for (const k of [...this.dirty]) {
        const r = this.turnEls[k] && this.turnEls[k].getBoundingClientRect();
        if (r && r.bottom > view.top - 400 && r.top < view.bottom + 400) this.drawStripes(k);
      }
    });
  }

  drawStripes(k) {
    if (!this.dirty.has(k)) return;
    this.dirty.delete(k);
    const el = this.turnEls[k], gutter = el.querySelector(".ia-gutter");
    const textEl = el.querySelector(".ia-text");
    const base = textEl.getBoundingClientRect().top;
    const segs = Array.from(textEl.children);
    const lanes = this.turns[k].lanes || new Map();
    const bars = [];
    for (const [c, lane] of lanes) {
      const key = keyOf(c);
      const mine = segs.filter((sg) => (sg.dataset.c || "").split("|").includes(key));
      if (!mine.length) continue;
      const first = mine[0].getClientRects()[0], lastRects = mine[mine.length - 1].getClientRects();
      const last = lastRects[lastRects.length - 1];
      if (!first || !last) continue;
      const colour = (this.codeById.get(c.code) || {}).colour || "#999";
      bars.push(`<div class="ia-stripe" title="${esc(this.label(c.code))}" style="left:${lane * LANE_PX}px;` +
                `top:${first.top - base}px;height:${Math.max(4, last.bottom - first.top)}px;` +
                `background:${colour}"></div>`);
    }
    gutter.innerHTML = bars.join("");
  }

  label(code) {
    const c = this.codeById.get(code);
    return c ? `${c.label} [${c.id}]` : code;
  }

  // ---------------------------------------------------------- toolbar, status, side panel
  // Redraws may remove or disable the focused button; the focus stays in the widget.
  keepFocus(draw) {
    const inside = this.root.contains(document.activeElement);
    draw();
    const active = document.activeElement;
    if (inside && (!this.root.contains(active) || active.disabled)) this.root.focus({ preventScroll: true });
  }

  drawBar() {
    this.keepFocus(() => this.drawBarNow());
  }

  drawBarNow() {
    const review = this.model.get("mode") === "review";
    this.codeBtn.classList.toggle("ia-on", !review);
    this.reviewBtn.classList.toggle("ia-on", review);
    const p = this.model.get("progress") || {};
    this.progressEl.textContent = review ? `Reviewed ${p.reviewed || 0} · left ${p.left || 0}` : "";
    const h = this.model.get("history") || {};
    this.undoBtn.disabled = !h.undo;
    this.undoBtn.title = h.undo ? `undo (z): ${h.undo}` : "nothing to undo";
    this.redoBtn.disabled = !h.redo;
    this.redoBtn.title = h.redo ? `redo (Shift+Z): ${h.redo}` : "nothing to redo";
  }

  drawStatus() {
    const s = this.model.get("status") || {};
    this.say(s.text || "", !!s.error);
  }

  drawTree() {
    const q = this.search.value.trim().toLowerCase();
    const match = new Set(this.codes.filter((c) => !q || c.find.includes(q)).map((c) => c.id));
    const keep = new Set(match);
    for (const id of match) {
      let p = this.codeById.get(id).parent;
      while (p) { keep.add(p); p = (this.codeById.get(p) || {}).parent; }
    }
    this.visible = this.codes.filter((c) => keep.has(c.id));
    if (this.active < 0 || this.active >= this.visible.length) {
      this.active = Math.max(0, this.visible.findIndex((c) => match.has(c.id)));
    }
    this.tree.innerHTML = this.visible.map((c, i) =>
      `<div class="ia-code${i === this.active ? " ia-active" : ""}${match.has(c.id) ? "" : " ia-context"}" ` +
      `role="option" data-id="${esc(c.id)}" style="padding-left:${6 + 14 * c.depth}px" title="${esc(c.id)}">` +
      `<span class="ia-swatch" style="background:${esc(c.colour)}"></span><span>${esc(c.label)}</span>` +
      `<span class="ia-code-id">${esc(c.id)}</span>` +
      `<span class="ia-count">${this.counts.get(c.id) || ""}</span></div>`).join("");
    const act = this.tree.children[this.active];
    if (act) act.scrollIntoView({ block: "nearest" });
  }

  drawSide() {
    this.keepFocus(() => this.drawSideNow());
  }

  drawSideNow() {
    const picked = this.picked && this.codingByKey.get(this.picked);
    const stance = picked ? picked.stance : this.stance;
    for (const [s, b] of Object.entries(this.stanceBtns)) b.classList.toggle("ia-on", (stance || "none") === s);
    if (document.activeElement !== this.memoEl) this.memoEl.value = picked ? picked.memo || "" : this.memo;
    this.tree.classList.toggle("ia-armed", !!this.intent);
    this.card.replaceChildren(...this.cardContent());
  }

  cardContent() {
    const review = this.model.get("mode") === "review";
    if (review) return this.suggestionCard();
    const picked = this.picked && this.codingByKey.get(this.picked);
    if (picked) {
      return [make("div", "", `${this.label(picked.code)}`),
              make("div", "ia-hint", `${picked.stance || "no stance"} · ${picked.coder} · ${picked.origin}`),
              make("div", "ia-quote", `“${this.shorten(this.doc.slice(picked.start, picked.end))}”`),
              this.actions([["Remove (x)", "remove this coding", () => this.removePicked()],
                            ["Change code (c)", "give it another code", () => this.openPicker("recode")]])];
    }
    if (this.pending) {
      const [a, b] = this.pending;
      return [make("div", "ia-quote", `“${this.shorten(this.doc.slice(a, b))}”`),
              make("div", "ia-hint", `${a}–${b} · press c (or click a code) to code it`)];
    }
    return [make("div", "ia-hint", "Select words with the mouse (or ↑ ↓ and Shift+→), then " +
                 "press c and pick a code. Click a coding to pick it. ? lists every key.")];
  }

  suggestionCard() {
    const g = this.sugByKey.get(this.current);
    const p = this.model.get("progress") || {};
    if (!g) return [make("div", "ia-hint", `No suggestions left in this document (${p.reviewed || 0} reviewed). ` +
                                           "Press ] for the next document or r to code.")];
    const i = this.sugs.indexOf(g) + 1;
    const what = g.kind === "stance" ? `stance ${g.stance} for ${this.label(g.code)}` : this.label(g.code);
    const score = g.score !== null && g.score !== undefined ? ` · score ${g.score.toFixed(2)}` : "";
    return [make("div", "", `${i} of ${this.sugs.length} · ${g.kind}: ${what}`),
            make("div", "ia-hint", `${g.note || ""}${score}`),
            make("div", "ia-quote", `“${this.shorten(this.doc.slice(g.start, g.end))}”`),
            this.actions([["Accept (a)", "accept", () => this.decide("accept")],
                          ["Reject (x)", "reject", () => this.decide("reject")],
                          ["Change (c)", "accept with another code", () => this.openPicker("change")]])];
  }

  actions(list) {
    const row = make("div", "ia-actions");
    row.append(...list.map(([label, title, fn]) => button(label, title, fn)));
    return row;
  }

  shorten(s) {
    return s.length > 240 ? `${s.slice(0, 237)}…` : s;
  }

  // ---------------------------------------------------------- hover
  onHover(e) {
    const seg = e.target.closest && e.target.closest(".ia-seg");
    if (!seg || (!seg.dataset.c && !seg.dataset.g)) { this.tip.hidden = true; return; }
    const rows = [];
    for (const key of (seg.dataset.c || "").split("|").filter(Boolean)) {
      const c = this.codingByKey.get(key);
      if (!c) continue;
      const colour = (this.codeById.get(c.code) || {}).colour || "#999";
      rows.push(`<div class="ia-tip-row"><span class="ia-swatch" style="background:${esc(colour)}"></span>` +
                `<span><b>${esc(this.label(c.code))}</b> · ${esc(c.stance || "no stance")} · ${esc(c.coder)}` +
                `${c.origin !== "manual" ? ` · ${esc(c.origin)}` : ""}` +
                `${c.memo ? `<div class="ia-tip-memo">${esc(c.memo)}</div>` : ""}</span></div>`);
    }
    for (const key of (seg.dataset.g || "").split("~").filter(Boolean)) {
      const g = this.sugByKey.get(key);
      if (!g) continue;
      const what = g.kind === "stance" ? `stance ${g.stance} for ${this.label(g.code)}` : this.label(g.code);
      rows.push(`<div class="ia-tip-row"><span>suggested (${esc(g.kind)}): ${esc(what)}` +
                `${g.note ? ` — ${esc(g.note)}` : ""}</span></div>`);
    }
    this.tip.innerHTML = rows.join("");
    this.tip.hidden = !rows.length;
    // relative to the widget: a notebook's cells may contain fixed positioning
    const box = this.root.getBoundingClientRect();
    const width = Math.min(380, box.width - 16);
    this.tip.style.maxWidth = `${width}px`;
    this.tip.style.left = `${Math.max(8, Math.min(e.clientX - box.left + 12, box.width - width - 8))}px`;
    this.tip.style.top = `${e.clientY - box.top + 16}px`;
  }

  // ---------------------------------------------------------- selection
  pointToCp(node, offset, isEnd) {
    const elx = node.nodeType === 1 ? node : node.parentNode;
    const textEl = elx && elx.closest ? elx.closest(".ia-text") : null;
    if (textEl && this.docEl.contains(textEl)) {
      const r = document.createRange();
      r.setStart(textEl, 0);
      r.setEnd(node, offset);
      const t = this.turns[+textEl.dataset.k];
      return this.doc.cp(this.doc.u(t.start) + r.toString().length);
    }
    const turnEl = elx && elx.closest ? elx.closest(".ia-turn") : null;
    if (turnEl && this.docEl.contains(turnEl)) {
      const k = +turnEl.dataset.k; // a speaker line: the turn's start (or the last turn's end)
      return isEnd && k > 0 ? this.turns[k - 1].end : this.turns[k].start;
    }
    if (node === this.docEl) {
      const child = this.docEl.children[offset];
      if (!child) return this.turns.length ? this.turns[this.turns.length - 1].end : 0;
      const k = +child.dataset.k;
      return isEnd && k > 0 ? this.turns[k - 1].end : this.turns[k].start;
    }
    return null;
  }

  readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const r = sel.getRangeAt(0);
    if (!this.docEl.contains(r.startContainer) || !this.docEl.contains(r.endContainer)) return;
    if (r.collapsed) { this.setPending(null); return; }
    const a = this.pointToCp(r.startContainer, r.startOffset, false);
    const b = this.pointToCp(r.endContainer, r.endOffset, true);
    this.setPending(a === null || b === null ? null : snapToWords(this.doc, a, b));
  }

  setPending(span) {
    const same = JSON.stringify(span) === JSON.stringify(this.pending);
    if (same) return;
    this.pending = span;
    if (span) this.picked = null;
    this.drawSide();
  }

  onMouseup(e) {
    this.readSelection();
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const seg = e.target.closest && e.target.closest(".ia-seg");
    if (!seg) return;
    if (this.model.get("mode") === "review" && seg.dataset.g) {
      this.current = seg.dataset.g.split("~")[0];
      this.loadSuggestions();
      return;
    }
    const keys = (seg.dataset.c || "").split("|").filter(Boolean);
    if (!keys.length) { this.pick(null); return; }
    const at = keys.indexOf(this.picked);
    this.pick(keys[(at + 1) % keys.length]);
  }

  pick(key) {
    const old = this.picked;
    this.picked = key;
    const items = [old, key].filter(Boolean).map((k) => this.codingByKey.get(k)).filter(Boolean);
    this.renderTurns(this.turnsOf(items));
    this.drawSide();
  }

  moveCaret(step) {
    if (!this.turns.length) return;
    this.caret = Math.max(0, Math.min(this.turns.length - 1, this.caret + step));
    const el = this.turnEls[this.caret];
    this.docEl.querySelectorAll(".ia-caret-turn").forEach((x) => x.classList.remove("ia-caret-turn"));
    el.classList.add("ia-caret-turn");
    el.scrollIntoView({ block: "nearest" });
    const first = el.querySelector(".ia-text").firstChild;
    const node = first && first.firstChild ? first.firstChild : el.querySelector(".ia-text");
    window.getSelection().collapse(node, 0);
    this.setPending(null);
  }

  extend(direction, granularity) {
    const sel = window.getSelection();
    if (!sel.rangeCount || !this.docEl.contains(sel.anchorNode)) this.moveCaret(0);
    sel.modify("extend", direction, granularity);
    this.readSelection();
  }

  // ---------------------------------------------------------- keys
  onKeydown(e) {
    e.stopPropagation(); // never let a key reach the notebook (x cuts a cell in command mode)
    if (e.isComposing) return;
    const field = e.target.closest && e.target.closest("input, textarea, select");
    const handled = field ? this.fieldKey(e, field) : this.key(e);
    if (handled) e.preventDefault();
  }

  fieldKey(e, field) {
    if (field === this.search) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        this.active = Math.max(0, Math.min(this.visible.length - 1, this.active + (e.key === "ArrowDown" ? 1 : -1)));
        this.drawTree();
        return true;
      }
      if (e.key === "Enter") {
        const c = this.visible[this.active];
        if (c) this.applyCode(c.id, this.intent || this.inferIntent());
        return true;
      }
    }
    if (field === this.memoEl && e.key === "Enter" && !e.shiftKey) {
      this.root.focus({ preventScroll: true }); // the memo is saved on "change"
      return true;
    }
    if (e.key === "Escape") { this.closePicker(); return true; }
    return false;
  }

  key(e) {
    const k = e.key;
    if (e.ctrlKey || e.metaKey) {
      const lower = k.toLowerCase();
      if (lower === "z" && !e.shiftKey) { this.send({ action: "undo" }); return true; }
      if ((lower === "z" && e.shiftKey) || lower === "y") { this.send({ action: "redo" }); return true; }
      return false; // Ctrl+C copies, as everywhere
    }
    if (e.altKey) return false;
    const common = {
      "?": () => this.toggleHelp(), "Escape": () => this.escape(),
      "r": () => this.setMode(this.model.get("mode") === "review" ? "code" : "review"),
      "z": () => this.send({ action: "undo" }), "Z": () => this.send({ action: "redo" }),
      "[": () => this.stepDocument(-1), "]": () => this.stepDocument(1),
    };
    if (common[k]) { common[k](); return true; }
    return this.model.get("mode") === "review" ? this.reviewKey(e) : this.codeKey(e);
  }

  codeKey(e) {
    const k = e.key;
    if (e.shiftKey && (k === "ArrowRight" || k === "ArrowLeft")) {
      this.extend(k === "ArrowRight" ? "forward" : "backward", "word"); return true;
    }
    if (e.shiftKey && (k === "ArrowDown" || k === "ArrowUp")) {
      this.extend(k === "ArrowDown" ? "forward" : "backward", "line"); return true;
    }
    if (k === "ArrowDown" || k === "ArrowUp") { this.moveCaret(k === "ArrowDown" ? 1 : -1); return true; }
    if (k in STANCE_KEYS) { this.setStance(STANCE_KEYS[k]); return true; }
    if (k === "c" || k === "Enter") {
      if (this.pending) this.openPicker("code");
      else if (this.picked) this.openPicker("recode");
      else this.say("Select some words first (drag with the mouse), then press c.", true);
      return true;
    }
    if (k === "m") { this.memoEl.focus(); return true; }
    if (k === "x" || k === "Delete" || k === "Backspace") {
      if (this.picked) this.removePicked(); else this.say("Click a coding to pick it, then press x to remove it.", true);
      return true;
    }
    return false;
  }

  reviewKey(e) {
    const k = e.key;
    const moves = { n: 1, j: 1, ArrowDown: 1, ArrowRight: 1, p: -1, k: -1, ArrowUp: -1, ArrowLeft: -1 };
    if (k in moves) { this.stepSuggestion(moves[k]); return true; }
    if (k === "a" || k === "Enter") { this.decide("accept"); return true; }
    if (k === "x" || k === "Delete" || k === "Backspace") { this.decide("reject"); return true; }
    if (k === "c") { this.openPicker("change"); return true; }
    if (k in STANCE_KEYS) { this.decide("accept", { stance: STANCE_KEYS[k] || "none" }); return true; }
    return false;
  }

  escape() {
    if (!this.help.hidden) { this.help.hidden = true; return; }
    if (this.intent) { this.closePicker(); return; }
    if (this.pending || this.picked) {
      window.getSelection().removeAllRanges();
      this.pending = null;
      this.pick(null);
      return;
    }
    if (this.model.get("mode") === "review") this.setMode("code");
  }

  // ---------------------------------------------------------- actions
  setMode(mode) {
    this.send({ action: "mode", mode });
  }

  stepDocument(step) {
    const docs = this.model.get("documents");
    const i = docs.findIndex((d) => d.id === this.model.get("document")) + step;
    if (i >= 0 && i < docs.length) this.send({ action: "document", document: docs[i].id });
    else this.say(step > 0 ? "This is the last document." : "This is the first document.");
  }

  setStance(stance) {
    const picked = this.picked && this.codingByKey.get(this.picked);
    if (picked) {
      this.send({ action: "update", coding: this.codingKey(picked), stance: stance || "none" });
    } else {
      this.stance = stance;
      this.say(`Stance for the next coding: ${stance || "none"}.`);
    }
    this.drawSide();
  }

  saveMemo() {
    const picked = this.picked && this.codingByKey.get(this.picked);
    if (picked && (picked.memo || "") !== this.memoEl.value) {
      this.send({ action: "update", coding: this.codingKey(picked), memo: this.memoEl.value });
    } else if (!picked) {
      this.memo = this.memoEl.value;
    }
  }

  codingKey(c) {
    return { start: c.start, end: c.end, code: c.code };
  }

  removePicked() {
    const c = this.picked && this.codingByKey.get(this.picked);
    if (c) this.send({ action: "remove", coding: this.codingKey(c) });
    this.picked = null;
  }

  inferIntent() {
    if (this.model.get("mode") === "review" && this.current) return "change";
    return this.pending ? "code" : null;
  }

  openPicker(intent, focus = true) {
    this.intent = intent;
    if (intent === "code" && !this.showPending) {
      this.showPending = true;
      this.renderTurns(this.turnsOf([{ start: this.pending[0], end: this.pending[1] }]));
    }
    this.drawSide();
    if (focus) { this.search.focus(); this.search.select(); }
  }

  closePicker() {
    const had = this.showPending && this.pending;
    this.intent = null;
    this.showPending = false;
    if (had) this.renderTurns(this.turnsOf([{ start: this.pending[0], end: this.pending[1] }]));
    this.search.value = "";
    this.active = -1;
    this.drawTree();
    this.drawSide();
    this.root.focus({ preventScroll: true });
  }

  applyCode(code, intent) {
    const g = this.sugByKey.get(this.current);
    const picked = this.picked && this.codingByKey.get(this.picked);
    if (intent === "change" && g) {
      this.send({ action: "accept", key: g.key, code });
    } else if (intent === "recode" && picked) {
      this.send({ action: "update", coding: this.codingKey(picked), code });
    } else if (this.pending) {
      this.send({ action: "code", start: this.pending[0], end: this.pending[1], code,
                  stance: this.stance, memo: this.memo });
      window.getSelection().removeAllRanges();
      this.pending = null;
      this.stance = null;
      this.memo = "";
    } else {
      this.say("Select some words first (drag with the mouse), then pick a code.", true);
    }
    this.closePicker();
  }

  decide(verdict, extra = {}) {
    const g = this.sugByKey.get(this.current);
    if (!g) { this.say("No suggestion to decide here.", true); return; }
    this.send({ action: verdict, key: g.key, ...extra });
  }

  stepSuggestion(step) {
    if (!this.sugs.length) return;
    const i = this.sugs.findIndex((g) => g.key === this.current);
    const next = this.sugs[Math.max(0, Math.min(this.sugs.length - 1, i + step))];
    const old = this.sugByKey.get(this.current);
    this.current = next.key;
    this.renderTurns(this.turnsOf([old, next].filter(Boolean)));
    this.drawSide();
    this.revealCurrent();
  }

  revealCurrent() {
    const g = this.sugByKey.get(this.current);
    if (g) this.scrollTo(g.start);
  }

  // Turns off screen are not laid out (content-visibility), so their heights are estimates
  // until they are drawn: scroll, let them lay out, and correct once more.
  scrollTo(offset, again = true) {
    const k = this.turns.findIndex((t) => t.end > offset);
    const el = this.turnEls && this.turnEls[k < 0 ? this.turns.length - 1 : k];
    if (!el) return;
    const seg = el.querySelector(".ia-sug-current") || el;
    const view = this.docEl.getBoundingClientRect(), r = seg.getBoundingClientRect();
    if (r.top < view.top || r.bottom > view.bottom) {
      this.docEl.scrollTop += r.top - view.top - view.height / 3;
      if (again) requestAnimationFrame(() => this.scrollTo(offset, false));
    }
  }

  toggleHelp() {
    if (this.help.hidden) {
      const keys = this.model.get("shortcuts");
      const table = (mode, title) => `<h4>${title}</h4><table>` + keys.filter((k) => k.mode === mode)
        .map((k) => `<tr><td><kbd>${esc(k.keys)}</kbd></td><td>${esc(k.action)}</td></tr>`).join("") + "</table>";
      this.help.innerHTML = "<b>Keys</b> (while the widget has the blue focus ring; click the text to focus it)" +
        table("code", "Coding") + table("review", "Review mode") + table("always", "Always") +
        "<p class='ia-hint'>Keys never reach the notebook: press Esc to close this, click outside the widget to use the notebook's shortcuts.</p>";
    }
    this.help.hidden = !this.help.hidden;
  }
}

function render({ model, el }) {
  const view = new Coder(model, el);
  return () => view.destroy();
}

export default { render };
