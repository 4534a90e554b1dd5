"""`mandato synth`: a municipal-scale graph generated on the real ontology, for benchmarks and tests.

The graph has the shape users reach when they catalogue the region's states and municipalities:
per country, states (md:SubnationalJurisdiction, tier:subnational) with a digital-government agency,
a state law and a strategy; per state, municipalities (tier:municipal) each with a digital-government
unit, its lead mandate and usually an enforce-standards mandate, a local ordinance (itype:regulation),
a cross-cutting solution it operates, assessments and the unit's foundation event. Subnational
jurisdictions are `id/jurisdiction/{code}`: states get ISO 3166-2-shaped codes that are marked as
synthetic (`BR-X01`), municipalities `{state}-{n}`; the parent is given by md:parentJurisdiction.
Every record's IRI begins with its jurisdiction's code (`body:BR-X01-0001-dgu`), as curated
subnational records do, so findings and queries place it in its municipality.

Gaps are injected at known rates, and integrity defects are written to a separate folder, so that a
benchmark checks its results, not only its time: manifest.json records how many findings each
injected gap rule and each injected integrity defect must produce.

Sources: a municipal catalogue cites mostly the municipality's and state's own portals. A share of the
jurisdictions (`Rates.secondary_source`, a quarter, about the share of the curated national facts that
rest on secondary pages only) cite an example.org page, which the rule table grades 5 (secondary); the
others cite a page under the host `mandato-synth.gov.<cc>` (the country's government domain, graded 2).
Neither host serves anything: everything is synthetic. Never commit generated data to data/.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .paths import DATA_DIR

ISO2 = {
    "ARG": "AR", "ATG": "AG", "BHS": "BS", "BLZ": "BZ", "BOL": "BO", "BRA": "BR", "BRB": "BB", "CHL": "CL",
    "COL": "CO", "CRI": "CR", "CUB": "CU", "DMA": "DM", "DOM": "DO", "ECU": "EC", "GRD": "GD", "GTM": "GT",
    "GUY": "GY", "HND": "HN", "HTI": "HT", "JAM": "JM", "KNA": "KN", "LCA": "LC", "MEX": "MX", "NIC": "NI",
    "PAN": "PA", "PER": "PE", "PRY": "PY", "SLV": "SV", "SUR": "SR", "TTO": "TT", "URY": "UY", "VCT": "VC",
    "VEN": "VE",
}
# rough shares of the region's municipalities (Brazil about 5,570, Mexico about 2,470, ...)
WEIGHTS = {"BRA": 5570, "MEX": 2470, "COL": 1100, "PER": 1890, "ARG": 2300, "VEN": 335, "CHL": 346, "BOL": 340, "ECU": 221, "GTM": 340}
PER_STATE = 40  # municipalities per state
TRIPLES_PER_MUNICIPALITY = 76  # measured on generated data (state records included), to size --triples
SOLUTION_TYPES = ("e-payments", "digital-notifications", "open-data-portal", "single-window", "base-registries", "government-cloud")

PREFIXES = """PREFIX aspect: <https://w3id.org/mandato/vocab/governance-aspect/>
PREFIX assessment: <https://w3id.org/mandato/id/assessment/>
PREFIX body: <https://w3id.org/mandato/id/body/>
PREFIX country: <https://w3id.org/mandato/id/country/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX event: <https://w3id.org/mandato/id/event/>
PREFIX inforce: <https://w3id.org/mandato/vocab/in-force-status/>
PREFIX itype: <https://w3id.org/mandato/vocab/instrument-type/>
PREFIX jurisdiction: <https://w3id.org/mandato/id/jurisdiction/>
PREFIX law: <https://w3id.org/mandato/id/law/>
PREFIX mandate: <https://w3id.org/mandato/id/mandate/>
PREFIX md: <https://w3id.org/mandato/ontology#>
PREFIX mtype: <https://w3id.org/mandato/vocab/mandate-type/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX orgform: <https://w3id.org/mandato/vocab/organisation-form/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX soltype: <https://w3id.org/mandato/vocab/solution-type/>
PREFIX solution: <https://w3id.org/mandato/id/solution/>
PREFIX status: <https://w3id.org/mandato/vocab/assessment-status/>
PREFIX strategy: <https://w3id.org/mandato/id/strategy/>
PREFIX tier: <https://w3id.org/mandato/vocab/governance-tier/>
PREFIX topic: <https://w3id.org/mandato/vocab/legal-topic/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

