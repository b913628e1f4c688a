"""The Safety Audit Portal generator.

Stages, one module each, data flowing one way as plain values:
schema (read and validate the YAML files) -> sources (read datasets into tidy observations)
-> indicators, figures (charts, maps, hotspots: every figure computed once), findings
-> drawing (specs and SVGs per language) -> pages (a route table of views, rendered to
Markdown) -> publish (data files, JSON twins, API) -> site (MkDocs per language, swapped in).
"""
