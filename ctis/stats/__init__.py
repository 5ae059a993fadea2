"""National statistics, the annual report to Parliament, public figures and international
reporting (issue 13).

The app only reads the other apps: each of them offers its figures for a period in its own
``statistics.py`` (``ctis.hotline.statistics``, ``ctis.cases.statistics``, …), and the
figures here put them together (``ctis.stats.figures``). What the app writes is its own:
the historical series, the population by year, the report's narrative blocks, the
releases of public tables and their suppression patterns.
"""