"""
RETRIEVED = '"2026-12-07"^^xsd:date'


@dataclass
class Rates:
    """Shares of records that carry an injected gap."""

    solution_without_legal_basis: float = 0.05
    solution_without_operator: float = 0.02
    lead_without_decision_power: float = 0.10
    lead_without_legal_basis: float = 0.05
    mandate_without_legal_basis: float = 0.03
    outdated_state_strategy: float = 0.10
    secondary_source: float = 0.25  # jurisdictions whose records cite only a secondary (grade 5) page
    defects_per_100k_triples: float = 5.0


@dataclass
class Counts:
    municipalities: int = 0
    states: int = 0
    lines: int = 0
    gaps: dict[str, int] = field(default_factory=dict)
    defects: dict[str, int] = field(default_factory=dict)

    def gap(self, rule: str) -> None:
        self.gaps[rule] = self.gaps.get(rule, 0) + 1


def _allocation(total: int) -> dict[str, int]:
    """Municipalities per country: the big countries by weight, at least one for every country once total allows."""
    weights = {code: WEIGHTS.get(code, 40) for code in sorted(ISO2)}
    whole = sum(weights.values())
    out = {code: int(total * w / whole) for code, w in weights.items()}
    rest = total - sum(out.values())
    for code in sorted(weights, key=lambda c: (-weights[c], c))[: max(rest, 0)]:
        out[code] += 1
    return out


def _source(*parts: str, official: bool = False) -> str:
    """A synthetic source page: under the country's government domain (grade 2) or on example.org (grade 5)."""
    if official:
        return f"<https://mandato-synth.gov.{ISO2[parts[0]].lower()}/{'/'.join(parts[1:])}>"
    return f"<https://example.org/mandato-synth/{'/'.join(parts)}>"


def _count_secondary(counts: "Counts", text: str, official: bool) -> None:
    """Every fact of a jurisdiction citing a secondary page is one SourceShape-secondaryOnly finding."""
    if not official:
        for _ in range(text.count("dct:source ")):
            counts.gap("SourceShape-secondaryOnly")


def state_code(n: int) -> str:
    """The synthetic subdivision code of the n-th state of a country (n from 1): X01..X99, then A00..W99,
    always three characters, as ISO 3166-2 subdivision codes are (the integrity shapes check it)."""
    if 1 <= n <= 99:
        return f"X{n:02d}"
    if 100 <= n < 2400:
        return f"{chr(ord('A') + n // 100 - 1)}{n % 100:02d}"
    raise UsageError(f"too many synthetic states in one country ({n}): at most 2,399")


def _state(out: list[str], iso3: str, code: str, year_start: int, counts: Counts, rates: Rates, rng: random.Random) -> None:
    slug = code.lower()
    written = len(out)
    official = rng.random() >= rates.secondary_source
    body = f"body:{code}-agency"
    law = f"law:{code}-law-2019-1"
    out.append(
        f"jurisdiction:{code} a md:SubnationalJurisdiction ; rdfs:label \"State {code}\"@es ; md:subdivisionCode \"{code}\" ; md:governanceTier tier:subnational ; "
        f"md:parentJurisdiction country:{iso3} ; dct:source {_source(iso3, code, official=official)} ; md:retrievedOn {RETRIEVED} .\n"
        f"{law} a md:LegalInstrument ; rdfs:label \"State digital government law {code}\"@es ; md:number \"{slug}-1\" ; "
        f"md:instrumentType itype:law ; md:jurisdiction jurisdiction:{code} ; md:legalTopic topic:digital-government ; "
        f"md:inForceStatus inforce:in-force ; md:dateAdopted \"2019-03-01\"^^xsd:date ; dct:source {_source(iso3, code, 'law', official=official)} ; md:retrievedOn {RETRIEVED} .\n"
        f"{body} a md:PublicOrganisation ; rdfs:label \"Digital government agency of {code}\"@es ; md:jurisdiction jurisdiction:{code} ; "
        f"md:governanceTier tier:subnational ; md:organisationForm orgform:agency ; dct:source {_source(iso3, code, 'agency', official=official)} ; md:retrievedOn {RETRIEVED} .\n"
        f"mandate:{code}-agency-lead a md:Mandate ; md:holder {body} ; md:mandateType mtype:lead-digital-government ; "
        f"md:scope jurisdiction:{code} ; md:legalBasis {law} ; md:validFrom \"2019-03-01\"^^xsd:date ; dct:source {_source(iso3, code, 'lead', official=official)} ; md:retrievedOn {RETRIEVED} .\n"
        f"mandate:{code}-agency-enforce-standards a md:Mandate ; md:holder {body} ; md:mandateType mtype:enforce-standards ; "
        f"md:legalBasis {law} ; dct:source {_source(iso3, code, 'enforce', official=official)} ; md:retrievedOn {RETRIEVED} .\n"
    )
    outdated = rng.random() < rates.outdated_state_strategy
    start = 2017 if outdated else year_start
    if outdated:
        counts.gap("StrategyShape-outdated")
    out.append(
        f"strategy:{code}-digital-{start} a md:DigitalGovernmentStrategy ; rdfs:label \"Digital strategy of {code}\"@es ; "
        f"md:jurisdiction jurisdiction:{code} ; md:periodStart \"{start}\"^^xsd:gYear ; md:periodEnd \"{start + 4}\"^^xsd:gYear ; "
        f"md:adoptedBy {law} ; md:monitoringInstrument {law} ; dct:source {_source(iso3, code, 'strategy', official=official)} ; md:retrievedOn {RETRIEVED} .\n"
    )
    _count_secondary(counts, "".join(out[written:]), official)
    counts.states += 1


