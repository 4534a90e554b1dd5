"""Mandato explorer: a Streamlit reader of the built graph (`mandato explore`).

It never parses the sources: it reads the build through `mandato.store` (embedded pyoxigraph store, or
a remote SPARQL endpoint), the stored queries through `mandato.queries` and the gap report through
`mandato.gaps`. Entry point: explorer/app.py.
"""
