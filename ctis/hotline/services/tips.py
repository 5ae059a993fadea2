"""A tip or a presumed victim told to the special police unit (a notification of the
referral mechanism, ``ctis.nrm``), and the caller's details passed on only with the caller's
consent for that recipient or a hotline supervisor's written override."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases.inputs import ContactInput as PersonContactInput
from ctis.cases.inputs import PersonInput
from ctis.cases.services import person_create
from ctis.core.errors import require_permission
from ctis.core.identifiers import IdentifierKind
from ctis.hotline.access import may_see_contact
from ctis.hotline.models import (
    NOTIFYING_OUTCOMES,
    CallerIdentifier,
    ConsentOverride,
    Contact,
    Outcome,
    Recipient,
)
from ctis.hotline.selectors import disclosures
from ctis.nrm.services import notification_record

# How a caller's identifier becomes a contact of the person record (handles are not kept).
PERSON_CONTACT_KINDS = {IdentifierKind.PHONE: "Phone", IdentifierKind.EMAIL: "Email"}


@transaction.atomic
def consent_override(
    *, actor: User, contact: Contact, recipient: str, reason: str
) -> ConsentOverride:
    """A hotline supervisor's written decision that the caller's details go to ``recipient``
    without the caller's consent, because a life is in imminent danger (audited; the reason
    is sealed and never in the audit entry)."""
    if not actor.has_perm("hotline.override_consent"):
        raise PermissionDenied(
            _("Only a hotline supervisor may pass a caller's details on without consent.")
        )
    if not may_see_contact(actor, contact):
        raise PermissionDenied(_("There is no such contact, or you may not see it."))
    errors: dict[str, list[str]] = {}
    if recipient not in Recipient.values:
        errors["recipient"] = [_("Choose among the recipients offered.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Write why the danger is imminent: the override is kept.")]
    if errors:
        raise ValidationError(errors)
    if ConsentOverride.objects.filter(contact=contact, recipient=recipient).exists():
        raise ValidationError({"recipient": [_("This recipient has an override already.")]})
    override = ConsentOverride(
        contact=contact, recipient=recipient, reason=reason.strip(), signed_by=actor
    )
    override.full_clean()
    override.save()
    audit_record(
        actor=actor,
        action="hotline.consent.override",
        obj=contact,
        changes={"override": {"before": None, "after": recipient}},
    )
    return override


def _person_input(contact: Contact, given_name: str, with_details: bool) -> PersonInput:
    details = []
    if with_details and contact.caller_id:
        for row in CallerIdentifier.objects.with_sealed().filter(caller_id=contact.caller_id):
            if row.kind in PERSON_CONTACT_KINDS:
                details.append(PersonContactInput(PERSON_CONTACT_KINDS[row.kind], row.value))
    return PersonInput(given_name=(given_name or "").strip() or _("unknown"), contacts=details)


@transaction.atomic
def contact_notify_police(
    *, actor: User, contact: Contact, given_name: str = "", note: str = ""
) -> Contact:
    """Tell the special police unit of the contact's tip or presumed victim: a notification
    of the referral mechanism with the call's note. The person it is about is the one the
    contact is linked to, or a new record made with what the caller gave (the given name,
    and the caller's number or address only with consent for the police unit or a
    supervisor's override). Once per contact."""
    require_permission(actor, "hotline.notify_police")
    if not may_see_contact(actor, contact):
        raise PermissionDenied(_("There is no such contact, or you may not see it."))
    if contact.notification_id is not None:
        raise ValidationError(_("The police unit has been told of this contact already."))
    if contact.outcome not in NOTIFYING_OUTCOMES:
        raise ValidationError(
            {
                "outcome": _(
                    "Only a tip to the police unit or a presumed victim is notified; change "
                    "the contact's outcome first."
                )
            }
        )
    notes = Contact.objects.with_sealed().get(pk=contact.pk).notes or ""
    note = "\n\n".join(part for part in (notes.strip(), (note or "").strip()) if part)
    if not note:
        raise ValidationError({"note": _("Say why the police unit is told.")})
    with_details = disclosures(contact)[Recipient.POLICE].allowed
    person = contact.person
    if person is None:
        person = person_create(
            actor=actor,
            data=_person_input(contact, given_name, with_details),
            prefix="V",
            permission="hotline.notify_police",
        )
    notification = notification_record(actor=actor, person=person, note=note)
    contact.person = person
    contact.notification = notification
    contact.save(update_fields=["person", "notification", "updated_at"])
    audit_record(
        actor=actor,
        action="hotline.contact.notify",
        obj=contact,
        changes={
            "person": {"before": None, "after": person.code},
            "caller_details": {"before": None, "after": with_details},
        },
    )
    return contact


__all__ = ["Outcome", "consent_override", "contact_notify_police"]
