"""Read-only counts over the other apps' records, one module per part of the annual
report: ``victims`` (the unified database's victims), ``justice`` (cases, crimes,
prosecutions), ``protection`` (the referral mechanism's stays and services), ``activity``
(hotline, monitoring, outreach) and ``plan`` (the catalogue indicators). Each function
takes a ``ctis.stats.periods.Period`` and answers in a fixed number of grouped queries,
whatever the size of the data; what it returns is plain data (dicts of counts) that
``ctis.stats.figures`` assembles.

Statistics are de-identified counts: nothing here opens an identity or returns a row of a
person, so no access decision is asked (the caller's permission, ``stats.view_statistics``,
is checked by the page or command).
"""
