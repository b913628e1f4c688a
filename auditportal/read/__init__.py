"""Read: the project's files in, checked inputs out.

Takes the project folder (portal.yml, indicators.yml, templates/strings.yml, cities/<city>/, data/,
practices/) and gives plain values: the portal's config and indicator registry (config.py), one Locale per
language (strings.py), each city's inputs (city.py: its config, districts, every dataset reshaped into the
tidy table, incident records counted by district, safety-walk participants) and the promising practices.
Every problem names its file, line or row, and field, and all of them are gathered before the build stops.
"""
