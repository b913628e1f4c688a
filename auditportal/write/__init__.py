"""Write: the computed portal in, the site out.

Takes the Site (records.py) and gives the published folder: each figure drawn in every language (draw/),
one view per page (views/) rendered to Markdown (pages.py), the data files, API and metadata (publish.py,
metadata.py), MkDocs per language swapped in only when everything worked (site.py), search, the browser
editor, the data templates and the offline edition.
"""
