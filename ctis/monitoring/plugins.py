"""How ctis.monitoring plugs into the pages and roles it shares (``ctis.core.registry``)."""


def register() -> None:
    pass
