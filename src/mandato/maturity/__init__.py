"""The ECLAC digital government maturity instrument: assessments, reports and suggested levels.

- instrument.py   the instrument (ontology/maturity.ttl) as Python objects
- jurisdiction.py jurisdiction codes (ISO 3166-1 alpha-3, ISO 3166-2)
- checklist.py    the checklist CSV: template and strict reader
- assessment.py   an assessment as RDF, written to data/maturity/{CODE}-{YEAR}.ttl
- profiles.py     assessments and suggestions read back from a store, averages by SPARQL
- report.py       `mandato maturity report`
- evidence.py     the graph's facts a rule may use, evaluated as of a date
- rules.py        the rule functions: evidence -> suggested level, per variable
- ruleset.py      the rule set: each variable's rule, its summary in en/es/pt, its related gap rules
- suggest.py      `mandato maturity suggest`: suggestions as RDF and text
- cli.py          the `mandato maturity` subcommands
"""

from .cli import register

__all__ = ["register"]
