import jinja2
from django.template import Context, Template as DjangoTemplate
from flask import Flask, render_template_string, request
from jinja2 import Environment, Template
from jinja2.sandbox import SandboxedEnvironment

app = Flask(__name__)
env = Environment(autoescape=True)


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    # ruleid: template-injection
    return render_template_string(f"<h1>Hello {name}!</h1>")


@app.route("/hello2")
def hello2():
    name = request.args.get("name", "guest")
    # fix: template-injection
    return render_template_string("<h1>Hello {{ name }}!</h1>", name=name)


@app.route("/preview", methods=["POST"])
def preview():
    text = request.form["template"]
    # ruleid: template-injection
    page = Template(text).render()
    # ruleid: template-injection
    other = env.from_string(text).render()
    # ruleid: template-injection
    third = jinja2.Environment().from_string("<p>" + text).render()
    # ok: template-injection
    sandboxed = SandboxedEnvironment().from_string(text).render()
    return page + other + third + sandboxed


def django_preview(request):
    body = request.POST["body"]
    # ruleid: template-injection
    return DjangoTemplate("<div>" + body + "</div>").render(Context({}))


def static():
    # ok: template-injection
    return Template("<p>{{ x }}</p>").render(x=1)
