"""A SHACL engine that compiles shapes to SPARQL and runs them on the store.

Modules, one job each:
- `terms`: RDF terms as SPARQL text, fresh variables, RDF lists, the `Unsupported` signal;
- `propertypaths`: SHACL property paths as SPARQL property paths;
- `targets`: the focus nodes of a shape (every target kind, implicit class targets);
- `constraints`: the SHACL Core constraint components as SPARQL patterns (value type, cardinality,
  range, string, property pair, other), per value node;
- `logical`: shape conformance (sh:not/and/or/xone/node, qualified value shapes), by nesting the
  violation pattern of the referenced shape;
- `sparql_based`: SPARQL-based constraints with pre-binding semantics;
- `runner`: one query per constraint over the targets, pySHACL for any shape that cannot be
  compiled (with a notice), results in a common form.
"""

from .runner import CompiledCheck, EngineResult, Report, compile_shapes, run, run_pyshacl
from .terms import Unsupported

__all__ = ["CompiledCheck", "EngineResult", "Report", "Unsupported", "compile_shapes", "run", "run_pyshacl"]
