"""The rules that suggest ECLAC maturity levels from the graph (documented in docs/maturity.md).

One rule function per variable the graph can inform (22 of the 35; ruleset.py pairs each with its
summary and related gap rules); each reads the country's Evidence as of a date and returns a level
with the facts that justify it, or no level when the evidence is insufficient. Principles, the same
for every rule:

- a level is suggested only from facts the graph records: a fact not recorded is not evidence of
  absence; level 1 needs an assessment that found the thing absent (status absent) by that date;
- the graph records formal arrangements (bodies, mandates, legal bases, solutions), not how well they
  work, so no rule suggests level 4 (advanced): that needs an assessor;
- level 3 (intermediate, "formalized") needs the arrangement and its legal footing in force; the
  arrangement without it, or only part of it, is level 2 (emerging);
- the gap findings of the related gap rules are attached to each suggestion as they are; they never
  change the level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..namespaces import ID, scheme_ns
from ..shacl import Finding
from .evidence import Evidence

RULE_SET_VERSION = "1"
STRATEGIC_POWERS = {  # 1.1.2: coordinating and pooling; objectives and policies; resources; agreements
    "coordination": ("coordinate-key-actors", "coordination"),
    "policies and strategies": ("set-policies-and-strategies",),
    "resources and results": ("commit-resources",),
    "agreements": ("facilitate-agreements",),
}
DIRECTIVE_POWERS = {  # 1.2.2: regulatory framework; cross-cutting pillars; monitoring and auditing
    "regulatory framework": ("establish-regulatory-framework", "enforce-standards"),
    "cross-cutting pillars": ("develop-cross-cutting-pillars", "interoperability-governance", "data-governance"),
    "monitoring and auditing": ("monitor-and-audit", "mandate-external-reviews"),
}
INTEROP = {c: str(scheme_ns("interop")[c]) for c in ("organisational", "semantic", "technical")}
SOLTYPE = {c: str(scheme_ns("soltype")[c]) for c in ("interoperability-platform", "single-window", "personal-digital-file", "digital-notifications", "digital-identity", "csirt")}
TOPIC = {c: str(scheme_ns("topic")[c]) for c in ("digital-signature", "cybersecurity")}
OPERATIONAL_TYPES = ("implement-solutions", "operate-solution", "lead-digital-government")
CITIZEN_SOLUTIONS = ("digital-notifications", "e-payments", "personal-digital-file", "digital-identity")


@dataclass(frozen=True)
class Outcome:
    level: int | None
    reason: str
    facts: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


ANY = "*"


@dataclass(frozen=True)
class Gap:
    """A gap rule whose findings bear on a variable: those about the country itself or about a fact the
    rule looked at; with `values`, only findings with one of these values; with ANY, every finding of
    the rule in the country."""

    rule: str
    values: tuple[str, ...] | str | None = None

    def matches(self, finding: Finding, country: str, facts: set[str]) -> bool:
        if finding.rule != self.rule:
            return False
        if self.values == ANY:
            return True
        if self.values is not None and finding.value not in self.values:
            return False
        return finding.focus == country or finding.focus in facts or finding.value in facts


def gap(rule: str, *values: str) -> Gap:
    return Gap(rule, ANY if values == (ANY,) else (values or None))


@dataclass(frozen=True)
class Rule:
    variable: str
    summary: dict[str, str]
    gaps: tuple[Gap, ...]
    decide: Callable[[Evidence], tuple[int | None, str, list[str]]]

    @property
    def id(self) -> str:
        return f"R{self.variable}"

    def apply(self, evidence: Evidence) -> Outcome:
        level, reason, facts = self.decide(evidence)
        looked_at = set(facts)
        country = f"{ID}country/{evidence.country}"
        findings = [f for f in evidence.findings if any(g.matches(f, country, looked_at) for g in self.gaps)]
        return Outcome(level, reason, tuple(sorted(looked_at)), tuple(findings))


def short(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def _names(iris) -> str:
    return ", ".join(short(i) for i in sorted(iris))


# ------------------------------------------------------------------------------------------- area 1
def _strategic_entities(e: Evidence) -> tuple[list, list]:
    """(strategic-level mandates, decision-making co-ordination bodies) as of the date."""
    return e.mandates_of(level="strategic"), [b for b in e.coordination if b.role == "decision-making"]


def _no_strategic_tier(e: Evidence) -> bool:
    return "aspect:coordination-body" in e.absent and not _strategic_entities(e)[0]


def r111(e: Evidence):
    mandates, councils = _strategic_entities(e)
    if not mandates and not councils:
        if _no_strategic_tier(e):
            return 1, "The co-ordination body was assessed absent and no body holds a strategic-level mandate.", [e.absent["aspect:coordination-body"]]
        return None, "No body holds a strategic-level mandate and no decision-making co-ordination body is recorded.", []
    founded = [m for m in mandates if e.in_force_bases(m.bases)] + [b for b in councils if e.in_force_bases(b.bases)]
    facts = [m.iri for m in mandates] + [m.holder for m in mandates] + [b.iri for b in councils]
    if founded and e.strategies:
        bases = sorted({b for x in founded for b in e.in_force_bases(x.bases)})
        return 3, (f"A strategic governance entity ({_names({getattr(x, 'holder', x.iri) for x in founded})}) rests on an instrument in force "
                   f"({_names(bases)}) and a digital government strategy is current ({_names(s.iri for s in e.strategies)})."), \
            facts + bases + [s.iri for s in e.strategies]
    missing = "no legal basis in force is recorded for it" if not founded else "no digital government strategy is current"
    return 2, f"A strategic governance entity exists ({_names(set(m.holder for m in mandates) | {b.iri for b in councils})}) but {missing}.", facts


def r112(e: Evidence):
    mandates = e.mandates_of(level="strategic")
    held = {group: [m for m in mandates if m.type in types] for group, types in STRATEGIC_POWERS.items()}
    groups = [g for g, found in held.items() if found]
    facts = [m.iri for found in held.values() for m in found]
    if not groups:
        if _no_strategic_tier(e):
            return 1, "The co-ordination body was assessed absent and no strategic powers are recorded.", [e.absent["aspect:coordination-body"]]
        return None, "No strategic-level power (co-ordination, policies, resources, agreements) is recorded.", []
    level = 3 if len(groups) >= 3 else 2
    return level, f"Strategic powers recorded for {len(groups)} of the 4 groups of the variable: {', '.join(groups)}.", facts


def r113(e: Evidence):
    councils = [b for b in e.coordination if b.role == "decision-making"]
    advisory = [b for b in e.coordination if b.role != "decision-making"]
    if councils:
        return 3, f"A decision-making co-ordination body brings institutions together ({_names(b.iri for b in councils)}).", [b.iri for b in councils]
    if advisory:
        return 2, f"Only advisory co-ordination bodies are recorded ({_names(b.iri for b in advisory)}).", [b.iri for b in advisory]
    if "aspect:coordination-body" in e.absent:
        return 1, "The co-ordination body was assessed absent.", [e.absent["aspect:coordination-body"]]
    return None, "No co-ordination body is recorded.", []


def r114(e: Evidence):
    mandates, councils = _strategic_entities(e)
    entities = mandates + councils
    if not entities:
        return None, "No strategic governance entity is recorded, so neither is its regulatory framework.", []
    bases = sorted({b for x in entities for b in x.bases})
    in_force = e.in_force_bases(bases)
    facts = [x.iri for x in entities]
    if in_force:
        return 3, f"The strategic governance entity rests on an instrument in force ({_names(in_force)}).", facts + in_force
    if bases:
        return 2, f"The legal basis recorded for the strategic governance entity is not in force on the date ({_names(bases)}).", facts + bases
    return None, "No legal basis is recorded for the strategic governance entity.", facts


def _lead_absent(e: Evidence) -> bool:
    return "aspect:lead-body" in e.absent and not e.lead_mandates()


def r121(e: Evidence):
    leads = e.lead_mandates()
    if not leads:
        if _lead_absent(e):
            return 1, "The lead digital government body was assessed absent.", [e.absent["aspect:lead-body"]]
        return None, "No body holding the lead digital government mandate is recorded on the date.", []
    facts = [m.iri for m in leads] + [m.holder for m in leads]
    bases = sorted({b for m in leads for b in e.in_force_bases(m.bases)})
    if bases:
        return 3, f"{_names(e.lead_bodies())} holds the lead digital government mandate on a legal basis in force ({_names(bases)}).", facts + bases
    return 2, f"{_names(e.lead_bodies())} holds the lead digital government mandate, but no legal basis in force is recorded for it.", facts


def r122(e: Evidence):
    if not e.lead_mandates():
        if _lead_absent(e):
            return 1, "The lead digital government body was assessed absent, so no directive authority holds powers.", [e.absent["aspect:lead-body"]]
        return None, "No directive authority (lead body) is recorded on the date.", []
    mandates = e.mandates_of(holders=e.lead_bodies())
    held = {group: [m for m in mandates if m.type in types] for group, types in DIRECTIVE_POWERS.items()}
    groups = [g for g, found in held.items() if found]
    if not groups:
        return None, f"No directive power (regulatory framework, cross-cutting pillars, monitoring) is recorded for {_names(e.lead_bodies())}.", sorted(e.lead_bodies())
    facts = [m.iri for found in held.values() for m in found] + sorted(e.lead_bodies())
    level = 3 if len(groups) == len(DIRECTIVE_POWERS) else 2
    return level, f"{_names(e.lead_bodies())} holds powers in {len(groups)} of the 3 groups of the variable: {', '.join(groups)}.", facts


def r124(e: Evidence):
    leads = e.lead_mandates()
    if not leads:
        if _lead_absent(e):
            return 1, "The lead digital government body was assessed absent.", [e.absent["aspect:lead-body"]]
        return None, "No directive authority (lead body) is recorded on the date.", []
    bases = sorted({b for m in leads for b in m.bases})
    in_force = e.in_force_bases(bases)
    facts = [m.iri for m in leads]
    if in_force:
        return 3, f"The lead mandate rests on an instrument in force ({_names(in_force)}).", facts + in_force
    if bases:
        return 2, f"The legal basis recorded for the lead mandate is not in force on the date ({_names(bases)}).", facts + bases
    return None, "No legal basis is recorded for the lead mandate.", facts


def _operational(e: Evidence) -> list:
    return [m for m in e.mandates if m.type in OPERATIONAL_TYPES and (m.level == "operational" or m.type != "lead-digital-government")]


def _operators(e: Evidence) -> set[str]:
    return {o for s in e.solutions for o in s.operators}


def r131(e: Evidence):
    mandates = _operational(e)
    founded = [m for m in mandates if e.in_force_bases(m.bases)]
    if founded:
        bases = sorted({b for m in founded for b in e.in_force_bases(m.bases)})
        return 3, f"{_names({m.holder for m in founded})} holds an operational mandate on a legal basis in force ({_names(bases)}).", \
            [m.iri for m in founded] + [m.holder for m in founded] + bases
    if mandates:
        return 2, f"{_names({m.holder for m in mandates})} holds an operational mandate without a legal basis in force.", [m.iri for m in mandates]
    if _operators(e):
        return 2, f"Bodies operate cross-cutting solutions ({_names(_operators(e))}) but none holds an operational governance mandate.", sorted(_operators(e))
    return None, "No operational mandate and no operator of a cross-cutting solution is recorded.", []


def r132(e: Evidence):
    mandates = [m for m in _operational(e) if m.type != "lead-digital-government"] or _operational(e)
    holders = {m.holder for m in mandates}
    run = {s.type for s in e.solutions if set(s.operators) & holders}
    founded = [m for m in mandates if e.in_force_bases(m.bases)]
    facts = [m.iri for m in mandates] + [s.iri for s in e.solutions if set(s.operators) & holders]
    if founded and len(run) >= 2:
        return 3, f"{_names({m.holder for m in founded})} holds an operational mandate in force and operates {len(run)} types of cross-cutting solution.", facts
    if mandates or _operators(e):
        who = _names(holders or _operators(e))
        return 2, f"Operational powers are recorded only in part ({who}: {len(run)} solution type(s) run under an operational mandate).", facts or sorted(_operators(e))
    return None, "No operational authority is recorded.", []


def r134(e: Evidence):
    mandates = _operational(e)
    if not mandates:
        return None, "No operational mandate is recorded, so neither is its regulatory framework.", []
    bases = sorted({b for m in mandates for b in m.bases})
    in_force = e.in_force_bases(bases)
    if in_force:
        return 3, f"The operational mandate rests on an instrument in force ({_names(in_force)}).", [m.iri for m in mandates] + in_force
    if bases:
        return 2, f"The legal basis recorded for the operational mandate is not in force on the date ({_names(bases)}).", [m.iri for m in mandates] + bases
    return None, "No legal basis is recorded for the operational mandate.", [m.iri for m in mandates]


# ------------------------------------------------------------------------------------------- area 2
def _platforms(e: Evidence) -> list:
    return e.solutions_of("interoperability-platform")


def r211(e: Evidence):
    laws = e.laws_on("interoperability")
    if laws:
        return 3, f"An instrument on interoperability is in force ({_names(laws)}).", laws
    if _platforms(e):
        return 2, "An interoperability platform operates but no instrument on interoperability is in force.", [p.iri for p in _platforms(e)]
    if "topic:interoperability" in e.absent:
        return 1, "Interoperability legislation was assessed absent.", [e.absent["topic:interoperability"]]
    return None, "No instrument on interoperability and no interoperability platform is recorded.", []


def _interop_level(level: str, e: Evidence, also: list | None = None):
    platforms = _platforms(e)
    covering = [p for p in platforms if level in p.levels]
    if covering or also:
        facts = [p.iri for p in covering] + [m.iri for m in also or []]
        return 3, f"The {level} level of interoperability is covered ({_names(facts)}).", facts
    if platforms:
        return 2, f"An interoperability platform operates but does not record the {level} level.", [p.iri for p in platforms]
    if "soltype:interoperability-platform" in e.absent:
        return 1, "The interoperability platform was assessed absent.", [e.absent["soltype:interoperability-platform"]]
    return None, "No interoperability platform is recorded.", []


def r212(e: Evidence):
    return _interop_level("organisational", e, e.mandates_of("interoperability-governance"))


def r213(e: Evidence):
    return _interop_level("semantic", e)


def r214(e: Evidence):
    platforms = _platforms(e)
    if platforms:
        return 3, f"An interoperability platform operates ({_names(p.iri for p in platforms)}).", [p.iri for p in platforms]
    if "soltype:interoperability-platform" in e.absent:
        return 1, "The interoperability platform was assessed absent.", [e.absent["soltype:interoperability-platform"]]
    return None, "No interoperability platform is recorded.", []


def r221(e: Evidence):
    windows = e.solutions_of("single-window")
    if windows:
        return 3, f"A single window channels online services ({_names(s.iri for s in windows)}).", [s.iri for s in windows]
    other = e.solutions_of(*CITIZEN_SOLUTIONS)
    if other:
        return 2, f"Online solutions operate without a single window ({_names(s.iri for s in other)}).", [s.iri for s in other]
    if "soltype:single-window" in e.absent:
        return 1, "The single window was assessed absent.", [e.absent["soltype:single-window"]]
    return None, "No single window and no other online service solution is recorded.", []


def r222(e: Evidence):
    windows = e.solutions_of("single-window")
    extras = e.solutions_of("personal-digital-file", "digital-notifications")
    if windows and extras:
        return 3, "A single window operates together with a personal digital file or digital notifications.", [s.iri for s in windows + extras]
    if windows:
        return 2, "A single window operates, but no personal digital file or digital notifications are recorded.", [s.iri for s in windows]
    if "soltype:single-window" in e.absent:
        return 1, "The single window was assessed absent.", [e.absent["soltype:single-window"]]
    return None, "No single window is recorded.", []


def r223(e: Evidence):
    files = e.solutions_of("personal-digital-file")
    if files:
        return 3, f"A personal digital file operates ({_names(s.iri for s in files)}).", [s.iri for s in files]
    registries = e.solutions_of("base-registries")
    if registries:
        return 2, "Base registries operate, but no personal digital file is recorded.", [s.iri for s in registries]
    if "soltype:personal-digital-file" in e.absent:
        return 1, "The personal digital file was assessed absent.", [e.absent["soltype:personal-digital-file"]]
    return None, "No personal digital file is recorded.", []


def r224(e: Evidence):
    notices = e.solutions_of("digital-notifications")
    founded = [s for s in notices if e.in_force_bases(s.bases)]
    if founded:
        bases = sorted({b for s in founded for b in e.in_force_bases(s.bases)})
        return 3, f"Digital notifications operate on a legal basis in force ({_names(bases)}).", [s.iri for s in founded] + bases
    if notices:
        return 2, "Digital notifications operate, but no legal basis in force is recorded for them.", [s.iri for s in notices]
    if "soltype:digital-notifications" in e.absent:
        return 1, "Digital notifications (the digital domicile) were assessed absent.", [e.absent["soltype:digital-notifications"]]
    return None, "No digital notification (digital domicile) solution is recorded.", []


def r231(e: Evidence):
    ids = e.solutions_of("digital-identity")
    laws = e.laws_on("digital-identity")
    founded = [s for s in ids if e.in_force_bases(s.bases)]
    if ids and (founded or laws):
        bases = sorted({b for s in founded for b in e.in_force_bases(s.bases)} | set(laws))
        return 3, f"A digital identity operates on a legal footing in force ({_names(bases)}).", [s.iri for s in ids] + bases
    if ids or laws:
        what = "A digital identity operates without a recorded legal basis in force" if ids else "An instrument on digital identity is in force but no digital identity solution is recorded"
        return 2, what + ".", [s.iri for s in ids] + laws
    if "soltype:digital-identity" in e.absent:
        return 1, "The digital identity solution was assessed absent.", [e.absent["soltype:digital-identity"]]
    return None, "No digital identity solution or instrument is recorded.", []


def _law_and_solution(e: Evidence, topic: str, solution_types: tuple[str, ...], extra_mandates: tuple[str, ...], what: str):
    laws = e.laws_on(topic)
    solutions = e.solutions_of(*solution_types)
    mandates = e.mandates_of(*extra_mandates) if extra_mandates else []
    operating = [s.iri for s in solutions] + [m.iri for m in mandates]
    if laws and operating:
        return 3, f"An instrument on {what} is in force and {what} is operated ({_names(laws + operating)}).", laws + operating
    if laws:
        return 2, f"An instrument on {what} is in force, but no operating {what} solution is recorded.", laws
    if operating:
        return 2, f"{what.capitalize()} is operated, but no instrument on {what} is in force.", operating
    absent = [e.absent[a] for a in (f"topic:{topic}", *(f"soltype:{t}" for t in solution_types)) if a in e.absent]
    if f"topic:{topic}" in e.absent:
        return 1, f"Legislation on {what} was assessed absent and no {what} solution is recorded.", absent
    return None, f"No instrument on {what} in force and no {what} solution is recorded.", []


def r232(e: Evidence):
    return _law_and_solution(e, "digital-signature", ("digital-signature",), (), "digital signature")


def r233(e: Evidence):
    return _law_and_solution(e, "cybersecurity", ("csirt",), ("cybersecurity-incident-response",), "cybersecurity")


# ------------------------------------------------------------------------------------------- area 3
def r332(e: Evidence):
    if not e.strategies:
        return None, "No digital government strategy is current on the date.", []
    monitored = [s for s in e.strategies if s.monitoring]
    if monitored:
        return 3, "A current digital government strategy has a monitoring instrument.", [s.iri for s in monitored]
    return 2, "A digital government strategy is current, but no monitoring instrument (dashboard, indicators) is recorded.", [s.iri for s in e.strategies]
