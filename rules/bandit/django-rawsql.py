from django.db.models import RawSQL
from django.db.models.expressions import RawSQL as Raw

from app.models import Person

QUERY = "SELECT id FROM person WHERE name = %s"


def cases(name, sql):
    # ruleid: django-rawsql
    RawSQL("SELECT id FROM person WHERE name = '%s'" % name, ())
    # ruleid: django-rawsql
    Raw(sql, (name,))
    # ruleid: django-rawsql
    Person.objects.raw(
        f"SELECT * FROM person WHERE name = '{name}'",
    )
    # ok: django-rawsql
    RawSQL("SELECT id FROM person WHERE name = %s", (name,))
    # ruleid: django-rawsql -- hygiene: a constant held in a name
    Person.objects.raw(QUERY, [name])
    # ruleid: django-rawsql -- hygiene: formatting of constants
    RawSQL("SELECT %s FROM person" % "id", ())
    # ok: django-rawsql
    RawSQL(sql, ())  # nosec B611
    # ok: django-rawsql
    RawSQL(sql, ())  # noqa: S611


def _advised_fix_django_rawsql(pk):
    from django.db.models.expressions import RawSQL

    # fix: django-rawsql
    return RawSQL("SELECT col FROM t WHERE id = %s", (pk,))
