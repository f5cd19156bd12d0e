import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment


def cases(path, escape_flag, kwargs):
    # ruleid: jinja2-autoescape-off
    Environment(loader=FileSystemLoader(path))
    # ruleid: jinja2-autoescape-off
    jinja2.Environment(loader=FileSystemLoader(path), autoescape=False)
    # ok: jinja2-autoescape-off
    jinja2.Template("Hello {{ name }}")
    # ruleid: jinja2-autoescape-off
    SandboxedEnvironment(
        loader=FileSystemLoader(path),
    )
    # ok: jinja2-autoescape-off
    Environment(loader=FileSystemLoader(path), autoescape=True)
    # ok: jinja2-autoescape-off
    Environment(loader=FileSystemLoader(path), autoescape=select_autoescape(["html", "xml"]))
    # ok: jinja2-autoescape-off
    Environment(autoescape=escape_flag)
    # ruleid: jinja2-autoescape-off -- hygiene: autoescape may be in kwargs
    Environment(**kwargs)
    # ok: jinja2-autoescape-off
    Environment(loader=FileSystemLoader(path))  # nosec B701
    # ok: jinja2-autoescape-off
    Environment(loader=FileSystemLoader(path))  # noqa: S701


def _advised_fix_jinja2_autoescape_off(loader):
    from jinja2 import Environment, select_autoescape

    # fix: jinja2-autoescape-off
    return Environment(loader=loader, autoescape=select_autoescape(["html", "htm", "xml"]))
