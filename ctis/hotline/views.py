"""The hotline's pages: the call form (built for the keyboard), the caller's earlier
contacts (by POST: the number never goes in a URL), the contact list and page, and the
small forms posted from the contact page (flags, the tip to the police unit, the
override, the link to a person)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import person_by_code
from ctis.core import identifiers
from ctis.core.confirm import confirm_page, confirmed
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.core.paginator import CappedPaginator
from ctis.hotline import selectors, services
from ctis.hotline.access import access_contact, may_see_callers
from ctis.hotline.forms import (
    ContactFilterForm,
    ContactForm,
    FlagForm,
    LinkForm,
    NotifyForm,
    OverrideForm,
    TopicForm,
)
from ctis.hotline.models import NOTIFYING_OUTCOMES, CallerFlag, Contact, Recipient, Topic

CONTACTS_PER_PAGE = 50
CONTACTS_COUNT_LIMIT = 10_000


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to see this page."))


def _contact_form(request, data=None) -> ContactForm:
    form = ContactForm(data)
    form.fields["identifier"].widget.attrs["hx-post"] = reverse("hotline:caller_history")
    if not may_see_callers(request.user):
        for name in ("hx-post", "hx-trigger", "hx-target", "hx-swap"):
            form.fields["identifier"].widget.attrs.pop(name, None)
    return form


@once
def contact_new(request):
    """Record a call or message; the form comes back empty for the next one."""
    _require(request, "hotline.record_contact")
    form = _contact_form(request, request.POST or None)
    history = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_record(
                actor=request.user,
                data=services.ContactInput(
                    topics=list(data["topics"]),
                    received_at=data["received_at"],
                    channel=data["channel"],
                    language=data["language"],
                    caller_type=data["caller_type"],
                    nature=data["nature"],
                    region=data["region"],
                    outcome=data["outcome"],
                    emergency=data["emergency"],
                    follow_up_on=data["follow_up_on"],
                    notes=data["notes"],
                    identifier=data["identifier"],
                    consents=data["consents"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if contact.outcome in NOTIFYING_OUTCOMES and request.user.has_perm(
                "hotline.notify_police"
            ):
                messages.success(request, _("The contact is recorded. Now tell the police unit."))
                return redirect("hotline:contact_notify", pk=contact.pk)
            messages.success(request, _("The contact is recorded. Ready for the next call."))
            return redirect(f"{reverse('hotline:contact_new')}?last={contact.pk}")
    if request.method == "POST" and may_see_callers(request.user):
        history = _history(request, request.POST.get("identifier", ""))
    last = None
    if request.GET.get("last"):
        try:
            last = access_contact(request.user, request.GET["last"])
        except PermissionDenied:
            last = None
    return render(
        request,
        "hotline/contact_form.html",
        {"form": form, "history": history, "last": last},
    )


def _history(request, typed: str) -> dict:
    """What the caller's identifier brings up: their earlier contacts and active flags."""
    typed = (typed or "").strip()
    if not typed:
        return {"typed": False}
    try:
        found = identifiers.recognise(typed)
        services.caller_lookup_count(actor=request.user)
    except ValidationError as refused:
        return {"typed": True, "error": refused.messages[0]}
    caller = selectors.caller_by_index(found.index)
    earlier = selectors.earlier_contacts(request.user, caller)
    if earlier and caller is not None:
        services.caller_lookup_record(actor=request.user, caller=caller, shown=len(earlier))
    return {
        "typed": True,
        "caller": caller,
        "earlier": earlier,
        # a caller known only to another agency's hotline stays unknown here, flags too
        "flags": selectors.active_flags(caller) if earlier else [],
    }


@require_POST
def caller_history(request):
    """The caller's earlier contacts and flags, for the call form (htmx, by POST)."""
    if not may_see_callers(request.user):
        raise PermissionDenied(_("You do not have permission to see this page."))
    return render(
        request,
        "hotline/_caller_history.html",
        {"history": _history(request, request.POST.get("identifier", ""))},
    )


def _midnight(day, *, after: bool = False):
    zone = timezone.get_current_timezone()
    day = day + datetime.timedelta(days=1) if after else day
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def contact_list(request):
    if not (
        request.user.has_perm("hotline.view_contacts")
        or request.user.has_perm("hotline.view_all_contacts")
    ):
        if request.user.has_perm("hotline.manage_topics"):
            return redirect("hotline:topic_list")  # the administrator keeps the topics
        raise PermissionDenied(_("You do not have permission to see this page."))
    form = ContactFilterForm(request.GET or None)
    found = selectors.contacts(request.user)
    if form.is_valid():
        data = form.cleaned_data
        # ranges on the indexed time, not a date function of every row
        if data["start"]:
            found = found.filter(received_at__gte=_midnight(data["start"]))
        if data["end"]:
            found = found.filter(received_at__lt=_midnight(data["end"], after=True))
        if data["topic"]:
            found = found.filter(
                pk__in=Contact.topics.through.objects.filter(topic=data["topic"]).values(
                    "contact_id"
                )
            )
        if data["outcome"]:
            found = found.filter(outcome=data["outcome"])
    page = CappedPaginator(found, CONTACTS_PER_PAGE, limit=CONTACTS_COUNT_LIMIT).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hotline/contact_list.html",
        {
            "form": form,
            "page": page,
            "may_record": request.user.has_perm("hotline.record_contact"),
        },
    )


