"""The writes of ctis.outreach: events (``events``), public feedback (``feedback``) and the
audiences' reference table (``reference``)."""

from ctis.outreach.services.events import (
    FEEDBACK_STEPS,
    event_assess,
    event_create,
    event_feedback_step,
    event_update,
    question_add,
    question_remove,
)
from ctis.outreach.services.feedback import feedback_submit, issue_token, new_browser_id
from ctis.outreach.services.reference import audiences_load_reference

__all__ = [
    "FEEDBACK_STEPS",
    "audiences_load_reference",
    "event_assess",
    "event_create",
    "event_feedback_step",
    "event_update",
    "feedback_submit",
    "issue_token",
    "new_browser_id",
    "question_add",
    "question_remove",
]
