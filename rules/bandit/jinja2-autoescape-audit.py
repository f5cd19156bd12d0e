import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape


def environments(path, escape_flag, choose):
    # ruleid: jinja2-autoescape-audit
    a = Environment(loader=FileSystemLoader(path), autoescape=escape_flag)
    # ruleid: jinja2-autoescape-audit
    b = jinja2.Environment(
        loader=FileSystemLoader(path),
        autoescape=choose(path),
    )
    # ok: jinja2-autoescape-audit
    c = Environment(autoescape=True)
    # ok: jinja2-autoescape-audit
    d = Environment(autoescape=select_autoescape(["html"]))
    # ok: jinja2-autoescape-audit
    e = Environment(autoescape=jinja2.select_autoescape(["html"]))
    # ok: jinja2-autoescape-audit
    f = Environment(autoescape=escape_flag)  # nosec B701
    # ok: jinja2-autoescape-audit
    g = dict(autoescape=escape_flag)
    return a, b, c, d, e, f, g


def _advised_fix_jinja2_autoescape_audit(loader):
    # fix: jinja2-autoescape-audit
    return Environment(loader=loader, autoescape=select_autoescape(["html", "xml"]))
