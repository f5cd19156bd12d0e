from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils import safestring


def render(user, bio):
    # ruleid: django-mark-safe
    mark_safe(f"<b>{user.name}</b>")
    # ruleid: django-mark-safe
    safestring.mark_safe(
        "<p>" + bio + "</p>",
    )
    # ruleid: django-mark-safe
    mark_safe(bio)
    # ruleid: django-mark-safe
    safestring.SafeBytes(bio)
    # ruleid: django-mark-safe -- hygiene: constant HTML
    mark_safe("<br>")
    # ok: django-mark-safe
    format_html("<b>{}</b>", user.name)
    # ok: django-mark-safe
    mark_safe(bio)  # nosec B308
    # ok: django-mark-safe
    mark_safe(bio)  # noqa: S308


def _advised_fix_django_mark_safe(user_value):
    from django.utils.html import format_html

    # fix: django-mark-safe
    return format_html("<b>{}</b>", user_value)
