import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape


def environments(path, options):
    # ruleid: jinja2-autoescape-off -- Bandit B701
    a = Environment(loader=FileSystemLoader(path))
    # ruleid: jinja2-autoescape-off -- Bandit B701
    b = Environment(loader=FileSystemLoader(path), autoescape=False)
    # ruleid: jinja2-autoescape-off -- Bandit B701
    c = jinja2.Environment(autoescape=False)
    # ruleid: jinja2-autoescape-off -- Bandit B701
    d = Environment(**options)
    # ruleid: jinja2-autoescape-audit -- Bandit B701
    g = Environment(autoescape=options.get("autoescape"))
    e = Environment(loader=FileSystemLoader(path), autoescape=True)
    f = Environment(autoescape=select_autoescape(["html"]))
    return a, b, c, d, e, f, g
