from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ctis.inbox.services import send_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due (deadlines near or passed), each once."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(_("Reminders sent: %(count)d") % {"count": sent})
