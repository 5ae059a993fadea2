"""A refused request is logged on one line, without a traceback (issue 10)."""

import logging
import sys

from ctis.core.logfilters import RefusalsWithoutTraceback


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("refused")
    except PermissionError:
        info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden", (), info
    )
    record.status_code = status
    return record


def test_a_403_loses_its_traceback_and_a_500_keeps_it():
    refusals = RefusalsWithoutTraceback()
    forbidden, error = _record(403), _record(500)
    assert refusals.filter(forbidden) and refusals.filter(error)
    assert forbidden.exc_info is None
    assert error.exc_info is not None
    assert "Traceback" not in logging.Formatter().format(forbidden)


def test_the_console_handler_carries_the_filter():
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(isinstance(f, RefusalsWithoutTraceback) for f in handler.filters)


def test_a_failed_tasks_traceback_stays_out_of_the_log():
    from ctis.core.logfilters import TaskTracebacksStayInTheQueue

    try:
        raise ValueError("a value the task read")
    except ValueError:
        info = sys.exc_info()
    task = logging.LogRecord("django_tasks", logging.ERROR, __file__, 1, "Task failed", (), info)
    other = logging.LogRecord("ctis.jobs", logging.ERROR, __file__, 1, "other", (), info)
    tracebacks = TaskTracebacksStayInTheQueue()
    assert tracebacks.filter(task) and tracebacks.filter(other)
    assert "a value the task read" not in logging.Formatter().format(task)
    assert other.exc_info is not None
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(isinstance(f, TaskTracebacksStayInTheQueue) for f in handler.filters)
