from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def localized(obj: object, field: str) -> str:
    """The value of ``<field>_<language>`` for the active language, falling back to Azerbaijani."""
    language = (get_language() or "az")[:2]
    value = getattr(obj, f"{field}_{language}", "") or ""
    return value or getattr(obj, f"{field}_az", "")
