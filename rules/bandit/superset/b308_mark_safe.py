from django.utils.safestring import SafeString, mark_safe


def badge(user, label):
    # ruleid: django-mark-safe -- Bandit B308
    icon = mark_safe("<i class='icon-ok'></i>")
    # ruleid: django-mark-safe -- Bandit B308, B703
    name = mark_safe(user.display_name)
    # ruleid: django-mark-safe -- Bandit B308, B703
    text = mark_safe("<b>%s</b>" % label)
    # ruleid: django-mark-safe -- Bandit B703
    raw = SafeString(user.bio)
    return icon, name, text, raw
