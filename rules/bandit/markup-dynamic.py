import markupsafe
from flask import Markup as FlaskMarkup
from markupsafe import Markup, escape

BANNER = "<b>maintenance tonight</b>"


class Html(Markup):
    pass


def cases(name, rendered, lines):
    # ruleid: markup-dynamic
    Markup(f"<b>{name}</b>")
    # ruleid: markup-dynamic
    markupsafe.Markup("<i>%s</i>" % name)
    # ruleid: markup-dynamic
    FlaskMarkup(
        "<p>{}</p>".format(name),
    )
    # ruleid: markup-dynamic
    Html("<b>" + name + "</b>")
    # ruleid: markup-dynamic
    Markup(rendered)
    # ok: markup-dynamic
    Markup("<b>{}</b>").format(name)
    # ok: markup-dynamic
    Markup("<br>").join(lines)
    # ok: markup-dynamic
    Markup(BANNER)
    # ok: markup-dynamic
    Markup()
    # ok: markup-dynamic
    escape(name)
    # ok: markup-dynamic
    Markup(f"<b>{name}</b>")  # nosec B704
    # ok: markup-dynamic
    Markup(rendered)  # noqa: S704


def _advised_fix_markup_dynamic(name):
    from markupsafe import Markup

    # fix: markup-dynamic
    return Markup("<b>{}</b>").format(name)