def contact_detail(request, pk):
    contact = access_contact(request.user, pk)
    contact = (
        Contact.objects.with_sealed()
        .select_related("agency", "operator", "person")
        .get(pk=contact.pk)
    )
    user = request.user
    callers = may_see_callers(user)
    context = {
        "contact": contact,
        "topics": list(contact.topics.order_by("position", "code")),
        "callers": callers,
        "identifiers": selectors.caller_identifiers(contact.caller) if callers else [],
        "earlier": selectors.earlier_contacts(user, contact.caller, before=contact)
        if callers
        else [],
        "flags": selectors.active_flags(contact.caller) if callers else [],
        "disclosed_to": [
            Recipient(d.recipient).label
            for d in selectors.disclosures(contact).values()
            if d.allowed
        ],
        "flag_form": FlagForm() if callers and user.has_perm("hotline.flag_callers") else None,
        "may_notify": user.has_perm("hotline.notify_police")
        and contact.outcome in NOTIFYING_OUTCOMES
        and contact.notification_id is None,
        "override_form": OverrideForm() if user.has_perm("hotline.override_consent") else None,
        "link_form": LinkForm() if user.has_perm("hotline.link_person") else None,
        "may_follow_up": user.has_perm("hotline.record_contact")
        and contact.follow_up_on is not None
        and contact.follow_up_done_at is None,
    }
    return render(request, "hotline/contact_detail.html", context)


@once
def contact_notify(request, pk):
    """Tell the special police unit of the contact's tip or presumed victim (confirmed)."""
    _require(request, "hotline.notify_police")
    contact = access_contact(request.user, pk)
    if contact.notification_id is not None:
        messages.info(request, _("The police unit has been told of this contact already."))
        return redirect(contact)
    form = NotifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Notify the police unit"),
                what=_(
                    "The special police unit is told of this contact with the call's note; a "
                    "record of the person is made for it, with the caller's number only if "
                    "the caller agreed or a supervisor overrode. The unit has 24 hours to "
                    "take the notification up."
                ),
                undone=_("This cannot be undone: a notification once sent stays sent."),
                button=_("Notify the police unit"),
                back=contact.get_absolute_url(),
            )
        try:
            services.contact_notify_police(
                actor=request.user,
                contact=contact,
                given_name=form.cleaned_data["given_name"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The police unit is notified."))
            return redirect(contact)
    disclosure = selectors.disclosures(contact)["police"]
    return render(
        request,
        "hotline/contact_notify.html",
        {"contact": contact, "form": form, "disclosure": disclosure},
    )


@require_POST
def flag_add(request, pk):
    contact = access_contact(request.user, pk)
    if contact.caller is None or not may_see_callers(request.user):
        raise PermissionDenied(_("You do not have permission to do this."))
    post_and_say(
        request,
        FlagForm(request.POST),
        lambda data: services.flag_set(
            actor=request.user,
            caller=contact.caller,
            kind=data["kind"],
            reason=data["reason"],
            until=data["until"],
        ),
        _("The caller is flagged."),
    )
    return redirect(contact)


@require_POST
def flag_remove(request, pk, flag_pk):
    contact = access_contact(request.user, pk)
    if contact.caller is None or not may_see_callers(request.user):
        raise PermissionDenied(_("You do not have permission to do this."))
    flag = get_object_or_404(CallerFlag, pk=flag_pk, caller=contact.caller)
    post_and_say(
        request,
        None,
        lambda data: services.flag_lift(actor=request.user, flag=flag),
        _("The flag is lifted."),
    )
    return redirect(contact)


@require_POST
def override_add(request, pk):
    contact = access_contact(request.user, pk)
    if not request.user.has_perm("hotline.override_consent"):
        raise PermissionDenied(
            _("Only a hotline supervisor may pass a caller's details on without consent.")
        )
    post_and_say(
        request,
        OverrideForm(request.POST),
        lambda data: services.consent_override(
            actor=request.user,
            contact=contact,
            recipient=data["recipient"],
            reason=data["reason"],
        ),
        _("The override is recorded."),
    )
    return redirect(contact)


@require_POST
def person_link(request, pk):
    contact = access_contact(request.user, pk)
    _require(request, "hotline.link_person")

    def link(data):
        person = person_by_code(request.user, data["code"].strip())
        if person is None:
            raise ValidationError(_("There is no such person, or you may not see the record."))
        try:
            services.contact_person_link(actor=request.user, contact=contact, person=person)
        except PermissionDenied as refused:
            raise ValidationError(str(refused)) from None

    post_and_say(request, LinkForm(request.POST), link, _("The contact is linked to the person."))
    return redirect(contact)


@require_POST
def follow_up_done(request, pk):
    contact = access_contact(request.user, pk)
    post_and_say(
        request,
        None,
        lambda data: services.contact_follow_up_done(actor=request.user, contact=contact),
        _("The follow-up is done."),
    )
    return redirect(contact)


def topic_list(request):
    _require(request, "hotline.manage_topics")
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The topic is saved."))
            return redirect("hotline:topic_list")
    return render(
        request,
        "hotline/topic_list.html",
        {"form": form, "topics": Topic.objects.order_by("position", "code")},
    )
