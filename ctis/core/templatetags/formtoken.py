"""``{% form_token %}``: a creating form's one-time key (``ctis.core.formtokens``), a
built-in tag (``TEMPLATES`` in settings), placed next to ``{% csrf_token %}``."""

from django import template
from django.utils.html import format_html

from ctis.core import formtokens

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', formtokens.FIELD, formtokens.new_key()
    )
