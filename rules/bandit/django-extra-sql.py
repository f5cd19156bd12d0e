from django.contrib.auth.models import User

CLAUSE = "is_active"


def cases(request, name, order):
    # ruleid: django-extra-sql
    User.objects.extra(where=["username = '%s'" % name])
    # ruleid: django-extra-sql
    User.objects.filter(active=True).extra(where=[request.GET["filter"]])
    # ruleid: django-extra-sql
    User.objects.extra(
        select={"is_recent": f"date_joined > '{request.GET['since']}'"},
    )
    # ruleid: django-extra-sql
    User.objects.extra(tables=[name])
    # ok: django-extra-sql
    User.objects.extra(where=["username = %s"], params=[name])
    # ruleid: django-extra-sql -- hygiene: a constant, but not written in place
    User.objects.extra(where=[CLAUSE])
    # ruleid: django-extra-sql -- hygiene: a positional select
    User.objects.extra(dict(is_staff="is_staff"))
    # ok: django-extra-sql
    User.objects.extra(select={"is_recent": "date_joined > '2024-01-01'"})
    # ok: django-extra-sql
    User.objects.extra(where=["username = %s"], params=[name], order_by=["-date_joined"])
    # ok: django-extra-sql
    User.objects.extra(where=[name])  # nosec B610
    # ok: django-extra-sql
    User.objects.extra(where=[name])  # noqa: S610


def _advised_fix_django_extra_sql(qs, name):
    # fix: django-extra-sql
    return qs.extra(where=["name = %s"], params=[name])
