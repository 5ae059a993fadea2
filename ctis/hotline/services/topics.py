"""Topics: the reference list of the annual report (``ctis/hotline/data/topics.json``),
loaded by ``ctis setup``, and the administrator's additions and renames."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.core.errors import require_permission
from ctis.hotline.models import Topic

REFERENCE_TOPICS = Path(__file__).resolve().parents[1] / "data" / "topics.json"


@transaction.atomic
def topics_load_reference(*, path: Path = REFERENCE_TOPICS) -> int:
    """Add the reference topics that are missing (a renamed or retired one is left as the
    administrator left it); returns how many were added."""
    rows = json.loads(path.read_text(encoding="utf-8"))["topics"]
    have = set(Topic.objects.values_list("code", flat=True))
    added = []
    for position, row in enumerate(rows, start=1):
        if row["code"] in have:
            continue
        topic = Topic(position=position * 10, **row)
        topic.full_clean()
        added.append(topic)
    Topic.objects.bulk_create(added)
    if added:
        audit_record(
            actor=None,
            action="hotline.topics.load",
            object_type="hotline.topic",
            changes={"added": {"before": None, "after": [t.code for t in added]}},
        )
    return len(added)


@transaction.atomic
def topic_save(
    *,
    actor: User,
    code: str,
    name_az: str,
    name_ru: str,
    name_en: str,
    position: int = 100,
    active: bool = True,
) -> Topic:
    """Add a topic, or rename one (by its code)."""
    require_permission(actor, "hotline.manage_topics")
    topic = Topic.objects.filter(code=code).first() or Topic(code=code)
    created = topic.pk is None
    topic.name_az, topic.name_ru, topic.name_en = name_az.strip(), name_ru.strip(), name_en.strip()
    topic.position, topic.active = position, active
    topic.full_clean()
    topic.save()
    audit_record(
        actor=actor,
        action="hotline.topic.save",
        obj=topic,
        changes={"code": {"before": None if created else code, "after": code}},
    )
    return topic
