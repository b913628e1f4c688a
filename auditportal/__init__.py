"""The Safety Audit Portal generator.

Stages, one module each, data flowing one way:
config (read and validate city.yml) -> sources (read datasets into tidy
observations) -> disclosure (suppress small counts) -> indicators / findings
(compute) -> charts / maps (draw) -> pages (write Markdown) -> publish (data
files) -> site (run MkDocs per language, swap into site/).
"""
