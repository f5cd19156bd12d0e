from django.contrib.auth.models import User
from django.db.models.expressions import RawSQL

BASE = "SELECT COUNT(*) FROM auth_user"


def annotate(name):
    # ruleid: django-rawsql -- Bandit B611
    User.objects.annotate(n=RawSQL("SELECT name FROM t WHERE name = '%s'" % name, []))
    # ruleid: django-rawsql -- Bandit B611
    User.objects.annotate(n=RawSQL(BASE, []))
    User.objects.annotate(n=RawSQL(sql="SELECT {} FROM t".format("id"), params=[]))
    User.objects.annotate(n=RawSQL("SELECT id FROM t WHERE name = %s", [name]))
