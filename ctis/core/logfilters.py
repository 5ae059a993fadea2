"""Logging filters."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A refused request (403: the access decision said no) is an expected answer, not a
    fault: it is logged on one line, without the traceback Django attaches to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


class TaskTracebacksStayInTheQueue(logging.Filter):
    """A failed background task is logged on one line (its id, task and state). Its
    traceback, whose text may quote what the task read, stays in the queue's table
    (``django_tasks_db``), where the administrator reads it, not in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in ("django_tasks", "django_tasks_db"):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
