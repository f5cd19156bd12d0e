from mako import template
from mako.template import Template


def render(text, name):
    # ruleid: mako-template-unescaped -- Bandit B702
    page = Template(text)
    # ruleid: mako-template-unescaped -- Bandit B702
    other = template.Template("hello ${name}")
    # ruleid: mako-template-unescaped -- Bandit B702
    escaped = Template(text, default_filters=["h"])
    return page.render(name=name), other, escaped
