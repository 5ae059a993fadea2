"""The articles of the Criminal Code that criminal cases choose from."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record, diff, snapshot
from ctis.cases.models import (
    CriminalCodeArticle,
)
from ctis.core.errors import require_permission

REFERENCE_ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles.json"


ARTICLE_FIELDS = [
    "title_az",
    "title_en",
    "title_ru",
    "is_trafficking",
    "is_document_related",
    "position",
]


@transaction.atomic
def articles_load_reference(*, path: Path = REFERENCE_ARTICLES) -> int:
    """Create the Criminal Code articles the system ships with; articles administrators
    added are left alone, and a shipped article they retitled is not overwritten."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    existing = set(CriminalCodeArticle.objects.values_list("code", flat=True))
    created = []
    for row in rows:
        if row["code"] in existing:
            continue
        article = CriminalCodeArticle(code=row["code"], **{k: row[k] for k in ARTICLE_FIELDS})
        article.full_clean()
        created.append(article)
    CriminalCodeArticle.objects.bulk_create(created)
    if created:
        audit_record(
            actor=None,
            action="cases.articles.load",
            object_type="cases.criminalcodearticle",
            changes={"created": [a.code for a in created]},
        )
    return len(created)


ARTICLE_EDIT_FIELDS = [
    "title_az",
    "title_en",
    "title_ru",
    "is_trafficking",
    "is_document_related",
    "is_active",
]


@transaction.atomic
def article_save(
    *,
    actor: User,
    code: str,
    title_az: str,
    title_en: str = "",
    title_ru: str = "",
    is_trafficking: bool = False,
    is_document_related: bool = False,
    is_active: bool = True,
) -> CriminalCodeArticle:
    """Add an article of the Criminal Code to the list cases choose from, or change one.
    Articles are never deleted (cases refer to them); one no longer used is switched off."""
    require_permission(actor, "cases.manage_articles")
    code = code.strip()
    if not re.fullmatch(r"\d{1,3}(-\d{1,2})?(\.\d{1,2}){0,2}", code):
        raise ValidationError({"code": _("Write the article as in the Code, e.g. 144-1 or 243.2.")})
    article = CriminalCodeArticle.objects.select_for_update().filter(code=code).first()
    creating = article is None
    article = article or CriminalCodeArticle(code=code)
    before = snapshot(article, ARTICLE_EDIT_FIELDS) if not creating else {}
    article.title_az, article.title_en, article.title_ru = (
        title_az.strip(),
        title_en.strip(),
        title_ru.strip(),
    )
    article.is_trafficking, article.is_active = is_trafficking, is_active
    article.is_document_related = is_document_related
    if creating:
        article.position = (CriminalCodeArticle.objects.aggregate(m=Max("position"))["m"] or 0) + 1
    article.full_clean()
    article.save()
    audit_record(
        actor=actor,
        action="cases.article.create" if creating else "cases.article.update",
        obj=article,
        changes=diff(before, snapshot(article, ARTICLE_EDIT_FIELDS)),
    )
    return article
