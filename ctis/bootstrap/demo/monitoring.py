"""Demonstration monitoring items: advertisements of the labelled test set recorded by the
monitoring officer through the services (so they are screened, their numbers indexed and
their near-copies grouped), one number shared by three of them and by the hotline's repeat
caller, and a few triaged."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ctis.accounts.models import User
from ctis.bootstrap.demo.hotline import REPEAT_CALLER
from ctis.monitoring import evaluation, services
from ctis.monitoring.inputs import ItemInput
from ctis.monitoring.models import Item

# The hotline demonstration's repeat caller asked whether a job offer in Dubai was real: the
# same number stands in three advertisements, and the item page links them to her calls.
SHARED_NUMBER = REPEAT_CALLER
PLATFORMS = ["facebook", "instagram", "telegram", "classifieds", "website", "tiktok"]


def demo_monitoring(users: dict[str, User]) -> int:
    """Record the demonstration items once; returns how many were added."""
    officer = users.get("monitoring")
    if officer is None or Item.objects.exists():
        return 0
    services.signals_load_reference()
    today = timezone.localdate()
    texts = evaluation.test_set()
    chosen = texts[:6] + texts[16:20] + texts[34:40] + texts[50:54] + texts[66:72] + texts[82:86]
    items = []
    for n, row in enumerate(chosen):
        text = row["text"]
        if n in (0, 7, 12):
            text = f"{text} Əlaqə: {SHARED_NUMBER}"
        category = {
            "job": "job_abroad",
            "study": "study_abroad",
            "marriage": "marriage",
            "escort": "escort",
        }.get(row["category"], "other")
        items.append(
            services.item_create(
                actor=officer,
                data=ItemInput(
                    url=f"https://example.org/ads/{1000 + n}",
                    platform=PLATFORMS[n % len(PLATFORMS)],
                    category=category,
                    found_on=today - datetime.timedelta(days=40 - n),
                    text=text,
                ),
            )
        )
    # A repost of the first advertisement, which joins its group.
    services.item_create(
        actor=officer,
        data=ItemInput(
            url="https://example.org/ads/repost",
            platform="instagram",
            category="job_abroad",
            found_on=today - datetime.timedelta(days=2),
            text=chosen[0]["text"] + "!!",
        ),
    )
    for item, step in ((items[1], "refer"), (items[2], "block"), (items[6], "close")):
        services.item_step(actor=officer, item=item, step="review")
        services.item_step(actor=officer, item=Item.objects.get(pk=item.pk), step=step)
    return len(items) + 1
