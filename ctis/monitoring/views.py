"""Pages of monitoring: the queue, an item (its text with the signals highlighted, its
identifiers and their threads, triage, actions), the new-item form, the signals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.core.confirm import confirm_page, confirmed
from ctis.core.errors import InvalidTransition
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.core.paginator import CappedPaginator
from ctis.monitoring import selectors, services
from ctis.monitoring.access import access_item
from ctis.monitoring.forms import (
    ActionForm,
    ItemEditForm,
    ItemForm,
    QueueFilter,
    SignalForm,
    StepForm,
    lines,
)
from ctis.monitoring.inputs import ItemInput, SignalInput
from ctis.monitoring.models import Signal, TriageState
from ctis.monitoring.screen import Match, segments
from ctis.monitoring.services import TRIAGE_STEPS

STEP_BUTTONS = {
    "review": gettext_lazy("Take under review"),
    "refer": gettext_lazy("Refer to the police unit"),
    "block": gettext_lazy("Request blocking"),
    "close": gettext_lazy("Close without action"),
    "reopen": gettext_lazy("Reopen"),
}
# Steps whose effect leaves the monitoring team (an alert, a request to block): confirmed.
CONFIRMED_STEPS = {"refer", "block"}


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


@login_required
def queue(request):
    _require(request, "monitoring.view_items")
    filters = QueueFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.queue(
        request.user,
        state=chosen.get("state", ""),
        category=chosen.get("category", ""),
        platform=chosen.get("platform", ""),
    )
    page = CappedPaginator(items, 50, limit=1000).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/queue.html",
        {"filters": filters, "page": page, "items": page.object_list},
    )


def _highlighted(item) -> str:
    """The text, escaped, with each match in a ``<mark>`` that names the signals over it
    in the reader's language, with their weights."""
    text = item.text or ""
    signals = {
        s.code: s for s in Signal.objects.filter(code__in={m["signal"] for m in item.matches})
    }
    matches = [
        Match(m["signal"], m["start"], m["end"]) for m in item.matches if m["signal"] in signals
    ]
    out = []
    for piece in segments(text, matches):
        if not piece.signals:
            out.append(escape(piece.text))
            continue
        names = "; ".join(
            f"{signals[code].name} ({number_format(signals[code].weight, 2)})"
            for code in piece.signals
        )
        out.append(
            format_html(
                '<mark class="signal" data-signals="{}" title="{}">{}<span class="signal-name">{}</span></mark>',
                " ".join(piece.signals),
                names,
                piece.text,
                names,
            )
        )
    return mark_safe("".join(str(part) for part in out))  # noqa: S308 (each part escaped)


def _contact_link(contact) -> str:
    try:
        return reverse("hotline:contact_detail", args=[contact.pk])
    except NoReverseMatch:
        return ""


@login_required
def item_detail(request, pk):
    item = access_item(request.user, pk)
    signals = Signal.objects.filter(code__in={m["signal"] for m in item.matches})
    found = {s.code: s for s in signals}
    matched = [
        found[code] for code in dict.fromkeys(m["signal"] for m in item.matches) if code in found
    ]
    threads = selectors.threads(request.user, item)
    for thread in threads:
        thread.contact_links = [(c, _contact_link(c)) for c in thread.contacts]
    allowed = TRIAGE_STEPS.allowed(item, request.user)
    may_triage = request.user.has_perm("monitoring.triage_items")
    return render(
        request,
        "monitoring/item_detail.html",
        {
            "item": item,
            "highlighted": _highlighted(item) if item.text else "",
            "matched": matched,
            "threads": threads,
            "steps": [(step, STEP_BUTTONS[step]) for step in allowed],
            "step_form": StepForm(),
            "action_form": ActionForm() if may_triage else None,
            "edit_form": ItemEditForm(
                initial={
                    "language": item.language,
                    "category": item.category,
                    "version": item.version,
                }
            )
            if may_triage and not item.is_csam
            else None,
            "actions": item.actions.select_related("taken_by").all(),
            "group": item.group.members.exclude(pk=item.pk).order_by("found_on")[:20]
            if item.group_id
            else [],
            "language_code": get_language(),
        },
    )


