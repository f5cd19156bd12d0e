from django.utils import safestring
from django.utils.safestring import mark_safe


def render(user, comment):
    html = "<p>{}</p>".format(comment)
    # ruleid: django-mark-safe -- Bandit B308, B703
    a = mark_safe(html)
    # ruleid: django-mark-safe -- Bandit B308, B703
    b = safestring.mark_safe("<p>" + user.name + "</p>")
    # ruleid: django-mark-safe -- Bandit B703
    c = safestring.SafeText(comment)
    # ruleid: django-mark-safe -- Bandit B703
    d = safestring.SafeUnicode(comment)
    # ruleid: django-mark-safe -- Bandit B703
    e = safestring.SafeBytes(comment)
    # ruleid: django-mark-safe -- Bandit B308
    f = mark_safe("<hr>")
    return a, b, c, d, e, f
