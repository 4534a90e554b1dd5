"""The YASGUI SPARQL editor as a Streamlit component (explorer/editor/: index.html, editor.js).

The browser part is YASGUI's editor and results view from the npm package @zazuko/yasgui, copied
into explorer/editor/vendor/ by `scripts/setup.sh` (npm ci + build); it is served by Streamlit
from this folder, so nothing is fetched from outside. The component never queries an endpoint:
it returns {"query", "nonce"} when the user presses Run, the console checks and runs the query,
and the result goes back to the component as SPARQL JSON.
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

from explorer.console import Outcome

HERE = Path(__file__).resolve().parent / "editor"
VENDOR = HERE / "vendor"
BUNDLE = VENDOR / "yasgui.min.js"

_component = None


def available() -> bool:
    """Whether the npm bundle is in place (scripts/setup.sh builds it)."""
    return BUNDLE.is_file() and (VENDOR / "yasgui.min.css").is_file()


def editor(**args):
    """Mount the editor; returns the last {"query", "nonce"} the user ran, or None."""
    global _component
    if _component is None:
        _component = components.declare_component("mandato_sparql_editor", path=str(HERE))
    return _component(**args)


def with_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """The query with a PREFIX line for each canonical prefix it uses but does not declare, so that
    the editor's checker accepts it and it runs unchanged on any other SPARQL endpoint."""
    import re

    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", text)}
    body = re.sub(r'"[^"\n]*"|<[^>\s]*>|#[^\n]*', " ", text)
    used = {m.group(1) for m in re.finditer(r"(?<![\w?$<:/.#-])([A-Za-z][\w-]*):(?=[\w-]|\s)", body)}
    missing = sorted(p for p in used if p in prefixes and p not in declared)
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in missing) + text


def sparql_json(outcome: Outcome, labels: dict[str, str]) -> dict:
    """A console outcome as SPARQL 1.1 JSON results, with a `?<var>Label` column after each IRI
    column whose IRIs have labels, as Wikidata's label service names them (labels: IRI -> label in
    the interface language)."""
    if outcome.ask is not None:
        return {"head": {}, "boolean": bool(outcome.ask)}
    variables: list[str] = []
    labelled = []
    for index, column in enumerate(outcome.columns):
        variables.append(column)
        cells = [row[index] for row in outcome.rows]
        if any(cell and cell[0] == "iri" and cell[1] in labels for cell in cells):
            variables.append(f"{column}Label")
            labelled.append(index)
    bindings = []
    for row in outcome.rows:
        binding = {}
        for index, column in enumerate(outcome.columns):
            cell = row[index]
            if cell:
                kind, value, datatype, lang = cell
                term = {"type": "uri" if kind == "iri" else kind if kind == "bnode" else "literal", "value": value}
                if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":  # plain strings shown plain
                    term["datatype"] = datatype
                if lang:
                    term["xml:lang"] = lang
                binding[column] = term
                if index in labelled and kind == "iri" and value in labels:
                    binding[f"{column}Label"] = {"type": "literal", "value": labels[value]}
        bindings.append(binding)
    return {"head": {"vars": variables}, "results": {"bindings": bindings}}