@login_required
@once
def item_create(request):
    _require(request, "monitoring.record_items")
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(
                actor=request.user,
                data=ItemInput(
                    url=data["url"],
                    platform=data["platform"],
                    category=data["category"],
                    found_on=data["found_on"],
                    text=data["text"],
                    screenshot=data["screenshot"],
                    language=data["language"],
                    escalated_to=data["escalated_to"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if item.group_id and item.group_id != item.pk:
                messages.info(
                    request,
                    _(
                        "This is a near-copy of an item already in the queue: it joins that item's group."
                    ),
                )
            messages.success(request, _("The item is recorded and screened."))
            return redirect(item)
    return render(request, "monitoring/item_form.html", {"form": form})


@require_POST
@login_required
def item_step(request, pk, step):
    item = access_item(request.user, pk)
    if step not in STEP_BUTTONS:
        raise Http404()
    if step in CONFIRMED_STEPS and not confirmed(request):
        what = (
            _("The item is referred to the special police unit, whose staff are alerted.")
            if step == "refer"
            else _("A request to block the item is recorded.")
        )
        return confirm_page(
            request,
            title=str(STEP_BUTTONS[step]),
            what=what,
            button=str(STEP_BUTTONS[step]),
            back=item.get_absolute_url(),
        )
    form = StepForm(request.POST)
    try:
        post_and_say(
            request,
            form,
            lambda data: services.item_step(
                actor=request.user, item=item, step=step, note=data["note"], version=data["version"]
            ),
            _("The item's state is now: %(state)s.")
            % {"state": TriageState(TRIAGE_STEPS.step(step).target).label},
        )
    except InvalidTransition as error:
        messages.error(request, str(error))
    return redirect(item)


@require_POST
@login_required
def item_action(request, pk):
    item = access_item(request.user, pk)
    post_and_say(
        request,
        ActionForm(request.POST),
        lambda data: services.item_action_record(
            actor=request.user,
            item=item,
            kind=data["kind"],
            note=data["note"],
            taken_on=data["taken_on"],
        ),
        _("The action is recorded."),
    )
    return redirect(item)


@require_POST
@login_required
def item_edit(request, pk):
    item = access_item(request.user, pk)
    post_and_say(
        request,
        ItemEditForm(request.POST),
        lambda data: services.item_edit(
            actor=request.user,
            item=item,
            language_code=data["language"],
            category=data["category"],
            version=data["version"],
        ),
        _("The item is corrected."),
    )
    return redirect(item)


@login_required
def item_screenshot(request, pk):
    item = access_item(request.user, pk)
    if not item.screenshot:
        raise Http404()
    from PIL import Image

    with item.screenshot.open("rb") as stored, Image.open(stored) as image:
        kind = (image.format or "png").lower()
    return FileResponse(item.screenshot.open("rb"), content_type=f"image/{kind}")


@login_required
def signal_list(request):
    _require(request, "monitoring.manage_signals")
    return render(request, "monitoring/signal_list.html", {"signals": Signal.objects.all()})


def _signal_form(request, signal: Signal | None):
    _require(request, "monitoring.manage_signals")
    initial = None
    if signal is not None:
        initial = {
            "code": signal.code,
            "name_az": signal.name_az,
            "name_ru": signal.name_ru,
            "name_en": signal.name_en,
            "weight": signal.weight,
            "patterns": "\n".join(signal.patterns),
            "expressions": "\n".join(signal.expressions),
            "test": signal.test,
            "active": signal.active,
        }
    form = SignalForm(request.POST or None, initial=initial)
    if signal is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signal_save(
                actor=request.user,
                signal=signal,
                data=SignalInput(
                    code=signal.code if signal else data["code"],
                    name_az=data["name_az"],
                    name_ru=data["name_ru"],
                    name_en=data["name_en"],
                    weight=data["weight"],
                    patterns=lines(data["patterns"]),
                    expressions=lines(data["expressions"]),
                    test=data["test"],
                    active=data["active"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signal is saved; new items are screened with it."))
            return redirect("monitoring:signal_list")
    return render(request, "monitoring/signal_form.html", {"form": form, "signal": signal})


@login_required
@once
def signal_create(request):
    return _signal_form(request, None)


@login_required
def signal_edit(request, code):
    _require(request, "monitoring.manage_signals")
    return _signal_form(request, get_object_or_404(Signal, code=code))
