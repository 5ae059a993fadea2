"""Words ctis says its own way where Django's own translation says them otherwise.

Django's Azerbaijani catalogue answers yes/no with the colloquial "hə"/"yox" (the
``yesno`` filter, the yes/no/unknown select), while ctis's own strings and the audit
history use the formal "bəli"/"xeyr" (issue 11). The project's catalogue comes first,
so these msgids, marked here so that ``make messages`` keeps them, give the formal pair
everywhere.
"""

from django.utils.translation import gettext_noop

DJANGO_WORDS = (
    gettext_noop("yes,no,maybe"),
    gettext_noop("Yes"),
    gettext_noop("No"),
)
