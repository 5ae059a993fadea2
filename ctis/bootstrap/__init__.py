"""Set-up and demonstration data: ``ctis setup`` and ``ctis demo``.

The top floor of the layering (see ``[tool.importlinter]`` in pyproject.toml): it may import
every app, and no app imports it, so that core stays the ground floor.
"""
