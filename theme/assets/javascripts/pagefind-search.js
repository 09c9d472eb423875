/*
 * Briefing: Material's header search, answered by Pagefind (for large sites).
 *
 * Material's search loads one index of every page before the first query; at thousands of
 * briefs that is tens of megabytes. Pagefind loads only the index chunks a query needs.
 * This script keeps Material's search box, shortcut and result list, and answers queries
 * with Pagefind: the box's keyup/input/focus events are taken in the capture phase, so
 * Material's own (empty) index never answers. Results use Material's markup and classes,
 * with highlighted excerpts and links to the matching sections of each page. A large site's
 * index comes in shards (several Pagefind bundles), merged into one search.
 */
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const MAX_RESULTS = 10;
  const MAX_SECTIONS = 3;
  let pagefind = null;
  let ticket = 0;

  function load() {
    if (!pagefind) {
      const bundle = new URL("pagefind/", base);
      pagefind = Promise.all([import(new URL("pagefind.js", bundle).href), shards(bundle)]).then(
        async ([pf, others]) => {
          const options = { baseUrl: base.pathname, excerptLength: 28 };
          await pf.options(options);
          await pf.init();
          // One query then searches every shard, results ranked together by score.
          const merged = others.map((shard) => pf.mergeIndex(new URL(shard, base).href, options));
          await Promise.all(merged);
          return pf;
        },
      );
    }
    return pagefind;
  }

  // A large site is indexed in shards (Pagefind's memory grows with the pages of one run):
  // the first bundle's entry file names the others, as paths from the site root.
  async function shards(bundle) {
    try {
      const response = await fetch(new URL("pagefind-entry.json", bundle), { cache: "no-cache" });
      const listed = response.ok ? (await response.json()).briefing_shards : null;
      return Array.isArray(listed) ? listed.filter((shard) => typeof shard === "string") : [];
    } catch {
      return []; // the first bundle still answers (Pagefind reports its own failures)
    }
  }

  const escape = (text) =>
    String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  function article(url, heading, level, excerpt, icon) {
    return (
      `<a href="${escape(url)}" class="md-search-result__link" tabindex="-1">` +
      `<article class="md-search-result__article md-typeset">` +
      (icon ? `<div class="md-search-result__icon md-icon"></div>` : "") +
      `<h${level}>${escape(heading)}</h${level}><p>${excerpt}</p></article></a>`
    );
  }

  function item(data) {
    const sections = (data.sub_results || [])
      .filter((sub) => sub.url !== data.url && sub.title)
      .slice(0, MAX_SECTIONS)
      .map((sub) => article(sub.url, sub.title, 2, sub.excerpt, false));
    const title = (data.meta && data.meta.title) || data.url;
    return (
      `<li class="md-search-result__item">` +
      article(data.url, title, 1, data.excerpt, true) +
      sections.join("") +
      `</li>`
    );
  }

  async function run(query) {
    const mine = ++ticket;
    const meta = document.querySelector(".md-search-result__meta");
    const list = document.querySelector(".md-search-result__list");
    if (!meta || !list) return;
    if (!query.trim()) {
      list.innerHTML = "";
      meta.textContent = "Type to start searching";
      return;
    }
    const pf = await load();
    const search = await pf.search(query);
    if (mine !== ticket || !search) return; // a newer query is on its way
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== ticket) return;
    const count = search.results.length;
    meta.textContent = count
      ? `${count} matching document${count === 1 ? "" : "s"}`
      : "No matching documents";
    list.innerHTML = data.map(item).join("");
  }

  const NAVIGATION_KEYS = new Set(["ArrowUp", "ArrowDown", "Enter", "Escape", "Tab"]);
  const isSearchBox = (target) =>
    target instanceof HTMLInputElement && target.classList.contains("md-search__input");

  for (const type of ["keyup", "input", "focus"]) {
    document.addEventListener(
      type,
      (event) => {
        if (!isSearchBox(event.target)) return;
        if (type === "keyup" && NAVIGATION_KEYS.has(event.key)) return; // Material's keys
        event.stopImmediatePropagation();
        if (type === "focus") {
          const toggle = document.getElementById("__search");
          if (toggle && !toggle.checked) {
            toggle.checked = true;
            toggle.dispatchEvent(new Event("change"));
          }
        }
        run(event.target.value);
      },
      true,
    );
  }
})();
