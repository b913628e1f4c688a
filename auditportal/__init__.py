"""The Safety Audit Portal generator. The folders are the stages, in the order data flows; each imports
only the stages before it and the modules at the bottom (.importlinter holds the rule, a test keeps it):

    schema/, problems.py   what each config file may say; the shape of every problem reported
    tidy.py, i18n.py       the tidy table every dataset becomes; wording and numbers per language
    records.py, cache.py   the records that travel between stages; what a build keeps between builds
    read/                  files -> checked inputs: configs, datasets, districts, strings, practices
    compute/               inputs -> a city's indicators, figures, findings, through the disclosure gate
    write/                 computed values -> the site: drawings, pages, data files, MkDocs, search, editor
    pipeline.py            runs read, compute and write, gathering every problem before anything is written
    tools/                 around the build: bench, synthetic cities, Lighthouse, site checks, serve, new-city,
                           refresh (publishers' new releases fetched and proposed for review)
"""
