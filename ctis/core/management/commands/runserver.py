"""`ctis runserver`: Django's development server (serving static files, as
``django.contrib.staticfiles`` does), whose requests close their database connection when
they end.

The development server answers each request in a new thread. A connection kept open for
``CONN_MAX_AGE`` seconds belongs to that thread's connection handler; when the thread ends
nobody closes it, and on PostgreSQL the server ran out of connections after about 100
requests (issue 10). With an age of 0, Django closes the connection at the end of each
request. gunicorn's workers keep their threads, so there the age in the settings stays and
each worker reuses one connection (see ``DATABASES`` in ``ctis/settings.py``)."""

from django.contrib.staticfiles.management.commands.runserver import Command as StaticRunserver
from django.db import connections


class Command(StaticRunserver):
    def handle(self, *args, **options):
        for alias in connections:
            # The dictionary every thread's connection is made from.
            connections.settings[alias]["CONN_MAX_AGE"] = 0
        return super().handle(*args, **options)
