from django.contrib.auth.models import User

CLAUSE = "is_staff = true"


def search(request, order):
    # ruleid: django-extra-sql -- Bandit B610
    User.objects.extra(where=["username = '%s'" % request.GET["name"]])
    # ruleid: django-extra-sql -- Bandit B610
    User.objects.filter(is_active=True).extra(select={"recent": request.GET["since"]})
    # ruleid: django-extra-sql -- Bandit B610
    User.objects.extra(where=[CLAUSE])
    # ruleid: django-extra-sql -- Bandit B610
    User.objects.extra(tables=[order])
    # ruleid: django-extra-sql -- Bandit B610
    User.objects.extra(dict(flag="is_staff"))
    # ruleid: django-extra-sql -- Bandit B610
    User.objects.extra(select={"n": "%s" % "1"})
    User.objects.extra(where=["username = %s"], params=[request.GET["name"]])
