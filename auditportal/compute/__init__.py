"""Compute: a city's checked inputs in, what it publishes out.

Takes each city's inputs (records.CityInputs) and gives its CityBuild (city.py): indicator values with their
numerator and denominator, every chart, map and hotspot table once (figures.py), all through the disclosure
gate (disclosure.py), and the findings those tables support; across cities, comparisons; between editions,
what changed. Nothing here draws, words or writes a file.
"""
