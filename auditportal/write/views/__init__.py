"""One view function per page type, each building the plain data its template renders and its JSON twin
publishes: portal.py (home, text pages), city.py (overview, datasets), indicator.py (dashboard, indicator,
framework), recommendations.py (findings, tracker), compare.py, editions.py, practices.py, toolkit.py and
walks.py; common.py holds what they share."""