def _municipality(out: list[str], iso3: str, state: str, n: int, counts: Counts, rates: Rates, rng: random.Random) -> None:
    code = f"{state}-{n:04d}"
    year = 2010 + rng.randrange(15)
    body = f"body:{code}-dgu"
    law = f"law:{code}-regulation-{year}-{rng.randrange(1, 500)}"
    soltype = SOLUTION_TYPES[rng.randrange(len(SOLUTION_TYPES))]
    solution = f"solution:{code}-{soltype}"
    written = len(out)
    official = rng.random() >= rates.secondary_source
    src = _source(iso3, code, official=official)
    decision = rng.random() >= rates.lead_without_decision_power
    lead_basis = rng.random() >= rates.lead_without_legal_basis
    operator = rng.random() >= rates.solution_without_operator
    solution_basis = rng.random() >= rates.solution_without_legal_basis
    out.append(
        f"jurisdiction:{code} a md:SubnationalJurisdiction ; rdfs:label \"Municipality {code}\"@es ; md:subdivisionCode \"{code}\" ; md:governanceTier tier:municipal ; "
        f"md:parentJurisdiction jurisdiction:{state} ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"{law} a md:LegalInstrument ; rdfs:label \"Municipal digital government ordinance {code}\"@es ; md:number \"{n}/{year}\" ; "
        f"md:instrumentType itype:regulation ; md:jurisdiction jurisdiction:{code} ; md:legalTopic topic:digital-government ; "
        f"md:inForceStatus inforce:in-force ; md:dateAdopted \"{year}-06-15\"^^xsd:date ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"{body} a md:PublicOrganisation ; rdfs:label \"Digital government unit of {code}\"@es ; md:jurisdiction jurisdiction:{code} ; "
        f"md:governanceTier tier:municipal ; md:organisationForm orgform:agency ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"mandate:{code}-dgu-lead a md:Mandate ; md:holder {body} ; md:mandateType mtype:lead-digital-government ; md:scope jurisdiction:{code} ; "
        + (f"md:legalBasis {law} ; " if lead_basis else "")
        + f"md:validFrom \"{year}-06-15\"^^xsd:date ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"event:{code}-dgu-{year}-foundation a md:Foundation ; org:resultingOrganization {body} ; md:eventDate \"{year}\"^^xsd:gYear ; "
        f"md:legalBasis {law} ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"{solution} a md:CrossCuttingSolution ; rdfs:label \"Solution {soltype} of {code}\"@es ; md:solutionType soltype:{soltype} ; "
        f"md:jurisdiction jurisdiction:{code} ; "
        + (f"md:operatedBy {body} ; " if operator else "")
        + (f"md:legalBasis {law} ; " if solution_basis else "")
        + f"md:launchDate \"{year + 1}\"^^xsd:gYear ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"assessment:{code}-soltype-{soltype} a md:Assessment ; md:jurisdiction jurisdiction:{code} ; md:aspect soltype:{soltype} ; "
        f"md:status status:present ; md:evidence {solution} ; md:asOf \"2026-12-07\"^^xsd:date ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        f"assessment:{code}-aspect-lead-body a md:Assessment ; md:jurisdiction jurisdiction:{code} ; md:aspect aspect:lead-body ; "
        f"md:status status:present ; md:evidence {body} ; md:asOf \"2026-12-07\"^^xsd:date ; dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
    )
    if decision:
        with_basis = rng.random() >= rates.mandate_without_legal_basis
        out.append(
            f"mandate:{code}-dgu-enforce-standards a md:Mandate ; md:holder {body} ; md:mandateType mtype:enforce-standards ; "
            + (f"md:legalBasis {law} ; " if with_basis else "")
            + f"dct:source {src} ; md:retrievedOn {RETRIEVED} .\n"
        )
        if not with_basis:
            counts.gap("MandateShape-legalBasis")
    else:
        counts.gap("LeadBodyShape-decisionPower")
        counts.gap("LeadBodyShape-enforceStandards")
    if not lead_basis:
        counts.gap("LeadBodyShape-legalBasis")
    if not operator:
        counts.gap("SolutionShape-operator")
    if not solution_basis:
        counts.gap("SolutionShape-legalBasis")
    _count_secondary(counts, "".join(out[written:]), official)
    counts.gap("CoverageShape-notAssessedMunicipal")  # two of the aspects are assessed: one summary finding
    counts.municipalities += 1


