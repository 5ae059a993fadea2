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
