"""Writes of the plan module: plans and their content (``plans``), the reporting cycle
(``reporting``)."""
