"""Pages of notifications to the police unit and its status decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import Access, access_person
from ctis.core.confirm import confirm_page, confirmed
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.nrm import selectors, services
from ctis.nrm.forms import (
    DecisionForm,
    NotifyForm,
)
from ctis.nrm.models import (
    Notification,
)


def _notification(request, pk) -> Notification:
    """The notification if the user's agency sent or received it, else 403."""
    notification = (
        Notification.objects.select_related("person", "from_agency", "to_agency", "screening")
        .filter(pk=pk)
        .first()
    )
    mine = (
        notification is not None
        and request.user.has_perm("nrm.view_notifications")
        and (request.user.agency_id in (notification.from_agency_id, notification.to_agency_id))
    )
    if notification is None or not mine:
        raise PermissionDenied(_("There is no such notification, or you may not see it."))
    return notification


def notification_list(request):
    if not request.user.has_perm("nrm.view_notifications"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    return render(
        request,
        "nrm/notification_list.html",
        {
            "notifications": selectors.notifications_for(request.user)[:200],
            "now": timezone.now(),
        },
    )


def notification_detail(request, pk):
    notification = _notification(request, pk)
    may_decide = (
        request.user.has_perm("nrm.decide_status")
        and request.user.agency_id == notification.to_agency_id
    )
    profile = getattr(notification.person, "victim", None) if may_decide else None
    form = (
        DecisionForm(request.POST or None, forms_now=profile.forms if profile else ())
        if may_decide
        else None
    )
    if request.method == "POST":
        if not may_decide or form is None:
            raise PermissionDenied(
                _("Only the police unit decides whether a person is a victim of trafficking.")
            )
        if form.is_valid():
            try:
                services.status_decide(
                    actor=request.user,
                    person=notification.person,
                    status=form.cleaned_data["status"],
                    decided_on=form.cleaned_data["decided_on"],
                    basis=form.cleaned_data["basis"],
                    notification=notification,
                    forms=form.cleaned_data["exploitation"],
                )
            except ValidationError as error:
                add_service_errors(form, error, renamed={"forms": "exploitation"})
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(notification.person.get_absolute_url())
    return render(
        request,
        "nrm/notification_detail.html",
        {
            "notification": notification,
            "form": form,
            "may_decide": may_decide,
            "overdue": notification.is_overdue(),
            "decisions": notification.decisions.all(),
        },
    )


@require_POST
def notification_receive(request, pk):
    notification = _notification(request, pk)
    services.notification_receive(actor=request.user, notification=notification)
    messages.success(request, _("You have taken the notification up."))
    return redirect(notification.get_absolute_url())


@require_POST
@once
def notification_create(request, pk):
    """Tell the police unit of a presumed victim without a screening (e.g. met by an NGO
    whose staff do not screen)."""
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    form = NotifyForm(request.POST)
    if form.is_valid() and form.cleaned_data["note"].strip() and not confirmed(request):
        return confirm_page(
            request,
            title=_("Notify the police unit"),
            what=_(
                "The special police unit is told of this person as a presumed victim, with "
                "your note, and sees the person's record from now on. The unit has 24 hours to "
                "take the notification up."
            ),
            undone=_("This cannot be undone: a notification once sent stays sent."),
            button=_("Notify the police unit"),
            back=person.get_absolute_url(),
        )
    post_and_say(
        request,
        form,
        lambda data: services.notification_send(
            actor=request.user, person=person, note=data["note"]
        ),
        _("The police unit is notified."),
    )
    return redirect(person)
