"""The public feedback form's answers (plan 4.8.4), and the protections against a flood.

No log-in and no cache server, so each answer passes, in order:
- a honeypot field that people do not see and robots fill;
- a signed token issued with the form (``django.core.signing``), naming the event, the
  stage and the browser, with the time it was issued: a form sent sooner than
  ``MIN_FILL_SECONDS`` after it was opened, or later than ``MAX_AGE``, is refused;
- the event's state: a closed event takes no answers;
- two counters in the database (``ctis.core.throttle``, locked rows, keyed hashes), one per
  event and one per client (its address and browser name, for this event), each counted
  in its own transaction so that a refused answer still counts;
- one answer per browser and stage: a unique constraint on the keyed hash of the random
  value the browser keeps in a cookie;
- a hard cap on the answers an event takes (``HARD_CAP``).
An answer holds no personal data, so it writes no audit entry (which would keep the
client's address): the counters' first refusal of a window is logged without it.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import defaultdict
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ctis.core import bounds
from ctis.core.throttle import throttle_hit
from ctis.outreach.inputs import FeedbackInput
from ctis.outreach.keys import browser_key
from ctis.outreach.models import Event, Response, Stage

log = logging.getLogger(__name__)

SALT = "ctis.outreach.feedback"
MIN_FILL_SECONDS = 4
MAX_AGE = 6 * 3600
WINDOW = timedelta(hours=1)
CLIENT_LIMIT = 20  # answers an hour from one address and browser name, for one event
EVENT_LIMIT = 600  # answers an hour for one event, from everyone
HARD_CAP = 5000  # answers one event takes at each stage, ever
RATINGS = ("usefulness", "clarity", "relevance")
LANGUAGES = ("az", "ru", "en")


def new_browser_id() -> str:
    return secrets.token_urlsafe(18)


def issue_token(event: Event, stage: str, browser_id: str, *, at: float | None = None) -> str:
    """The signed token the form carries: the event, the stage, the browser and the time."""
    issued = int(at if at is not None else time.time())
    # The event by its public token: the form carries nothing the link does not show.
    return signing.dumps({"e": event.token, "s": stage, "b": browser_id, "t": issued}, salt=SALT)


def read_token(token: str, event: Event, stage: str) -> dict:
    """The token's contents, or the ValidationError that says the form must be opened again."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This form was opened too long ago. Open it again and send your answers."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This form is not valid. Open it again from the event's link."), code="bad_token"
        ) from None
    if (
        not isinstance(payload, dict)
        or payload.get("e") != event.token
        or payload.get("s") != stage
        or not isinstance(payload.get("b"), str)
        or not isinstance(payload.get("t"), int)
    ):
        raise ValidationError(
            _("This form is not valid. Open it again from the event's link."), code="bad_token"
        )
    return payload


def already_answered(event: Event, stage: str, browser_id: str | None) -> bool:
    if not browser_id:
        return False
    return Response.objects.filter(
        event=event, stage=stage, browser=browser_key(browser_id)
    ).exists()


def _rating(raw: str, name: str, errors: dict) -> int | None:
    if raw in ("1", "2", "3", "4", "5"):
        return int(raw)
    errors[name].append(_("Choose a rating from 1 to 5."))
    return None


def _counted(event: Event, client: str) -> None:
    """Count the answer for its client and its event; refuse past either limit. Each count
    commits on its own, so a refused answer counts too."""
    per_client = throttle_hit(
        "outreach.feedback.client", f"{event.pk}\x1f{client}", limit=CLIENT_LIMIT, window=WINDOW
    )
    if per_client.exceeded:
        if per_client.first_over:
            log.warning("feedback refused: per-client limit reached for event %s", event.pk)
        raise ValidationError(
            _("Too many answers came from this device. Try again in %(minutes)d minutes.")
            % {"minutes": per_client.minutes_left},
            code="client_limit",
        )
    per_event = throttle_hit(
        "outreach.feedback.event", str(event.pk), limit=EVENT_LIMIT, window=WINDOW
    )
    if per_event.exceeded:
        if per_event.first_over:
            log.warning("feedback refused: per-event limit reached for event %s", event.pk)
        raise ValidationError(
            _("This event has received too many answers at once. Try again in %(minutes)d minutes.")
            % {"minutes": per_event.minutes_left},
            code="event_limit",
        )


def feedback_submit(
    *, event: Event, data: FeedbackInput, client: str, now: float | None = None
) -> Response:
    """Save one participant's answers, or refuse them with a ValidationError that says why
    (nothing saved). ``client`` is ``keys.client_value(address, user agent)``."""
    if data.honeypot:
        raise ValidationError(_("Your answers could not be accepted."), code="honeypot")
    if not event.feedback_open:
        raise ValidationError(
            _("Feedback for this event is closed. Thank you for your interest."), code="closed"
        )
    if data.stage not in Stage.values or (
        data.stage == Stage.BEFORE and not event.questions.exists()
    ):
        raise ValidationError(_("This form is not valid. Open it again from the event's link."))
    payload = read_token(data.token, event, data.stage)
    elapsed = (now if now is not None else time.time()) - payload["t"]
    if elapsed < MIN_FILL_SECONDS:
        raise ValidationError(
            _("The form was sent too quickly. Read the questions, then send it again."),
            code="too_fast",
        )
    key = browser_key(payload["b"])
    if Response.objects.filter(event=event, stage=data.stage, browser=key).exists():
        raise ValidationError(_("This browser has already answered. Thank you."), code="twice")
    _counted(event, client)
    if Response.objects.filter(event=event, stage=data.stage).count() >= HARD_CAP:
        raise ValidationError(
            _("This event's form has received all the answers it takes. Thank you."),
            code="cap",
        )

    errors: dict[str, list[str]] = defaultdict(list)
    response = Response(event=event, stage=data.stage, browser=key)
    response.language = data.language if data.language in LANGUAGES else ""
    if data.stage == Stage.AFTER:
        for name in RATINGS:
            setattr(response, name, _rating(getattr(data, name), name, errors))
        response.comment = (data.comment or "").strip()
        for problem in bounds.text_problems(response.comment, bounds.NOTE):
            errors["comment"].append(problem)
    questions = list(event.questions.all())
    for question in questions:
        answer = data.answers.get(question.pk, "")
        if answer not in ("yes", "no"):
            if data.stage == Stage.BEFORE:
                errors[f"question_{question.pk}"].append(_("Choose true or false."))
            continue
        response.correct += (answer == "yes") == question.is_true
    response.asked = len(questions)
    if errors:
        raise ValidationError(dict(errors))
    try:
        with transaction.atomic():
            response.full_clean(exclude=["event"])
            response.save()
    except IntegrityError:  # the same browser's other tab, at the same moment
        raise ValidationError(
            _("This browser has already answered. Thank you."), code="twice"
        ) from None
    return response
