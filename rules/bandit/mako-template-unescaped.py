from mako import template
from mako.lookup import TemplateLookup
from mako.template import Template


def cases(text, directory, options):
    # ruleid: mako-template-unescaped
    Template(text)
    # ruleid: mako-template-unescaped
    template.Template(filename="page.html")
    # ruleid: mako-template-unescaped
    TemplateLookup(
        directories=[directory],
    )
    # ruleid: mako-template-unescaped -- hygiene: escaping is set
    Template(text, default_filters=["h"])
    # ruleid: mako-template-unescaped -- hygiene: escaping is set
    TemplateLookup(directories=[directory], default_filters=["h", "unicode"])
    # ruleid: mako-template-unescaped -- hygiene: escaping is set
    Template(text, **options)
    # ok: mako-template-unescaped
    Template(text)  # nosec B702
    # ok: mako-template-unescaped
    Template(text)  # noqa: S702


def _advised_fix_mako_template_unescaped(text):
    from mako.template import Template

    # fix: mako-template-unescaped
    return Template(text, default_filters=["h"])
