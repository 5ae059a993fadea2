"""The pages of awareness events: the list, the form, the event page with its feedback
summary and QR code, the summaries, and the public feedback form (no log-in)."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ctis.accounts.models import Agency
from ctis.audit.middleware import AuditContextMiddleware
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say, query_int
from ctis.core.paginator import CappedPaginator
from ctis.outreach import selectors, services
from ctis.outreach.access import access_event, may_change, require_event_reader
from ctis.outreach.charts import ratings_chart, rows_chart
from ctis.outreach.forms import AssessmentForm, EventForm, FeedbackForm, QuestionForm
from ctis.outreach.keys import client_value
from ctis.outreach.models import Event, EventKind, FeedbackState, KnowledgeQuestion, Stage
from ctis.outreach.services.feedback import already_answered
from ctis.plan.models import Measure
from ctis.plan.selectors import current_plan

COOKIE = "ctis_feedback"
COOKIE_SALT = "ctis.outreach.browser"
COOKIE_AGE = 400 * 24 * 3600


def _filters(request) -> selectors.EventFilters:
    kind = request.GET.get("kind", "")
    return selectors.EventFilters(
        year=query_int(request, "year", low=2000, high=2100),
        agency_id=query_int(request, "agency"),
        measure_id=query_int(request, "measure"),
        kind=kind if kind in EventKind.values else "",
    )


def event_list(request):
    require_event_reader(request.user)
    filters = _filters(request)
    events = selectors.event_list(request.user, filters)
    page = CappedPaginator(events, 25, limit=2000).get_page(request.GET.get("page"))
    plan = current_plan()
    return render(
        request,
        "outreach/event_list.html",
        {
            "page": page,
            "filters": filters,
            "years": selectors.event_years(request.user),
            "agencies": Agency.objects.filter(organised_events__isnull=False)
            .distinct()
            .order_by("name_az"),
            "measures": Measure.objects.filter(plan=plan, events__isnull=False)
            .distinct()
            .order_by("position")
            if plan
            else [],
            "kinds": EventKind.choices,
            "can_record": request.user.has_perm("outreach.record_events")
            and request.user.agency_id is not None,
            "query": request.GET.urlencode(),
        },
    )


@once
def event_create(request):
    if not request.user.has_perm("outreach.record_events") or request.user.agency_id is None:
        raise PermissionDenied(_("Events are recorded by the organising agency's own staff."))
    form = EventForm(request.POST or None, plan=current_plan(), initial={"mode": "in_person"})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is recorded."))
            return redirect(event)
    return render(request, "outreach/event_form.html", {"form": form, "event": None})


def event_edit(request, pk: int):
    event = access_event(request.user, pk, for_change=True)
    form = EventForm(
        request.POST or None,
        plan=current_plan(),
        editing=True,
        initial=EventForm.initial_from(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user,
                event=event,
                data=form.to_input(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    return render(request, "outreach/event_form.html", {"form": form, "event": event})


def event_detail(request, pk: int):
    event = access_event(request.user, pk)
    summary = selectors.event_summary(event)
    own = may_change(request.user, event)
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "summary": summary,
            "chart": ratings_chart(summary),
            "groups": selectors.participants_by_group(event),
            "measures": event.measures.select_related("plan").order_by("position"),
            "audiences": event.audiences.all(),
            "questions": event.questions.all(),
            "own": own,
            "steps": services.FEEDBACK_STEPS.allowed(event, request.user),
            "assessment_form": AssessmentForm(initial={"assessment": event.assessment})
            if own
            else None,
            "question_form": QuestionForm() if own and event.is_training else None,
            "public_url": request.build_absolute_uri(event.public_path()),
            "before_url": request.build_absolute_uri(event.public_path() + "before/"),
        },
    )


def event_qr(request, pk: int):
    """The QR code of the public feedback link, as an SVG to print."""
    event = access_event(request.user, pk)
    buffer = io.BytesIO()
    segno.make(request.build_absolute_uri(event.public_path()), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=True, svgns=True
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="feedback-{event.pk}.svg"'
    return response


@require_POST
def event_assess(request, pk: int):
    event = access_event(request.user, pk, for_change=True)
    post_and_say(
        request,
        AssessmentForm(request.POST),
        lambda data: services.event_assess(
            actor=request.user, event=event, assessment=data["assessment"]
        ),
        _("The assessment is saved."),
    )
    return redirect(event)


@require_POST
def event_feedback_step(request, pk: int, step: str):
    event = access_event(request.user, pk, for_change=True)
    if step not in services.FEEDBACK_STEPS.steps:
        raise Http404
    done = (
        _("The event is closed for feedback.")
        if step == "close"
        else _("The event is open for feedback again.")
    )
    post_and_say(
        request,
        None,
        lambda data: services.event_feedback_step(actor=request.user, event=event, step=step),
        done,
    )
    return redirect(event)


@require_POST
def question_add(request, pk: int):
    event = access_event(request.user, pk, for_change=True)
    post_and_say(
        request,
        QuestionForm(request.POST),
        lambda data: services.question_add(
            actor=request.user, event=event, statement=data["statement"], is_true=data["is_true"]
        ),
        _("The question is added."),
    )
    return redirect(event)


@require_POST
def question_remove(request, pk: int, question_id: int):
    event = access_event(request.user, pk, for_change=True)
    question = get_object_or_404(KnowledgeQuestion, pk=question_id, event=event)
    post_and_say(
        request,
        None,
        lambda data: services.question_remove(actor=request.user, question=question),
        _("The question is removed."),
    )
    return redirect(event)


def summary(request):
    require_event_reader(request.user)
    filters = _filters(request)
    events = selectors.visible_events(request.user)
    if filters.year:
        events = events.filter(starts_on__year=filters.year)
    figures = selectors.summaries(events)
    return render(
        request,
        "outreach/summary.html",
        {
            "figures": figures,
            "filters": filters,
            "years": selectors.event_years(request.user),
            "chart": rows_chart(figures["organisers"]),
        },
    )


# The public feedback form ------------------------------------------------------------


def _browser(request) -> str | None:
    return request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)


def _client(request) -> str:
    address = AuditContextMiddleware.address(request) or ""
    return client_value(address, request.META.get("HTTP_USER_AGENT", ""))


def _public(request, template: str, event: Event | None, context: dict, status: int = 200):
    response = render(request, template, {"event": event, **context}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@never_cache
def feedback(request, token: str, stage: str = Stage.AFTER):
    """The participants' form: it shows the event's title and dates, nothing else."""
    event = Event.objects.filter(token=token).first()
    if event is None:
        return _public(request, "outreach/public_missing.html", None, {}, status=404)
    questions = list(event.questions.all())
    if stage == Stage.BEFORE and not questions:
        return _public(request, "outreach/public_missing.html", None, {}, status=404)
    browser = _browser(request)
    context = {"stage": stage, "before": stage == Stage.BEFORE}
    if event.feedback != FeedbackState.OPEN:
        context["refusal"] = _("Feedback for this event is closed. Thank you for your interest.")
        return _public(request, "outreach/public_done.html", event, context)
    if already_answered(event, stage, browser):
        context["refusal"] = _("This browser has already answered. Thank you.")
        return _public(request, "outreach/public_done.html", event, context)
    browser = browser or services.new_browser_id()
    form = FeedbackForm(request.POST or None, stage=stage, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                event=event,
                data=form.to_input((get_language() or "az")[:2]),
                client=_client(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context["thanks"] = True
            return _public(request, "outreach/public_done.html", event, context)
    token = services.issue_token(event, stage, browser)
    if request.method == "POST":  # shown again with its errors, and a fresh token
        data = request.POST.copy()
        data["token"] = token
        form.data = data
    else:
        form = FeedbackForm(stage=stage, questions=questions, initial={"token": token})
    response = _public(request, "outreach/public_form.html", event, {**context, "form": form})
    response.set_signed_cookie(
        COOKIE,
        browser,
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
        path="/outreach/f/",
    )
    return response