DEFECTS = (
    # (integrity rule that must report it, record written without the property it needs)
    ("LegalInstrumentShape-number", "law:{iso3}-regulation-2020-defect-{n} a md:LegalInstrument ; rdfs:label \"Ordinance without a number\"@es ; "
     "md:instrumentType itype:regulation ; md:jurisdiction country:{iso3} ; md:inForceStatus inforce:in-force ; md:dateAdopted \"2020-01-01\"^^xsd:date ; "
     "dct:source {src} ; md:retrievedOn " + RETRIEVED + " .\n"),
    ("MandateShape-holder", "mandate:{iso3}-defect-{n}-lead a md:Mandate ; md:mandateType mtype:coordination ; "
     "dct:source {src} ; md:retrievedOn " + RETRIEVED + " .\n"),
    ("ProvenanceShape-retrievedOn", "solution:{iso3}-defect-{n}-portal a md:CrossCuttingSolution ; rdfs:label \"Portal without a retrieval date\"@es ; "
     "md:solutionType soltype:open-data-portal ; md:jurisdiction country:{iso3} ; dct:source {src} .\n"),
)


def generate(out: Path, municipalities: int, seed: int = 1, rates: Rates | None = None) -> dict:
    """Write out/data/*.ttl (buildable), out/defects/*.ttl (integrity defects) and out/manifest.json."""
    if municipalities < 1:
        raise UsageError("synth needs at least one municipality (--jurisdictions N or --triples N)")
    rates = rates or Rates()
    rng = random.Random(seed)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{out} exists and is not empty: synth writes into a new folder")
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "defects").mkdir(exist_ok=True)
    shutil.copy(DATA_DIR / "jurisdictions.ttl", out / "data" / "jurisdictions.ttl")
    counts = Counts()
    for iso3, count in _allocation(municipalities).items():
        if not count:
            continue
        with open(out / "data" / f"{iso3}.ttl", "w", encoding="utf-8") as handle:
            handle.write(PREFIXES)
            buffer: list[str] = []
            for first in range(0, count, PER_STATE):
                state = f"{ISO2[iso3]}-{state_code(first // PER_STATE + 1)}"
                _state(buffer, iso3, state, 2021 + rng.randrange(4), counts, rates, rng)
                for n in range(1, min(PER_STATE, count - first) + 1):
                    _municipality(buffer, iso3, state, n, counts, rates, rng)
                if len(buffer) > 2000:
                    handle.write("".join(buffer))
                    buffer.clear()
            handle.write("".join(buffer))
    estimated = municipalities * TRIPLES_PER_MUNICIPALITY
    defects = max(len(DEFECTS), round(estimated * rates.defects_per_100k_triples / 100_000))
    with open(out / "defects" / "defects.ttl", "w", encoding="utf-8") as handle:
        handle.write(PREFIXES)
        codes = sorted(ISO2)
        for n in range(defects):
            rule, template = DEFECTS[n % len(DEFECTS)]
            iso3 = codes[n % len(codes)]
            handle.write(template.format(iso3=iso3, n=n // len(DEFECTS), src=_source(iso3, "defect", str(n))))
            counts.defects[rule] = counts.defects.get(rule, 0) + 1
    manifest = {
        "seed": seed,
        "municipalities": counts.municipalities,
        "states": counts.states,
        "rates": rates.__dict__,
        "expected_gap_findings": dict(sorted(counts.gaps.items())),
        "expected_integrity_violations": dict(sorted(counts.defects.items())),
        "build": "mandato build --data DIR/data --out BUILD",
        "validate": "mandato validate --data DIR/data DIR/defects",
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def municipalities_for(triples: int) -> int:
    return max(1, round(triples / TRIPLES_PER_MUNICIPALITY))


def register(sub) -> None:
    parser = sub.add_parser("synth", help="generate a municipal-scale graph (with injected gaps and defects) for benchmarks")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--triples", type=int, help="approximate number of triples to generate")
    size.add_argument("--jurisdictions", type=int, help="number of municipalities to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="new folder to write data/, defects/ and manifest.json into")
    parser.set_defaults(func=_cmd)


def _cmd(args) -> int:
    municipalities = args.jurisdictions if args.jurisdictions is not None else municipalities_for(args.triples)
    manifest = generate(Path(args.out), municipalities, args.seed)
    gaps = sum(manifest["expected_gap_findings"].values())
    defects = sum(manifest["expected_integrity_violations"].values())
    print(f"wrote {args.out}/: {manifest['municipalities']} municipalities in {manifest['states']} states, {gaps} injected gaps, {defects} integrity defects")
    return 0
