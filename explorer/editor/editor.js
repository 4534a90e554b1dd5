// The explorer's SPARQL editor: YASGUI's editor (Yasqe) and results view (Yasr), from the npm
// package @zazuko/yasgui, served by the explorer itself (explorer/editor/vendor/, built at setup).
//
// It runs inside a Streamlit component iframe and never sends a query anywhere itself: Run (the
// button, or Ctrl/Cmd-Enter) hands the text to the Python side, which checks it with the console's
// read-only rules and runs it on the store with a time and row limit; the result comes back as
// SPARQL JSON (with a label column after each IRI column) and is drawn by Yasr.
(function () {
  "use strict";
  const Yasqe = window.Yasgui && window.Yasgui.Yasqe;
  const Yasr = window.Yasgui && window.Yasgui.Yasr;
  const send = (type, extra) => window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  const $ = (id) => document.getElementById(id);
  let yasqe = null, yasr = null, nonce = 0, shownResult = -1, busy = false, args = {};

  function setHeight() {
    send("streamlit:setFrameHeight", { height: Math.ceil(document.documentElement.scrollHeight) + 4 });
  }

  function setBusy(on, text) {
    busy = on;
    $("run").disabled = on;
    $("run").setAttribute("aria-busy", on ? "true" : "false");
    $("busy").className = on ? "busy on" : "busy";
    $("busy").textContent = text || "";
  }

  function run() {
    if (!yasqe || busy) return;
    nonce = Date.now();
    setBusy(true, args.words.running);
    send("streamlit:setComponentValue", { value: { query: yasqe.getValue(), nonce: nonce }, dataType: "json" });
  }

  function completers(prefixes, terms) {
    // prefixes: ours only (Yasqe's bundled list maps md: elsewhere); never fetched from prefix.cc
    Yasqe.registerAutocompleter(Object.assign({}, Yasqe.Autocompleters.prefixes, {
      name: "prefixes", persistenceId: null,
      get: () => Object.keys(prefixes).sort().map((p) => `${p}: <${prefixes[p]}>`),
    }), true);
    // the ontology's classes and properties (md:Mandate, md:holder, ...), from the graph, not from LOV
    Yasqe.registerAutocompleter({
      name: "mandato-terms", bulk: true, autoShow: true, persistenceId: null,
      isValidCompletionPosition: (y) => {
        const token = y.getCompleteToken();
        return /^[A-Za-z][\w-]*:[\w-]*$/.test(token.string) && token.string.indexOf("?") !== 0;
      },
      preProcessToken: (y, token) => token,
      get: () => terms,
    }, true);
    for (const name of ["classes", "properties"]) {
      if (Yasqe.Autocompleters[name]) delete Yasqe.Autocompleters[name];
    }
  }

  function setup(first) {
    const w = first.words;
    document.documentElement.lang = first.lang || "en";
    $("examples-label").textContent = w.examples;
    $("editor-label").textContent = w.editor;
    $("run").textContent = w.run;
    $("run").title = w.run_help;
    const select = $("examples");
    select.options[0].textContent = w.choose;
    for (const example of first.examples) {
      const option = document.createElement("option");
      option.value = example.slug;
      option.textContent = example.title;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      const chosen = first.examples.find((e) => e.slug === select.value);
      if (chosen && yasqe) { yasqe.setValue(chosen.text); yasqe.focus(); }
    });
    completers(first.prefixes, first.terms);
    yasqe = new Yasqe($("yasqe"), {
      value: first.query,
      persistenceId: null,
      showQueryButton: false,
      createShareableLink: null,
      resizeable: true,
      editorHeight: "300px",
      autocompleters: ["prefixes", "variables", "mandato-terms"],
      extraKeys: {
        "Ctrl-Enter": run, "Cmd-Enter": run,
        // Tab and Shift-Tab leave the editor (no keyboard trap); indentation stays on Ctrl-]/Ctrl-[
        Tab: false, "Shift-Tab": false,
      },
    });
    yasqe.query = () => { run(); return Promise.resolve(); };
    yasqe.getWrapperElement().querySelector("textarea").setAttribute("aria-label", w.editor);
    yasr = new Yasr($("yasr"), {
      persistenceId: null,
      prefixes: first.prefixes,
      pluginOrder: ["table", "response"],
      defaultPlugin: "table",
      getPlainQueryLinkToEndpoint: undefined,
    });
    $("run").addEventListener("click", run);
    new ResizeObserver(setHeight).observe(document.body);
    // relabel what Yasr draws (each change is made only once, so the observer settles)
    new MutationObserver(labelControls).observe($("yasr"), { childList: true, subtree: true });
  }

  // Yasr's controls get names for screen readers (its page-size select and filter box have none)
  function labelControls() {
    const w = args.words || {};
    // YASGUI has no translations: its visible words are replaced by the interface language's
    const words = { "Table": w.table, "Response": w.response, "Simple view": w.simple_view, "Ellipse": w.ellipse, "Page size:": w.page_size_colon };
    document.querySelectorAll(".yasr .yasr_btn span, .yasr label, .yasr .pageSizeWrapper span, .yasr .tableSizer + span, .yasr span").forEach((el) => {
      const text = el.childNodes.length === 1 && el.firstChild.nodeType === 3 ? el.textContent.trim() : null;
      if (text && words[text] && words[text] !== text) el.textContent = words[text];
    });
    document.querySelectorAll(".yasr input.tableFilter").forEach((el) => { if (w.filter) el.placeholder = w.filter; });
    document.querySelectorAll(".yasr .yasr_response_chip").forEach((el) => {
      const m = /^(\d+) results? in ([\d.]+) seconds?$/.exec(el.textContent.trim());
      const said = m && w.results ? w.results.replace("{n}", m[1]).replace("{s}", m[2]) : null;
      if (said && said !== el.textContent) el.textContent = said;
    });
    for (const [selector, word] of [[".yasr .select_table", w.table], [".yasr .select_response", w.response]]) {
      document.querySelectorAll(selector).forEach((el) => { if (word) { el.setAttribute("aria-label", word); el.title = word; } });
    }
    document.querySelectorAll(".yasr select.tableSizer").forEach((el) => el.setAttribute("aria-label", w.page_size || "Rows per page"));
    document.querySelectorAll(".yasr input.tableFilter").forEach((el) => el.setAttribute("aria-label", w.filter || "Filter"));
    document.querySelectorAll(".yasr select:not([aria-label]), .yasr input:not([aria-label]), .yasr textarea:not([aria-label])").forEach((el) => {
      if (!el.labels || !el.labels.length) el.setAttribute("aria-label", el.getAttribute("title") || el.getAttribute("placeholder") || el.name || el.type || "control");
    });
  }

  function render(event) {
    const data = event.data;
    if (!data || data.type !== "streamlit:render") return;
    args = data.args;
    if (!yasqe) setup(args);
    if (args.result_id !== shownResult) {
      shownResult = args.result_id;
      // a refused or failed query clears the previous result (the message says why)
      const result = args.result || { head: { vars: [] }, results: { bindings: [] } };
      yasr.setResponse({ data: JSON.stringify(result), contentType: "application/sparql-results+json", status: 200 }, args.elapsed || 0);
    }
    labelControls();
    if (busy && args.done === nonce) setBusy(false, args.status || "");
    else if (!busy) $("busy").textContent = args.status || "";
    setHeight();
  }

  window.addEventListener("message", render);
  send("streamlit:componentReady", { apiVersion: 1 });
})();
